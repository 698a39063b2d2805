using Micic.Contracts;
using Micic.Matching.Domain;
using Micic.ServiceDefaults.Auth;

namespace Micic.Matching.StateMachines;

/// <summary>What the saga writes down at each step, and the messages that describe it.</summary>
static class EvacuationStateSteps
{
    public static void Record(this EvacuationState saga, EvacuationRequested requested)
    {
        saga.CrisisId = requested.CrisisId;
        saga.PickupPlace = requested.PickupPlace;
        saga.DestinationCountry = requested.DestinationCountry;
        saga.AcceptsThirdCountry = requested.AcceptsThirdCountry;
        saga.EarliestDeparture = requested.EarliestDeparture;
        saga.GroupSize = requested.GroupSize;
        saga.Nationalities = requested.Nationalities.ToList();
        saga.Needs = requested.Needs;
        saga.HasElderly = requested.HasElderly;
        saga.SubmittedAt = requested.SubmittedAt;
        saga.NeedWeight = Priority.NeedWeight(requested.Needs, requested.HasElderly);
    }

    /// <summary>Records a step that does not change the request's public status (holding, a refused hold, escalation).</summary>
    public static void Note(this EvacuationState saga, string step, DateTimeOffset at, string? reason, ActorView? by = null) =>
        saga.History.Add(new MatchingDecision(step, at, reason, saga.OfferId, by));

    /// <summary>Records the change in the saga's history and describes it for everyone else.</summary>
    public static EvacuationStatusChanged ChangeStatus(this EvacuationState saga, string status, DateTimeOffset at, string? reason, ActorView? by = null)
    {
        saga.StatusSequence++;
        saga.UnmatchedReason = status == RequestStatus.Pending ? reason : null;
        saga.Note(status, at, reason, by);
        return new EvacuationStatusChanged
        {
            RequestId = saga.CorrelationId,
            Status = status,
            Sequence = saga.StatusSequence,
            GroupSize = saga.GroupSize,
            Priority = Priority.At(saga.NeedWeight, saga.SubmittedAt, at),
            NeedLevel = Priority.NeedLevel(saga.Needs, saga.HasElderly),
            NeedWeight = saga.NeedWeight,
            OfferId = saga.OfferId,
            Reason = reason,
            At = at,
        };
    }

    /// <summary>
    /// Why the group waits, given why no offer suits it (<paramref name="otherOffers"/>); a coordinator's release that
    /// keeps it off an offer is said first, with what happens next.
    /// </summary>
    public static string WaitingReason(this EvacuationState saga, string otherOffers) =>
        saga.StandingRelease() is { } release
            ? UnmatchedReason.Released(release.Organisation, release.At, release.Reason, saga.PickupPlace, otherOffers)
            : otherOffers;

    public static HoldSeats HoldSeats(this EvacuationState saga) => new()
    {
        OfferId = saga.OfferId!.Value,
        RequestId = saga.CorrelationId,
        Seats = saga.GroupSize,
        RanksFrom = Priority.RanksFrom(saga.NeedWeight, saga.SubmittedAt),
        SubmittedAt = saga.SubmittedAt,
    };

    public static void Escalate(this EvacuationState saga, DateTimeOffset at)
    {
        saga.EscalatedAt = at;
        saga.Note("escalated", at, $"vulnerable group waiting since {saga.SubmittedAt:u}");
    }

    public static VulnerableGroupWaitingTooLong Escalation(this EvacuationState saga, DateTimeOffset at) => new()
    {
        RequestId = saga.CorrelationId,
        Priority = Priority.At(saga.NeedWeight, saga.SubmittedAt, at),
        GroupSize = saga.GroupSize,
        SubmittedAt = saga.SubmittedAt,
        EscalatedAt = at,
        Reason = saga.UnmatchedReason,
    };
}
