using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Micic.AppHost.Servers;
using Npgsql;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The whole platform — its servers, seven services and the gateway — started by the AppHost itself (Aspire.Hosting.Testing),
/// with several instances of matching, offers, the dashboard and the gateway. Tests talk to it only through the gateway,
/// and read the services' databases to check what was (not) stored.
/// </summary>
public sealed class Platform : IAsyncLifetime
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"micic-tests-{Guid.NewGuid():N}");
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _tokens = new();
    DistributedApplication _app = null!;

    public Uri Gateway { get; private set; } = null!;
    public TestServers Servers { get; private set; } = null!;

    /// <summary>What every process exported over OpenTelemetry, as the Aspire dashboard would show it.</summary>
    public TraceCollector Traces { get; private set; } = null!;
    public DistributedApplication App => _app;

    /// <summary>The last lines every resource wrote, for failure messages.</summary>
    public ResourceLogTail Logs { get; } = new();

    public async Task InitializeAsync()
    {
        var port = LoopbackPorts.Free();
        Traces = await TraceCollector.Start();
        _app = await AppHosts.Start(
            ["--data", Path.Combine(_folder, "data"), "--port", port.ToString(), "--replicas", "matching=2,offers=2,dashboard=2,gateway=2", "--no-replay"],
            Logs,
            // The suite logs in more often than a person would; deadlines and the rebalancing safety net are shortened so
            // that tests can watch them happen.
            new Dictionary<string, string>
            {
                ["Gateway__TokenRequestsPerMinute"] = "1000",
                ["Matching__EscalateVulnerableAfter"] = "00:00:05",
                ["Matching__RebalanceInterval"] = "00:00:05",
                ["Transit__MissingAfter"] = "00:00:05",
                ["Transit__SweepInterval"] = "00:00:02",
                // Every report in the suite is folded from a checkpoint kept as the history grows.
                ["Dashboard__ReportCheckpointInterval"] = "00:00:02",
                ["Dashboard__ReportCheckpointAfterEvents"] = "1",
                // Personal data of ended journeys is erased after 30 s instead of 90 days, so that a test can watch it go.
                ["Privacy__RetainPersonalDataFor"] = "00:00:30",
                ["Privacy__SweepInterval"] = "00:00:02",
                ["Transit__Referrals__Standard"] = "00:00:20",
                ["Transit__Referrals__Child"] = "00:00:10",
                // A check-in's day of silence before it is asked again, and again before the consulate calls, is 15 s here.
                ["Messaging__CheckIns__AnswerWithin"] = "00:00:15",
                ["Messaging__CheckIns__CohortEvery"] = "00:00:01",
                ["Messaging__CheckIns__PollInterval"] = "00:00:01",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Traces.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "500",
                // Tests follow particular requests' traces: every one is kept, whatever else the suite is doing.
                ["Telemetry__TraceShare"] = "1",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "2000",
            });
        Gateway = AppHosts.Gateway(_app);
        Servers = new TestServers(await _app.GetConnectionStringAsync("postgres") ?? "", await _app.GetConnectionStringAsync("messaging") ?? "", _folder);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await Traces.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* left for inspection */ }
        catch (UnauthorizedAccessException) { /* owned by the server accounts */ }
    }

    /// <summary>The last lines every resource wrote, for failure messages.</summary>
    public string RecentOutput => Logs.ToString();

    /// <summary>SIGKILLs every running instance of a service, as a crash would; the AppHost is expected to start them again.</summary>
    public int Crash(string service) => AppHosts.Crash(_app, service);

    /// <summary>Returns once every instance of a service is healthy again (after a crash, say).</summary>
    public Task UntilHealthy(string service) => AppHosts.UntilHealthy(_app, service, TimeSpan.FromMinutes(1));

    /// <summary>SIGKILLs the server <paramref name="program"/> a resource runs (postgres, beam.smp, …); returns the resource's process id.</summary>
    public int KillServer(string resource, string program) => AppHosts.KillServer(_app, resource, program);

    /// <summary>Returns once the AppHost has started a killed resource again (as a process other than <paramref name="before"/>) and it is healthy.</summary>
    public async Task UntilRestarted(string resource, int before)
    {
        await AppHosts.UntilRestarted(_app, resource, before, TimeSpan.FromMinutes(1));
        // The tests' own pooled connections to a PostgreSQL killed meanwhile are dead: the next query opens a new one.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops one of the platform's resources (a server, say), as an operator would from the Aspire dashboard.</summary>
    public Task Stop(string resource) => AppHosts.Stop(_app, resource);

    public Task Start(string resource) => AppHosts.Start(_app, resource);

    /// <summary>The platform's data folder (its servers' data and the identity provider's keys).</summary>
    public string DataFolder => Path.Combine(_folder, "data");

    /// <summary>The phones behind the platform's fake SMSC: what people send by SMS, and what they receive.</summary>
    public SimulatedPhones Phones => new(Path.Combine(DataFolder, "kannel"));

    /// <summary>Each running instance of a service at its own address, past the gateway.</summary>
    public IReadOnlyList<Uri> InstanceUrls(string service) => AppHosts.InstanceUrls(_app, service);

    public HttpClient Anonymous() => new() { BaseAddress = Gateway };

    /// <summary>A client logged in as a seeded organisation (one token per organisation, reused as a real client would).</summary>
    public async Task<HttpClient> LoginAs(string clientId, string clientSecret)
    {
        var client = Anonymous();
        // Tokens live 10 minutes: a fresh one well before, as a real client renews it.
        if (!_tokens.TryGetValue(clientId, out var held) || held.Until < DateTimeOffset.UtcNow)
        {
            var response = await client.PostAsJsonAsync("/api/auth/token", new { clientId, clientSecret });
            response.EnsureSuccessStatusCode();
            var answer = (await response.Content.ReadFromJsonAsync<TokenAnswer>())!;
            _tokens[clientId] = held = (answer.AccessToken, DateTimeOffset.UtcNow.AddSeconds(answer.ExpiresIn / 2));
        }
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", held.Token);
        return client;
    }

    public Task<HttpClient> Coordinator() => LoginAs("iom-coordination", "dev-iom-secret");

    /// <summary>A whole-number query against one service's database (e.g. "micic_requests").</summary>
    public Task<int> Number(string database, string sql) => Sql.Number(Servers.ConnectionString(database), sql);

    /// <summary>How many of these requests' matching sagas are in <paramref name="state"/> (e.g. "Matched").</summary>
    public Task<int> SagasIn(IEnumerable<Guid> requestIds, string state) =>
        Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id IN ({string.Join(",", requestIds.Select(id => $"'{id}'"))}) AND current_state = '{state}'");

    public Task<IReadOnlyList<T>> Rows<T>(string database, string sql, Func<Npgsql.NpgsqlDataReader, T> read) =>
        Sql.Rows(Servers.ConnectionString(database), sql, read);

    /// <summary>A text query against one service's database.</summary>
    public async Task<string?> Text(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(Servers.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }

    sealed record TokenAnswer(string AccessToken, int ExpiresIn);
}
