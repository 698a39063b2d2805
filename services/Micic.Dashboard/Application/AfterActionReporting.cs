using System.Security.Claims;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.Persistence.Crises;
using Micic.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace Micic.Dashboard.Application;

/// <summary>
/// The after-action report, read from the event history — the same events the live figures count — so that it never
/// depends on the state of the figures, and a rebuild of them changes nothing in it. The history is folded from the
/// latest checkpoint on, so a report over a crisis of 100,000 people reads only what happened since the last one.
/// </summary>
public sealed class AfterActionReporting(
    EventHistory history, ReportCheckpoints checkpoints, CrisisCatalogue crises, TimeProvider clock, IOptions<DashboardOptions> options)
{
    /// <returns>Null for a crisis the platform does not know.</returns>
    public async Task<AfterActionReport?> Report(string crisisId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await crises.Find(crisisId, cancellationToken) is not { } crisis)
            return null;
        var now = clock.GetUtcNow();
        // A coordinator sees the whole operation; a consulate its own nationals, and nothing per movement or site.
        return AfterAction.Compile(await Fold(cancellationToken), crisis.Id, crisis.Name, user.IsCoordinator() ? null : user.Nationalities(), now);
    }

    /// <summary>The whole history folded: the latest checkpoint, and what came after it.</summary>
    public async Task<CrisisHistory> Fold(CancellationToken cancellationToken)
    {
        var folded = await checkpoints.Latest(cancellationToken);
        await foreach (var recorded in history.ReadAll(folded.FoldedThrough, cancellationToken: cancellationToken))
            folded.History.Add(recorded.Message);
        return folded.History;
    }

    /// <summary>
    /// Brings the checkpoint up to the settled end of the history, when enough has happened since. Only settled events
    /// are folded in: one still being written below the end would otherwise be skipped by every later report.
    /// </summary>
    /// <returns>How many events were folded in; 0 when the checkpoint was left as it was.</returns>
    public async Task<long> KeepCheckpoint(CancellationToken cancellationToken)
    {
        var settled = await history.Settled(cancellationToken);
        var folded = await checkpoints.Latest(cancellationToken);
        if (settled - folded.FoldedThrough < options.Value.ReportCheckpointAfterEvents)
            return 0;
        long added = 0;
        await foreach (var recorded in history.ReadAll(folded.FoldedThrough, settled, cancellationToken))
        {
            folded.History.Add(recorded.Message);
            added++;
        }
        await checkpoints.Keep(folded with { FoldedThrough = settled }, cancellationToken);
        return added;
    }
}
