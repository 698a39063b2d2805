using System.Diagnostics;
using RabbitMQ.Client;

namespace Micic.AppHost;

/// <summary>
/// A private RabbitMQ node run from the OS packages: its own node name, ports, Erlang cookie, data, logs and
/// configuration under one folder, listening on 127.0.0.1 only. Also used by the integration tests.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory;
    private readonly Action<string> _log;
    private readonly string _nodeName;
    private readonly int _distributionPort;
    private readonly int _epmdPort;
    private readonly OutputTail _output = new(30);

    // Debian's start script drops root to this account; we do it ourselves so the folders' owner is known.
    private readonly string? _runAs = Posix.IsRoot ? "rabbitmq" : null;

    private Process? _process;
    private volatile bool _stopping;

    public RabbitMqServer(string dataDirectory, int port, Action<string> log)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        Port = port;
        _log = log;
        // Unique enough: each instance registers with its own epmd. Not tied to the port, so the node's data
        // (its mnesia folder is named after it) survives a run where the preferred port was taken.
        _nodeName = "micic@localhost";
        // Derived from the AMQP port rather than picked, so that a later run with the same folder finds,
        // and stops, a node or epmd an earlier run left behind.
        _distributionPort = port + 20000 <= 65535 ? port + 20000 : port - 20000;
        _epmdPort = port + 30000 <= 65535 ? port + 30000 : port - 30000;
    }

    public int Port { get; }

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    private string PidFile => Path.Combine(_dataDirectory, "rabbitmq.pid");

    private string LogFile => Path.Combine(_dataDirectory, "log", $"{_nodeName}.log");

    /// <summary>Starts the node and returns once an AMQP connection succeeds.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_process is { HasExited: false })
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        if (RunningNodePid() is not null || !FreePort.IsFree(_epmdPort))
        {
            _log("stopping a node left running by an earlier run");
            await StopAsync();
        }
        await PrepareDirectoryAsync();
        _stopping = false;
        _process = Launch();
        try
        {
            await WaitForAmqpAsync(_process, ct);
        }
        catch
        {
            await StopAsync();
            throw;
        }
        _log($"ready on 127.0.0.1:{Port} in {clock.Elapsed.TotalSeconds:0.0} s (node {_nodeName}, data in {_dataDirectory})");
    }

    /// <summary>Stops the node gracefully (SIGTERM), then its private epmd; returns once both are gone.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        if (RunningNodePid() is { } pid)
        {
            Posix.Terminate(pid);
            if (!await WaitUntilAsync(() => !Posix.IsAlive(pid), StopTimeout))
            {
                _log($"node did not stop within {StopTimeout.TotalSeconds:0} s; killing it");
                Posix.ForceKill(pid);
                await WaitUntilAsync(() => !Posix.IsAlive(pid), TimeSpan.FromSeconds(5));
            }
            _log("stopped");
        }
        if (_process is { } process)
        {
            // The start script and runuser exit with the node; this only catches a start that never got as far as a pid file.
            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
            _process = null;
        }
        File.Delete(PidFile);
        await StopEpmdAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task PrepareDirectoryAsync()
    {
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_dataDirectory, "log"));
        File.WriteAllText(Path.Combine(_dataDirectory, "rabbitmq.conf"), $"""
            # Written by Micic.AppHost at every start.
            listeners.tcp.default = 127.0.0.1:{Port}

            """);
        File.WriteAllText(Path.Combine(_dataDirectory, "enabled_plugins"), "[].\n");
        // Stands in for /etc/rabbitmq/rabbitmq-env.conf, which belongs to the system's own node.
        File.WriteAllText(Path.Combine(_dataDirectory, "rabbitmq-env.conf"), "# Intentionally empty: settings come from Micic.AppHost's environment.\n");
        if (_runAs is not null)
        {
            await Posix.HandOverAsync(_runAs, _dataDirectory);
        }
    }

    private Process Launch()
    {
        var data = _dataDirectory;
        // Passed through `env` because runuser resets HOME, and HOME is what keeps the Erlang cookie private.
        string[] environment =
        [
            $"HOME={data}",
            $"RABBITMQ_CONF_ENV_FILE={data}/rabbitmq-env.conf",
            $"RABBITMQ_CONFIG_FILE={data}/rabbitmq.conf",
            $"RABBITMQ_ADVANCED_CONFIG_FILE={data}/advanced.config",
            $"RABBITMQ_ENABLED_PLUGINS_FILE={data}/enabled_plugins",
            $"RABBITMQ_FEATURE_FLAGS_FILE={data}/feature_flags",
            $"RABBITMQ_MNESIA_BASE={data}/mnesia",
            $"RABBITMQ_LOG_BASE={data}/log",
            $"RABBITMQ_PID_FILE={PidFile}",
            $"RABBITMQ_NODENAME={_nodeName}",
            "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1",
            $"RABBITMQ_NODE_PORT={Port}",
            $"RABBITMQ_DIST_PORT={_distributionPort}",
            // Erlang distribution and epmd stay on loopback too.
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
            $"ERL_EPMD_PORT={_epmdPort}",
            "ERL_EPMD_ADDRESS=127.0.0.1",
        ];
        var (program, arguments) = Posix.Wrap("env", [.. environment, ServerBinaries.RabbitMqServer], _runAs, ownSession: true);
        var process = new Process { StartInfo = Command.StartInfo(program, arguments, workingDirectory: data), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.Exited += (_, _) =>
        {
            if (!_stopping)
            {
                _log($"RabbitMQ exited unexpectedly (exit code {process.ExitCode}); see {LogFile}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitForAmqpAsync(Process process, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(ConnectionString),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
            AutomaticRecoveryEnabled = false,
        };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new LaunchException($"RabbitMQ exited during start-up (exit code {process.ExitCode}):{Environment.NewLine}{_output}{Environment.NewLine}{LogTail()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new LaunchException($"RabbitMQ did not accept AMQP connections within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{_output}{Environment.NewLine}{LogTail()}");
            }
            try
            {
                await using var connection = await factory.CreateConnectionAsync(ct);
                return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(250, ct);
            }
        }
    }

    /// <summary>The Erlang VM's pid from the pid file, if that process still runs.</summary>
    private int? RunningNodePid()
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) || !Posix.IsAlive(pid))
        {
            return null;
        }
        // Guards against a stale file whose pid now belongs to some other program.
        var commandLine = $"/proc/{pid}/cmdline";
        return !File.Exists(commandLine) || File.ReadAllText(commandLine).Contains("beam") ? pid : null;
    }

    // The node started this epmd as a daemon on our private port; nothing else uses it.
    private async Task StopEpmdAsync()
    {
        if (FreePort.IsFree(_epmdPort))
        {
            return;
        }
        await Command.RunAsync(ServerBinaries.Epmd, ["-port", _epmdPort.ToString(), "-kill"]);
        if (!await WaitUntilAsync(() => FreePort.IsFree(_epmdPort), TimeSpan.FromSeconds(5)))
        {
            _log($"epmd on port {_epmdPort} is still running");
        }
    }

    private string LogTail() =>
        File.Exists(LogFile) ? $"Last lines of {LogFile}:{Environment.NewLine}{string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(20))}" : "";

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
