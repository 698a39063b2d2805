using System.Diagnostics;

namespace Micic.AppHost.Servers;

/// <summary>Runs a short-lived program (initdb, chown, apt-get) to completion and keeps its output.</summary>
internal static class Command
{
    public static CommandResult Run(string program, IEnumerable<string> arguments, Action<string>? output = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        var lines = new List<string>();
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
                return;
            lock (lines)
                lines.Add(e.Data);
            output?.Invoke(e.Data);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        lock (lines)
            return new CommandResult($"{program} {string.Join(' ', start.ArgumentList)}", process.ExitCode, [.. lines]);
    }
}

internal sealed record CommandResult(string CommandLine, int ExitCode, IReadOnlyList<string> Output)
{
    public bool Succeeded => ExitCode == 0;

    public void ThrowIfFailed(string what)
    {
        if (!Succeeded)
            throw new LaunchException($"{what} failed (exit code {ExitCode}): {CommandLine}{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(20))}");
    }
}
