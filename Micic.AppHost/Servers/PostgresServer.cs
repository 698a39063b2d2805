using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace Micic.AppHost;

/// <summary>
/// A private PostgreSQL server run from the OS packages: its cluster, password and log live under one folder,
/// and it listens on 127.0.0.1 only. Also used by the integration tests.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "micic";

    private readonly string _dataDirectory;
    private readonly string _clusterDirectory;
    private readonly Action<string> _log;

    // PostgreSQL refuses to run as root, so root hands it to the account Debian's package creates.
    private readonly string? _runAs = Posix.IsRoot ? "postgres" : null;

    private string? _password;
    private bool _running;

    public PostgresServer(string dataDirectory, int port, Action<string> log)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _clusterDirectory = Path.Combine(_dataDirectory, "cluster");
        Port = port;
        _log = log;
    }

    public int Port { get; }

    private string PasswordFile => Path.Combine(_dataDirectory, "superuser-password");

    private string LogFile => Path.Combine(_dataDirectory, "postgres.log");

    // Created with the cluster and kept with it, so a reused folder keeps working.
    private string Password => _password ??= File.Exists(PasswordFile)
        ? File.ReadAllText(PasswordFile).Trim()
        : throw new LaunchException($"{PasswordFile} is missing; delete {_dataDirectory} to start with a fresh database.");

    /// <summary>Initialises the cluster if needed, starts it and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_running)
        {
            return;
        }
        var clock = Stopwatch.StartNew();
        await PrepareDirectoryAsync();
        if (!File.Exists(Path.Combine(_clusterDirectory, "PG_VERSION")))
        {
            await InitialiseClusterAsync(ct);
        }
        WriteSettings();

        if (await RunningPortAsync() is { } runningPort)
        {
            // Left running by an earlier launcher that did not get to stop it.
            _log(runningPort == Port ? "already running; reusing it" : $"running on port {runningPort}; restarting it on {Port}");
            if (runningPort != Port)
            {
                await PgCtlAsync(["stop", "-m", "fast"], CancellationToken.None);
            }
        }
        if (await RunningPortAsync() is null)
        {
            var start = await PgCtlAsync(["start", "-l", LogFile, "-t", "60"], ct);
            if (!start.Succeeded)
            {
                throw new LaunchException($"PostgreSQL did not start (exit code {start.ExitCode}). Last lines of {LogFile}:{Environment.NewLine}{LogTail()}");
            }
        }
        await WaitForConnectionsAsync(ct);
        _running = true;
        _log($"ready on 127.0.0.1:{Port} in {clock.Elapsed.TotalSeconds:0.0} s (data in {_dataDirectory})");
    }

    /// <summary>Fast shutdown: open sessions are disconnected, committed data is kept. Returns once every postgres process is gone.</summary>
    public async Task StopAsync()
    {
        if (await RunningPortAsync() is not null)
        {
            var stop = await PgCtlAsync(["stop", "-m", "fast", "-t", "60"], CancellationToken.None);
            if (!stop.Succeeded)
            {
                _log("fast shutdown did not finish; stopping immediately");
                await PgCtlAsync(["stop", "-m", "immediate", "-t", "30"], CancellationToken.None);
            }
            _log("stopped");
        }
        _running = false;
        // Pooled connections to the stopped server are dead; a restarted server must not be handed them.
        NpgsqlConnection.ClearAllPools();
    }

    public Task EnsureDatabaseAsync(string database, CancellationToken ct = default) =>
        PostgresDatabases.EnsureAsync(ConnectionString("postgres"), database, ct);

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
        Password = Password,
    }.ConnectionString;

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task PrepareDirectoryAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        if (!File.Exists(PasswordFile))
        {
            Posix.WritePrivateFile(PasswordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        }
        if (_runAs is not null)
        {
            await Posix.HandOverAsync(_runAs, _dataDirectory);
        }
    }

    private async Task InitialiseClusterAsync(CancellationToken ct)
    {
        _log($"initialising a new cluster in {_clusterDirectory}");
        var (program, arguments) = Posix.Wrap(ServerBinaries.Postgres("initdb"),
        [
            "-D", _clusterDirectory, "-U", Superuser, $"--pwfile={PasswordFile}",
            "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale",
        ], _runAs);
        var result = await Command.RunAsync(program, arguments, ct, workingDirectory: _dataDirectory);
        result.ThrowIfFailed("initdb");
    }

    // Written at every start so the port can change between runs; postgresql.conf includes it once.
    private void WriteSettings()
    {
        const string settingsName = "micic.conf";
        File.WriteAllText(Path.Combine(_clusterDirectory, settingsName), $"""
            # Written by Micic.AppHost at every start.
            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{_dataDirectory.Replace("'", "''")}'
            max_connections = 300

            """);
        var mainSettings = Path.Combine(_clusterDirectory, "postgresql.conf");
        var include = $"include '{settingsName}'";
        if (!File.ReadLines(mainSettings).Contains(include))
        {
            File.AppendAllText(mainSettings, $"{Environment.NewLine}{include}{Environment.NewLine}");
        }
    }

    /// <summary>The port of the server running on our cluster, or null when none runs.</summary>
    private async Task<int?> RunningPortAsync()
    {
        if (!Directory.Exists(_clusterDirectory) || !(await PgCtlAsync(["status"], CancellationToken.None)).Succeeded)
        {
            return null;
        }
        // postmaster.pid: pid, data directory, start time, port, ...
        var lines = File.ReadAllLines(Path.Combine(_clusterDirectory, "postmaster.pid"));
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private async Task WaitForConnectionsAsync(CancellationToken ct)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false, Timeout = 5 }.ConnectionString;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                return;
            }
            catch (Exception e) when ((e is NpgsqlException or System.Net.Sockets.SocketException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>pg_ctl on our cluster, waiting for the operation to complete.</summary>
    private Task<CommandResult> PgCtlAsync(string[] arguments, CancellationToken ct)
    {
        var (program, wrapped) = Posix.Wrap(ServerBinaries.Postgres("pg_ctl"), [arguments[0], "-D", _clusterDirectory, "-w", "-s", .. arguments[1..]], _runAs);
        return Command.RunAsync(program, wrapped, ct, workingDirectory: _dataDirectory);
    }

    private string LogTail() => File.Exists(LogFile) ? string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(20)) : "(no log)";
}
