using Micic.Contracts;
using Micic.ServiceDefaults.Sagas;

namespace Micic.Matching.StateMachines;

/// <summary>Where one evacuation request stands in matching. Holds what matching needs — no personal data.</summary>
public sealed class EvacuationState : IStoredSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
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

    public Guid? OfferId { get; set; }
    public string? UnmatchedReason { get; set; }

    /// <summary>Orders the status changes this saga publishes, so readers can ignore a late, older one.</summary>
    public int StatusSequence { get; set; }

    public List<MatchingDecision> History { get; set; } = [];
}

/// <summary>A step of the request through matching, and why.</summary>
public sealed record MatchingDecision(string Status, DateTimeOffset At, string? Reason, Guid? OfferId = null);
