using System.Diagnostics;
using Micic.AppHost.Replay;
using Npgsql;

namespace Micic.AppHost;

/// <summary>
/// Brings the platform up in order (servers, databases, services, gateway), keeps it running until asked to
/// stop, then takes it down in reverse order.
/// </summary>
public sealed class PlatformLauncher(LaunchOptions options)
{
    private const int PreferredPostgresPort = 5433;  // next to the defaults, so a system-wide server on 5432/5672 is left alone
    private const int PreferredRabbitMqPort = 5673;

    private readonly List<(string Service, ServiceProcess Instance)> _instances = [];
    private ServiceProcess? _gateway;
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbitMq;

    /// <returns>The process exit code: 0 after a requested stop, 1 when the platform could not start.</returns>
    public async Task<int> RunAsync(CancellationToken stop, CancellationToken force)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var layout = PlatformLayout.Resolve(options);
            layout.EnsureBuilt([.. ServiceCatalog.Services, ServiceCatalog.Gateway]);
            if (!FreePort.IsFree(options.GatewayPort))
            {
                throw new LaunchException($"Port {options.GatewayPort} is in use, and the gateway needs it. Stop what listens there, or choose another port with --port.");
            }

            var replay = ReplayStart.Decide(options, layout);

            var (postgres, rabbitMq) = await StartServersAsync(layout, stop);
            var connectionStrings = await CreateDatabasesAsync(postgres, stop);
            await StartServicesAsync(layout, connectionStrings, rabbitMq, replay, stop);
            await StartGatewayAsync(layout, rabbitMq, stop);

