using Micic.Contracts;
using Micic.Matching.Domain;
using Micic.Persistence.Sagas;
using Micic.ServiceDefaults.Auth;

namespace Micic.Matching.StateMachines;

/// <summary>Where one evacuation request stands in matching. Holds what matching needs — no personal data.</summary>
public sealed class EvacuationState : IStoredSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";

    public bool IsIn(MassTransit.State state) => CurrentState == state.Name;
    public int Version { get; set; }

    public string CrisisId { get; set; } = "";
    public string PickupPlace { get; set; } = "";
    public string DestinationCountry { get; set; } = "";
    public bool AcceptsThirdCountry { get; set; }
    public DateTimeOffset? EarliestDeparture { get; set; }
    public int GroupSize { get; set; }
    public List<NationalityCount> Nationalities { get; set; } = [];
    public Needs Needs { get; set; }
    public bool HasElderly { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public int NeedWeight { get; set; }

    /// <summary>The offer the group holds seats on, or is asking to.</summary>
    public Guid? OfferId { get; set; }
    public string? UnmatchedReason { get; set; }

    /// <summary>Offers a coordinator took the group off: it is not put back on them unless assigned by hand.</summary>
    public List<Guid> ExcludedOffers { get; set; } = [];

    /// <summary>Each time a coordinator took the group off an offer: when, who and why.</summary>
    public List<Release> Releases { get; set; } = [];

    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>Orders the status changes this saga publishes, so readers can ignore a late, older one.</summary>
    public int StatusSequence { get; set; }

    public List<MatchingDecision> History { get; set; } = [];

    public bool IsVulnerable => NeedWeight > 0;

    /// <summary>The latest release that still keeps the group off its offer (an assignment there by hand lifts it).</summary>
    public Release? StandingRelease() => Releases.LastOrDefault(release => ExcludedOffers.Contains(release.OfferId));

    public WaitingGroup AsWaitingGroup() => new(
        CorrelationId, CrisisId, PickupPlace, DestinationCountry, AcceptsThirdCountry, EarliestDeparture, GroupSize,
        Nationalities.Select(count => count.Nationality).Distinct().ToList(), Needs, NeedWeight, SubmittedAt);
}

/// <summary>
/// A coordinator took the group off <paramref name="OfferId"/>: <paramref name="Organisation"/> decided (as requesters read
/// it), <paramref name="By"/> names the person or client (as coordinators read it).
/// </summary>
public sealed record Release(Guid OfferId, DateTimeOffset At, string? Organisation, string Reason, ActorView? By = null);

/// <summary>A step of the request through matching, and why; <paramref name="By"/> names the coordinator of a step taken by hand.</summary>
public sealed record MatchingDecision(string Status, DateTimeOffset At, string? Reason, Guid? OfferId = null, ActorView? By = null);
