using System.Reflection;
using MassTransit;
using Micic.Dashboard.Data;
using Micic.Dashboard.Live;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.IntegrationTests.Messaging;

/// <summary>A service-shaped host — our database and messaging defaults, real PostgreSQL and RabbitMQ — for one test.</summary>
static class MessagingHost
{
    /// <param name="migrations">The assembly whose SQL migrations make the database: the test's own, or a service's.</param>
    public static async Task<IHost> Start(string database, string rabbitMq, string serviceName, Action<IBusRegistrationConfigurator>? bus = null,
        Assembly? migrations = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:testdb"] = database,
            ["ConnectionStrings:messaging"] = rabbitMq,
        });
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddMicicDatabase("testdb", migrations ?? typeof(MessagingHost).Assembly);
        services?.Invoke(builder.Services);
        builder.AddMicicMessaging(serviceName, bus);
        var host = builder.Build();
        await host.StartAsync();
        // As the AppHost waits for /health/ready: queues and bindings exist before anything is published.
        var health = await host.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        if (health != BusHealthStatus.Healthy)
            throw new InvalidOperationException($"The bus of {serviceName} is {health}.");
        return host;
    }

    /// <summary>The dashboard's projection, with its migrations, on a database of its own.</summary>
    public static Task<IHost> StartDashboard(string database, string rabbitMq, string serviceName) =>
        Start(database, rabbitMq, serviceName, migrations: typeof(DashboardProjection).Assembly,
            services: services => services.AddSingleton(TimeProvider.System).AddScoped<EventHistory>().AddSingleton<FiguresChanged>().AddScoped<DashboardProjection>()
                .AddScoped<CheckInAlerts>());

    /// <summary>Runs <paramref name="work"/> in one committed <see cref="DbSession"/> transaction, as an API call would.</summary>
    public static Task InTransaction(this IHost host, Func<DbSession, Task> work) => host.InTransaction<DbSession>(work);

    public static Task PublishInTransaction(this IHost host, Func<TransactionalOutbox, Task> publish) => host.InTransaction<TransactionalOutbox>(publish);

    /// <summary>Runs <paramref name="work"/> with a scoped service (a store, say) in one committed unit of work.</summary>
    public static async Task InTransaction<TService>(this IHost host, Func<TService, Task> work) where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync();
        await work(scope.ServiceProvider.GetRequiredService<TService>());
        await session.CommitAsync();
    }

    /// <summary>What a scoped service (a store, say) reads, in a unit of work of its own.</summary>
    public static async Task<TResult> Read<TService, TResult>(this IHost host, Func<TService, Task<TResult>> read) where TService : notnull
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
