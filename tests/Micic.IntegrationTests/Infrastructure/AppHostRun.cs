using System.Diagnostics;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The AppHost's run command as a user types it, in a process of its own: its output is kept (the last lines, for
/// failure messages) and watched; disposing it sends SIGTERM, as a service manager would, and waits for it to stop
/// everything it started.
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    readonly Process _process;
    readonly Queue<string> _output = new();

    AppHostRun(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Raised for every line the AppHost prints (its own and every service's, prefixed).</summary>
    public event Action<string>? Line;

    public static AppHostRun Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppHostAssembly());
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var run = new AppHostRun(Process.Start(start)!);
        run._process.OutputDataReceived += (_, line) => run.Remember(line.Data);
        run._process.ErrorDataReceived += (_, line) => run.Remember(line.Data);
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    public async Task WaitUntilReady(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.Get(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode}:\n{RecentOutput}");
            try { return (await http.GetAsync("/health/ready")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, ready => ready, TimeSpan.FromMinutes(3), "the gateway to be ready");
    }

    /// <summary>The AppHost's last lines (every service's log, prefixed), for failure messages.</summary>
    public string RecentOutput
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
                _output.Dequeue();
        }
        Line?.Invoke(line);
    }

    /// <summary>The AppHost as built in its own folder (with its own runtime config), in this test build's configuration.</summary>
    static string AppHostAssembly()
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!; // bin/<configuration>/net10.0/
        return Path.Combine(Repository.Root, "Micic.AppHost", "bin", configuration, "net10.0", "Micic.AppHost.dll");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await _process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
