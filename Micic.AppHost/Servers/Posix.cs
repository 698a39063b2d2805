namespace Micic.AppHost.Servers;

/// <summary>The few operating-system facts the local servers need on Linux.</summary>
internal static class Posix
{
    /// <summary>.NET derives the user name from the effective uid, so this is the euid == 0 test.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// How to run a server's program: as the account Debian's package made for it when we are root (PostgreSQL refuses
    /// root, RabbitMQ's scripts expect their own account), as ourselves otherwise. setpriv execs, so the server itself
    /// receives the AppHost's signals.
    /// </summary>
    public static (string Command, string[] Arguments) AsServerAccount(string account, string program, params string[] arguments) =>
        IsRoot
            ? ("setpriv", [$"--reuid={account}", $"--regid={account}", "--init-groups", "--", program, .. arguments])
            : (program, arguments);

    /// <summary>Writes a secret readable by its owner only.</summary>
    public static void WritePrivateFile(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Writes a file only the server's account (and we) may read: it is given to that account when we are root.</summary>
    public static void WriteServerFile(string account, string path, string content)
    {
        WritePrivateFile(path, content);
        if (IsRoot)
            Command.Run("chown", [$"{account}:", path]).ThrowIfFailed("chown");
    }

    /// <summary>Creates a folder for secrets, open to its owner only (a missing parent is made as usual).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Gives a server's folder to the account the server runs as (when we are root) and checks that the account can
    /// reach it: a folder under /root, for example, is closed to it.
    /// </summary>
    public static void HandOver(string account, string directory)
    {
        if (!IsRoot)
            return;
        Command.Run("chown", ["-R", $"{account}:", directory]).ThrowIfFailed("chown");
        var (test, arguments) = AsServerAccount(account, "test", "-w", directory, "-a", "-x", directory);
        if (!Command.Run(test, arguments).Succeeded)
            throw new LaunchException(
                $"The '{account}' account, which runs the server, cannot reach {directory} (is a parent folder closed to other users?). " +
                "Choose a data folder it can reach, e.g. --data /var/tmp/micic.");
    }
}
