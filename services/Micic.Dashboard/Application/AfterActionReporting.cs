using System.Security.Claims;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Dashboard.Application;

/// <summary>
/// The after-action report, read straight from the event history — the same events the live figures count — so that
/// it never depends on the state of the figures, and a rebuild of them changes nothing in it.
/// </summary>
public sealed class AfterActionReporting(EventHistory history, SeedData seeds, TimeProvider clock)
{
    /// <returns>Null for a crisis the platform does not know.</returns>
    public async Task<AfterActionReport?> Report(string crisisId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!seeds.Crises.TryGetValue(crisisId, out var crisis))
            return null;
        var now = clock.GetUtcNow();
        var events = new CrisisHistory();
        await foreach (var recorded in history.ReadAll(cancellationToken))
            events.Add(recorded.Message);
        // A coordinator sees the whole operation; a consulate its own nationals, and nothing per movement or site.
        return AfterAction.Compile(events, crisis.Id, crisis.Name, user.IsCoordinator() ? null : user.Nationalities(), now);
    }
}
