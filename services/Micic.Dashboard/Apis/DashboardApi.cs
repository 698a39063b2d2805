using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
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
    static readonly TimeSpan RevocationCheck = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Roles.Coordinator);
        dashboard.MapGet("/summary", async Task<Ok<Summary>> (DashboardProjection projection, TimeProvider clock, CancellationToken cancellationToken) =>
            TypedResults.Ok(await projection.Summary(clock.GetUtcNow(), cancellationToken)));
        dashboard.MapPost("/rebuild", Rebuild);
        // Server-sent events: the latest figures at once, then every change; a ping keeps proxies from closing a quiet stream.
        dashboard.MapGet("/live", (LiveFigures live, Revocations revocations, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Stream(live, () => revocations.Refuses(user, IssuedAt(user)), clock, cancellationToken)));

        // The page holds no data: the gateway's session signs the coordinator in, and the page reads the API above.
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

    /// <summary>
    /// The figures as they change, a ping after a quiet while. A stream outlives the request that opened it, so it ends
    /// within a second of its holder being disabled or their organisation revoked: what is refused everywhere else is not
    /// kept flowing here.
    /// </summary>
    static async IAsyncEnumerable<SseItem<string>> Stream(LiveFigures live, Func<bool> refused, TimeProvider clock,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = live.Subscribe();
        var lastSent = clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && !refused())
        {
            string? summary = null;
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                wait.CancelAfter(RevocationCheck);
                try
                {
                    summary = await subscription.Summaries.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // nothing new this second
                }
            }
            if (summary is not null)
                yield return new SseItem<string>(summary, "summary");
            else if (clock.GetUtcNow() - lastSent >= KeepAlive)
                yield return new SseItem<string>("", "ping");
            else
                continue;
            lastSent = clock.GetUtcNow();
        }
    }

    /// <summary>When the caller's token was issued (its <c>iat</c>, seconds since the epoch).</summary>
    static DateTimeOffset IssuedAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue("iat"), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue;
}

public sealed record ProjectionRebuilt(long Events, DateTimeOffset RebuiltAt);
