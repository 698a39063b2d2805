using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micic.AppHost.Servers;

/// <summary>What the servers (PostgreSQL, RabbitMQ, Redis, Kannel) have in common as Aspire resources.</summary>
public static class ServerResources
{
    /// <summary>The server given by connection string (the path to managed servers and clusters), or one this AppHost runs.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> ExistingOrLocal<T>(this IDistributedApplicationBuilder builder, string name,
        string? existing, Func<IResourceBuilder<T>> local) where T : IResourceWithConnectionString =>
        existing is not null
            ? builder.AddConnectionString(name, ReferenceExpression.Create($"{existing}"))
            : builder.CreateResourceBuilder<IResourceWithConnectionString>(local().Resource);

    /// <summary>
    /// Healthy once <paramref name="answers"/> succeeds against the server's connection string: what <c>WaitFor</c> waits
    /// for, rather than the process merely having started.
    /// </summary>
    public static IResourceBuilder<T> WithReadinessProbe<T>(this IResourceBuilder<T> server, Func<string, CancellationToken, Task<bool>> answers)
        where T : IResourceWithConnectionString
    {
        string? connectionString = null;
        return server
            .OnConnectionStringAvailable(async (resource, _, ct) => connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct))
            .WithProbe(ct => connectionString is { } address ? answers(address, ct) : Task.FromResult(false));
    }

    /// <summary>Healthy once <paramref name="answers"/> succeeds, for a process with no connection string of its own.</summary>
    public static IResourceBuilder<T> WithProbe<T>(this IResourceBuilder<T> resource, Func<CancellationToken, Task<bool>> answers) where T : IResource
    {
        var check = $"{resource.Resource.Name}-answers";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(check,
            _ => new ServerAnswers(answers), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(5)));
        return resource.WithHealthCheck(check);
    }

    sealed class ServerAnswers(Func<CancellationToken, Task<bool>> answers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await answers(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Not ready yet.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("Does not answer yet.", e);
            }
        }
    }
}
