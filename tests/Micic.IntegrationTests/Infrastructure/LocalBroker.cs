using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Micic.AppHost.Servers;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>A RabbitMQ node of a test's own, from the AppHost's definition, that the test stops and starts as it likes.</summary>
public sealed class LocalBroker : IAsyncDisposable
{
    const string Name = "broker";
    readonly DistributedApplication _app;

    LocalBroker(DistributedApplication app, string connectionString) => (_app, ConnectionString) = (app, connectionString);

    public string ConnectionString { get; }

    public static async Task<LocalBroker> Start(string folder)
    {
        // A model of one resource, run by the same orchestrator (DCP) the AppHost finds through its own assembly.
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [], DisableDashboard = true, AssemblyName = typeof(ServerPackages).Assembly.GetName().Name,
        });
        builder.AddLocalRabbitMq(Name, folder);
        var app = builder.Build();
        await app.StartAsync();
        await app.ResourceNotifications.WaitForResourceHealthyAsync(Name);
        return new LocalBroker(app, (await app.GetConnectionStringAsync(Name))!);
    }

    /// <summary>Stops the node (its queues and messages are kept on disk) and returns once it is down.</summary>
    public Task Stop() => AppHosts.Stop(_app, Name);

    /// <summary>Starts the node again, on the same port, and returns once it accepts connections.</summary>
    public Task Start() => AppHosts.Start(_app, Name);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