            PlatformSummary.Print(layout, [.. _instances.Select(entry => entry.Instance), _gateway!], postgres, rabbitMq, _postgres is not null, _rabbitMq is not null, clock.Elapsed);
            if (replay is not null)
            {
                _ = ReplayStart.RunAsync(layout, replay, new Uri(_gateway!.Url), stop); // it reports for itself and ends with the platform
            }
            await Task.Delay(Timeout.Infinite, stop);
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (LaunchException e)
        {
            Log.Error(e.Message);
            return 1;
        }
        catch (Exception e)
        {
            Log.Error($"The platform could not start: {e}");
            return 1;
        }
        finally
        {
            await StopAsync(force);
        }
    }

    private async Task<(string Postgres, string RabbitMq)> StartServersAsync(PlatformLayout layout, CancellationToken ct)
    {
        if (options.ExternalPostgres is null || options.ExternalRabbitMq is null)
        {
            await ServerBinaries.EnsureInstalledAsync(Log.For("install"), ct);
        }
        if (options.ExternalPostgres is null)
        {
            _postgres = new PostgresServer(Path.Combine(layout.DataDirectory, "postgres"), FreePort.Pick(PreferredPostgresPort), Log.For("postgres"));
        }
        if (options.ExternalRabbitMq is null)
        {
            _rabbitMq = new RabbitMqServer(Path.Combine(layout.DataDirectory, "rabbitmq"), FreePort.Pick(PreferredRabbitMqPort), Log.For("rabbitmq"));
        }
        // The two take seconds each (RabbitMQ about ten), so they start side by side.
        await Task.WhenAll(_postgres?.StartAsync(ct) ?? Task.CompletedTask, _rabbitMq?.StartAsync(ct) ?? Task.CompletedTask);
        return (_postgres?.ConnectionString("postgres") ?? options.ExternalPostgres!, _rabbitMq?.ConnectionString ?? options.ExternalRabbitMq!);
    }

    /// <returns>Each service's connection string, by service name.</returns>
    private static async Task<Dictionary<string, string>> CreateDatabasesAsync(string server, CancellationToken ct)
    {
        var owners = ServiceCatalog.Services.Where(service => service.Database is not null).ToList();
        try
        {
            await Task.WhenAll(owners.Select(service => PostgresDatabases.EnsureAsync(server, service.Database!, ct)));
        }
        catch (NpgsqlException e)
        {
            var builder = new NpgsqlConnectionStringBuilder(server);
            throw new LaunchException($"Could not create the databases on PostgreSQL at {builder.Host}:{builder.Port}: {e.Message}");
        }
        return owners.ToDictionary(service => service.Name, service => PostgresDatabases.ForDatabase(server, service.Database!));
    }

    private async Task StartServicesAsync(PlatformLayout layout, Dictionary<string, string> connectionStrings, string rabbitMq, ReplaySettings? replay,
        CancellationToken ct)
    {
        var signingKey = layout.SigningKey();
        foreach (var (service, colour) in ServiceCatalog.Services.Select((service, index) => (service, index)))
        {
            for (var replica = 1; replica <= options.ReplicasOf(service.Name); replica++)
            {
                var name = $"{service.Name}-{replica}";
                var port = FreePort.Pick(0);
                var environment = CommonEnvironment(layout, signingKey, rabbitMq, port, name);
                environment[$"ConnectionStrings__{service.ConnectionName}"] = connectionStrings[service.Name];
                foreach (var (setting, value) in replay is null ? [] : ReplayStart.PlatformClock(replay))
                {
                    environment[setting] = value;
                }
                _instances.Add((service.Name, new ServiceProcess(name, layout.DllPath(service), port, environment, colour)));
            }
        }
        Log.Info($"starting {_instances.Count} service instances");
        await StartAllAsync([.. _instances.Select(entry => entry.Instance)], ct);
    }

    private async Task StartGatewayAsync(PlatformLayout layout, string rabbitMq, CancellationToken ct)
    {
        var gateway = ServiceCatalog.Gateway;
        var environment = CommonEnvironment(layout, layout.SigningKey(), rabbitMq, options.GatewayPort, gateway.Name);
        // Aspire's service-discovery convention: services__<name>__http__<i>, one entry per instance to balance across.
        foreach (var group in _instances.GroupBy(entry => entry.Service))
        {
            foreach (var (entry, index) in group.Select((entry, index) => (entry, index)))
            {
                environment[$"services__{group.Key}__http__{index}"] = entry.Instance.Url;
            }
        }
        _gateway = new ServiceProcess(gateway.Name, layout.DllPath(gateway), options.GatewayPort, environment, ServiceCatalog.Services.Count);
        Log.Info("starting the gateway");
        await StartAllAsync([_gateway], ct);
    }

    private Dictionary<string, string> CommonEnvironment(PlatformLayout layout, string signingKey, string rabbitMq, int port, string instanceName) => new()
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        ["ASPNETCORE_ENVIRONMENT"] = options.Environment,
        ["ConnectionStrings__messaging"] = rabbitMq,
        ["Auth__SigningKey"] = signingKey,
        ["Seeds__Path"] = layout.SeedsDirectory,
        ["Micic__InstanceName"] = instanceName,
    };

    /// <summary>Starts instances side by side and fails as soon as one of them fails, not when the slowest gives up.</summary>
    private async Task StartAllAsync(IReadOnlyList<ServiceProcess> instances, CancellationToken ct)
    {
        var pending = instances.Select(instance => instance.StartAsync(options.ReadyTimeout, ct)).ToList();
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending);
            pending.Remove(finished);
            await finished;
        }
    }

    /// <summary>Reverse order: nothing loses its database or broker while it still works.</summary>
    private async Task StopAsync(CancellationToken force)
    {
        if (_gateway is null && _instances.Count == 0 && _postgres is null && _rabbitMq is null)
        {
            return;
        }
        Log.Info("stopping");
        if (_gateway is not null)
        {
            await Attempt("gateway", () => _gateway.StopAsync(force));
        }
        await Task.WhenAll(_instances.Select(entry => Attempt(entry.Instance.Name, () => entry.Instance.StopAsync(force))));
        await Task.WhenAll(
            _rabbitMq is null ? Task.CompletedTask : Attempt("rabbitmq", _rabbitMq.StopAsync),
            _postgres is null ? Task.CompletedTask : Attempt("postgres", _postgres.StopAsync));
        Log.Info("everything stopped");
    }

    // One part failing to stop must not leave the others running.
    private static async Task Attempt(string part, Func<Task> stop)
    {
        try
        {
            await stop();
        }
        catch (Exception e)
        {
            Log.Error($"stopping {part} failed: {e.Message}");
        }
    }
}
