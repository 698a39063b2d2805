using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Micic.Dashboard.Data;
using Micic.Dashboard.Live;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.Persistence.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

public static class DashboardApi
{
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Roles.Coordinator);
        dashboard.MapGet("/summary", async Task<Ok<Summary>> (DashboardProjection projection, TimeProvider clock, CancellationToken cancellationToken) =>
            TypedResults.Ok(await projection.Summary(clock.GetUtcNow(), cancellationToken)));
        dashboard.MapPost("/rebuild", Rebuild);
        // Server-sent events: the latest figures at once, then every change; a ping keeps proxies from closing a quiet stream.
        dashboard.MapGet("/live", (LiveFigures live, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Stream(live, cancellationToken)));

        // The page holds no data: it logs in with the coordinator's credentials and reads the API above.
        app.MapWebApp("/dashboard", typeof(DashboardApi).Assembly, "Micic.Dashboard.Web.");
        return app;
    }

    /// <summary>Counts every event of the history again from nothing, e.g. after a reset of the figures or a fix to how they are counted.</summary>
    static async Task<Ok<ProjectionRebuilt>> Rebuild(DbSession session, DashboardProjection projection, TimeProvider clock, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var events = await projection.Rebuild(cancellationToken);
        await session.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ProjectionRebuilt(events, clock.GetUtcNow()));
    }

    static async IAsyncEnumerable<SseItem<string>> Stream(LiveFigures live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = live.Subscribe();
        while (!cancellationToken.IsCancellationRequested)
        {
            string? summary = null;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                beat.CancelAfter(KeepAlive);
                try
                {
                    summary = await subscription.Summaries.ReadAsync(beat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // quiet for a while: send a ping
                }
            }
            yield return summary is null ? new SseItem<string>("", "ping") : new SseItem<string>(summary, "summary");
        }
    }
}

public sealed record ProjectionRebuilt(long Events, DateTimeOffset RebuiltAt);
