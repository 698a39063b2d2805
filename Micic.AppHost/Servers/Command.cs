using System.Diagnostics;

namespace Micic.AppHost;

/// <summary>Runs a short-lived program (initdb, pg_ctl, chown, apt-get) to completion and keeps its output.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken ct = default,
        Action<string>? output = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(program, arguments, workingDirectory, environment) };
        var lines = new List<string>();
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (lines)
            {
                lines.Add(e.Data);
            }
            output?.Invoke(e.Data);
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (lines)
        {
            return new CommandResult($"{program} {string.Join(' ', arguments)}", process.ExitCode, [.. lines]);
        }
    }

    public static ProcessStartInfo StartInfo(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        return info;
    }
}

internal sealed record CommandResult(string CommandLine, int ExitCode, IReadOnlyList<string> Output)
{
    public bool Succeeded => ExitCode == 0;

    public void ThrowIfFailed(string what)
    {
        if (!Succeeded)
        {
            throw new LaunchException($"{what} failed (exit code {ExitCode}): {CommandLine}{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(20))}");
        }
    }
}
