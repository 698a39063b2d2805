using MassTransit;
using Micic.Contracts;
using Micic.Matching.Domain;

namespace Micic.Matching.StateMachines;

/// <summary>
/// One saga per evacuation request (DESIGN.md "The flow", step 3):
/// Pending → Holding → Matched → Manifested → Departed → InTransit → Completed, or Cancelled.
/// </summary>
public sealed class EvacuationStateMachine : MassTransitStateMachine<EvacuationState>
{
    public State Pending { get; private set; } = null!;
    public State Holding { get; private set; } = null!;
    public State Matched { get; private set; } = null!;
    public State Manifested { get; private set; } = null!;
    public State Departed { get; private set; } = null!;
    public State InTransit { get; private set; } = null!;
    public State Completed { get; private set; } = null!;
    public State Cancelled { get; private set; } = null!;

    public Event<EvacuationRequested> Requested { get; private set; } = null!;
    public Event<EvacuationRequestCancelled> CancellationRequested { get; private set; } = null!;

    public EvacuationStateMachine(TimeProvider clock)
    {
        InstanceState(saga => saga.CurrentState);

        Event(() => Requested, e => e.CorrelateById(context => context.Message.RequestId));
        Event(() => CancellationRequested, e =>
        {
            e.CorrelateById(context => context.Message.RequestId);
            e.OnMissingInstance(missing => missing.Discard());
        });

        Initially(
            When(Requested)
                .Then(context => context.Saga.Record(context.Message))
                .TransitionTo(Pending)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Pending, clock.GetUtcNow(), reason: null))));

        During(Pending, Holding, Matched,
            When(CancellationRequested)
                .TransitionTo(Cancelled)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Cancelled, clock.GetUtcNow(), context.Message.Reason))));

        // A request is registered once; a second copy of its event (another message id) changes nothing.
        DuringAny(Ignore(Requested));
    }
}

static class EvacuationStateExtensions
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

    /// <summary>Records the change in the saga's history and describes it for everyone else.</summary>
    public static EvacuationStatusChanged ChangeStatus(this EvacuationState saga, string status, DateTimeOffset at, string? reason)
    {
        saga.StatusSequence++;
        saga.UnmatchedReason = status == RequestStatus.Pending ? reason : null;
        saga.History.Add(new MatchingDecision(status, at, reason, saga.OfferId));
        return new EvacuationStatusChanged
        {
            RequestId = saga.CorrelationId,
            Status = status,
            Sequence = saga.StatusSequence,
            GroupSize = saga.GroupSize,
            Priority = Priority.At(saga.NeedWeight, saga.SubmittedAt, at),
            OfferId = saga.OfferId,
            Reason = reason,
            At = at,
        };
    }
}
