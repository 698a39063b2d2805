using System.Diagnostics;
using System.Net;

namespace Micic.AppHost;

public enum ServiceState { Starting, Ready, Restarting, Stopped }

/// <summary>
/// One running instance of a .NET service: started as `dotnet &lt;dll&gt;`, its output prefixed with its name,
/// ready once GET /health/ready answers 200, restarted with back-off when it exits unexpectedly.
/// </summary>
public sealed class ServiceProcess
{
    // No proxy: an HTTP_PROXY in the environment must not intercept calls to loopback.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    // A run this long counts as healthy: the next crash starts the back-off again from one second.
    private static readonly TimeSpan StableRun = TimeSpan.FromMinutes(1);

    private readonly string _dllPath;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly int _colour;
    private readonly OutputTail _output = new(25);
    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private Process? _process;
    private Task _supervision = Task.CompletedTask;

    public ServiceProcess(string name, string dllPath, int port, IReadOnlyDictionary<string, string> environment, int colour)
    {
        Name = name;
        _dllPath = dllPath;
        Port = port;
        _environment = environment;
        _colour = colour;
    }

    public string Name { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public ServiceState State { get; private set; } = ServiceState.Starting;

    public int? Pid
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } process ? process.Id : null;
            }
        }
    }

    /// <summary>Starts the instance and returns once it is ready; crashes before then are restarted like any other.</summary>
    public async Task StartAsync(TimeSpan readyTimeout, CancellationToken ct)
    {
        _supervision = Task.Run(SuperviseAsync, CancellationToken.None);
        try
        {
            await _firstReady.Task.WaitAsync(readyTimeout, ct);
        }
        catch (TimeoutException)
        {
            throw new LaunchException(
                $"{Name} did not become ready within {readyTimeout.TotalSeconds:0} s ({Url}/health/ready). Its last lines:{Environment.NewLine}{_output}");
        }
    }

    /// <summary>SIGTERM, then up to ten seconds (less if <paramref name="force"/> fires) before the process tree is killed.</summary>
    public async Task StopAsync(CancellationToken force)
    {
        Process? process;
        lock (_gate)
        {
            _stopping.Cancel();
            process = _process;
        }
        _firstReady.TrySetCanceled();
        if (process is { HasExited: false })
        {
            Posix.Terminate(process.Id);
            try
            {
                await process.WaitForExitAsync(force).WaitAsync(GracePeriod, force);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                Log.Info($"{Name} {(force.IsCancellationRequested ? "is being forced to stop" : $"did not stop within {GracePeriod.TotalSeconds:0} s")}; killing it");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        await _supervision;
        State = ServiceState.Stopped;
    }

    private async Task SuperviseAsync()
    {
        var backOff = TimeSpan.FromSeconds(1);
        while (true)
        {
            Process? process;
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                process = Launch();
                _process = process;
            }
            var launchedAt = Stopwatch.GetTimestamp();
            if (process is not null)
            {
                _ = WatchReadinessAsync(process);
                await process.WaitForExitAsync();
            }
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            State = ServiceState.Restarting;
            if (Stopwatch.GetElapsedTime(launchedAt) > StableRun)
            {
                backOff = TimeSpan.FromSeconds(1);
            }
            var exit = process is null ? "could not be started" : $"exited with code {process.ExitCode}";
            Log.Info($"{Name} {exit}; restarting in {backOff.TotalSeconds:0} s");
            try
            {
                await Task.Delay(backOff, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backOff = TimeSpan.FromTicks(Math.Min(backOff.Ticks * 2, MaxBackOff.Ticks));
        }
    }

    private Process? Launch()
    {
        // Its own session: Ctrl+C at the terminal reaches only the launcher, which stops the gateway before the services.
        var (program, arguments) = Posix.Wrap(DotnetHost(), [_dllPath], ownSession: true);
        var process = new Process { StartInfo = Command.StartInfo(program, arguments, Path.GetDirectoryName(_dllPath), _environment) };
        process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            OnOutput($"could not start {program}: {e.Message}");
            return null;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Add(line);
        Log.Write(Name, line, _colour);
    }

    private async Task WatchReadinessAsync(Process process)
    {
        try
        {
            while (!process.HasExited)
            {
                try
                {
                    using var response = await Http.GetAsync($"{Url}/health/ready", _stopping.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        State = ServiceState.Ready;
                        if (!_firstReady.TrySetResult())
                        {
                            Log.Info($"{Name} is ready again");
                        }
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !_stopping.IsCancellationRequested))
                {
                    // Not listening yet, or too slow to answer: ask again.
                }
                await Task.Delay(250, _stopping.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // The host running the launcher, when it is `dotnet`; otherwise (an apphost executable) the one on the PATH.
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
