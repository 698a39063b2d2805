using System.Runtime.InteropServices;

namespace Micic.AppHost;

/// <summary>The few operating-system facts and signals the launcher needs on Linux.</summary>
internal static class Posix
{
    /// <summary>.NET derives the user name from the effective uid, so this is the euid == 0 test.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Asks a process to shut down gracefully (Process.Kill would send SIGKILL).</summary>
    public static void Terminate(int pid) => _ = kill(pid, SigTerm);

    public static void ForceKill(int pid) => _ = kill(pid, SigKill);

    public static bool IsAlive(int pid) => pid > 0 && kill(pid, 0) == 0;

    /// <summary>
    /// Prefixes a command so that it runs in its own session (Ctrl+C at the terminal reaches only the
    /// launcher, which then stops everything in order) and, when <paramref name="user"/> is given, as that user.
    /// </summary>
    public static (string Program, List<string> Arguments) Wrap(string program, IEnumerable<string> arguments, string? user = null, bool ownSession = false)
    {
        var prefix = new List<string>();
        if (ownSession && ServerBinaries.FindOnPath("setsid") is { } setsid)
        {
            // -w: if setsid has to fork, it still waits, so the pid we hold stays meaningful.
            prefix.AddRange([setsid, "-w"]);
        }
        if (user is not null)
        {
            prefix.AddRange(["runuser", "-u", user, "--"]);
        }
        if (prefix.Count == 0)
        {
            return (program, arguments.ToList());
        }
        return (prefix[0], [.. prefix.Skip(1), program, .. arguments]);
    }

    /// <summary>Writes a secret readable by its owner only.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>
    /// Gives a server's folder to the account the server runs as (when we are root) and checks that the
    /// account can reach it: a folder under /root, for example, is closed to it.
    /// </summary>
    public static async Task HandOverAsync(string user, string directory)
    {
        (await Command.RunAsync("chown", ["-R", $"{user}:", directory])).ThrowIfFailed("chown");
        var (program, arguments) = Wrap("test", ["-w", directory, "-a", "-x", directory], user);
        if (!(await Command.RunAsync(program, arguments)).Succeeded)
        {
            throw new LaunchException(
                $"The '{user}' account, which runs the server, cannot reach {directory} (is a parent folder closed to other users?). " +
                "Choose a data folder it can reach, e.g. --data /var/tmp/micic.");
        }
    }

    private const int SigKill = 9;
    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
