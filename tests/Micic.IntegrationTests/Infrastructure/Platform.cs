using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Micic.AppHost;
using Npgsql;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The whole platform — six services and the gateway — started the way users start it, by the AppHost's run
/// command, against the test run's PostgreSQL and RabbitMQ. Tests talk to it only through the gateway, and read the
/// services' databases to check what was (not) stored.
/// </summary>
public sealed class Platform : IAsyncLifetime
{
    readonly TestServers servers = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _tokens = new();
    AppHostRun? _appHost;
    public Uri Gateway { get; private set; } = null!;
    public TestServers Servers => servers;

    public async Task InitializeAsync()
    {
        await servers.InitializeAsync();
        var port = FreePort.Pick(0);
        Gateway = new Uri($"http://127.0.0.1:{port}");
        _appHost = AppHostRun.Start(
            [
                "--data", Path.Combine(servers.Folder, "apphost"), "--port", port.ToString(),
                "--postgres", servers.PostgresServerAddress, "--rabbitmq", servers.RabbitMq.ConnectionString,
                "--replicas", "matching=2,offers=2,dashboard=2", "--no-replay",
            ],
            // The AppHost's processes inherit this: the suite logs in more often than a person would.
            // Deadlines and the rebalancing safety net are shortened so that tests can watch them happen.
            new Dictionary<string, string>
            {
                ["Gateway__TokenRequestsPerMinute"] = "1000",
                ["Matching__EscalateVulnerableAfter"] = "00:00:05",
                ["Matching__RebalanceInterval"] = "00:00:05",
                ["Transit__MissingAfter"] = "00:00:05",
                ["Transit__SweepInterval"] = "00:00:02",
            });
        await _appHost.WaitUntilReady(Gateway);
    }

    public async Task DisposeAsync()
    {
        if (_appHost is not null)
            await _appHost.DisposeAsync();
        await servers.DisposeAsync();
    }

    /// <summary>The AppHost's last lines (every service's log, prefixed), for failure messages.</summary>
    public string RecentOutput => _appHost?.RecentOutput ?? "";

    /// <summary>SIGKILLs every running instance of a service, as a crash would; the AppHost is expected to restart them.</summary>
    public int Crash(string service)
    {
        var dll = $"Micic.{char.ToUpperInvariant(service[0])}{service[1..]}.dll";
        var killed = 0;
        foreach (var child in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsDigit)))
        {
            string commandLine, parent;
            try
            {
                commandLine = File.ReadAllText($"/proc/{child}/cmdline").Replace('\0', ' ');
                parent = File.ReadAllText($"/proc/{child}/stat").Split(' ')[3];
            }
            catch (IOException) { continue; } // exited meanwhile
            if (commandLine.Contains(dll) && parent == _appHost!.Id.ToString())
            {
                Process.GetProcessById(int.Parse(child!)).Kill();
                killed++;
            }
        }
        return killed;
    }

    public HttpClient Anonymous() => new() { BaseAddress = Gateway };

    /// <summary>A client logged in as a seeded organisation (one token per organisation, reused as a real client would).</summary>
    public async Task<HttpClient> LoginAs(string clientId, string clientSecret)
    {
        var client = Anonymous();
        if (!_tokens.TryGetValue(clientId, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/auth/token", new { clientId, clientSecret });
            response.EnsureSuccessStatusCode();
            _tokens[clientId] = token = (await response.Content.ReadFromJsonAsync<TokenAnswer>())!.AccessToken;
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> Coordinator() => LoginAs("iom-coordination", "dev-iom-secret");

    /// <summary>A whole-number query against one service's database (e.g. "micic_requests").</summary>
    public Task<int> Number(string database, string sql) => Sql.Number(servers.Postgres.ConnectionString(database), sql);

    /// <summary>A text query against one service's database.</summary>
    public async Task<string?> Text(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(servers.Postgres.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    sealed record TokenAnswer(string AccessToken);
}
