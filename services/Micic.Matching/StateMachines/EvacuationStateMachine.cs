using System.Linq.Expressions;
using MassTransit;
using Micic.Contracts;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Auth;
using Microsoft.Extensions.Options;

namespace Micic.Matching.StateMachines;

/// <summary>
/// One saga per evacuation request:
/// Pending → Holding → Matched → Manifested → Departed → InTransit → Completed, or Cancelled.
/// A group asks Offers to hold seats for all of its members at once; a refusal moves it to the next candidate or back
/// to waiting with the reason, and whatever sends it back (withdrawal, seat cut, release) keeps its need weight and
/// submission time, so it never loses its place. Seats held for a group that no longer wants them are given back.
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

    public Event<EvacuationRequested> EvacuationRequested { get; private set; } = null!;
    public Event<EvacuationRequestCancelled> EvacuationRequestCancelled { get; private set; } = null!;
    public Event<SeatsOffered> SeatsOffered { get; private set; } = null!;
    public Event<AssignOffer> AssignOffer { get; private set; } = null!;
    public Event<ReleaseFromOffer> ReleaseFromOffer { get; private set; } = null!;
    public Event<SeatsHeld> SeatsHeld { get; private set; } = null!;
    public Event<SeatHoldRejected> SeatHoldRejected { get; private set; } = null!;
    public Event<SeatsReleased> SeatsReleased { get; private set; } = null!;
    public Event<EscalationDue> EscalationDue { get; private set; } = null!;
    public Event<GroupManifested> GroupManifested { get; private set; } = null!;
    public Event<GroupDeparted> GroupDeparted { get; private set; } = null!;
    public Event<PassengerNoShow> PassengerNoShow { get; private set; } = null!;
    public Event<PersonArrived> PersonArrived { get; private set; } = null!;
    public Event<GroupArrivedAtDestination> GroupArrivedAtDestination { get; private set; } = null!;

    readonly TimeProvider _clock;
    readonly MatchingOptions _options;

    public EvacuationStateMachine(TimeProvider clock, IOptions<MatchingOptions> options)
    {
        _clock = clock;
        _options = options.Value;
        InstanceState(saga => saga.CurrentState);

        Event(() => EvacuationRequested, e => e.CorrelateById(context => context.Message.RequestId));
        ForRequest(() => EvacuationRequestCancelled, message => message.RequestId);
        ForRequest(() => SeatsOffered, message => message.RequestId);
        ForRequest(() => AssignOffer, message => message.RequestId);
        ForRequest(() => ReleaseFromOffer, message => message.RequestId);
        ForRequest(() => SeatsHeld, message => message.RequestId);
        ForRequest(() => SeatHoldRejected, message => message.RequestId);
        ForRequest(() => SeatsReleased, message => message.RequestId);
        ForRequest(() => EscalationDue, message => message.RequestId);
        ForRequest(() => GroupManifested, message => message.RequestId);
        ForRequest(() => GroupDeparted, message => message.RequestId);
        ForRequest(() => PassengerNoShow, message => message.RequestId);
        Event(() => PersonArrived, e =>
        {
            e.CorrelateById(context => context.Message.RequestId ?? Guid.Empty); // a walk-in has no request yet
            e.OnMissingInstance(missing => missing.Discard());
        });
        ForRequest(() => GroupArrivedAtDestination, message => message.RequestId);

        Initially(
            When(EvacuationRequested)
                .Then(context => context.Saga.Record(context.Message))
                // The deadline is kept as a message held back in the outbox until it falls due (no delayed exchange here).
                .If(context => context.Saga.IsVulnerable, deadline => deadline.ThenAsync(context => context.PublishWhenDue(
                    new EscalationDue { RequestId = context.Saga.CorrelationId },
                    context.Saga.SubmittedAt + _options.EscalateVulnerableAfter)))
                .Activity(activity => activity.OfType<SeekSeat<EvacuationRequested>>())
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Pending, Now, context.Saga.UnmatchedReason)))
                .IfElse(context => context.Saga.OfferId is not null,
                    hold => AskForSeats(hold.TransitionTo(Holding), "best offer for the group"),
                    wait => wait.TransitionTo(Pending)));

        During(Pending,
            AskForSeats(When(SeatsOffered, context => !context.Saga.ExcludedOffers.Contains(context.Message.OfferId))
                .Then(context => context.Saga.OfferId = context.Message.OfferId)
                .TransitionTo(Holding), "new capacity shared out in priority order"),
            AskForSeats(When(AssignOffer)
                .Then(context =>
                {
                    context.Saga.ExcludedOffers.Remove(context.Message.OfferId);
                    context.Saga.OfferId = context.Message.OfferId;
                })
                .TransitionTo(Holding), context => ByHand(context, "assigned", context.Message.Reason), byHand: true),
            Escalate(When(EscalationDue)));

        During(Holding,
            When(SeatsHeld, context => context.Message.OfferId == context.Saga.OfferId)
                .TransitionTo(Matched)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Matched, Now, $"seats held on offer {context.Message.OfferId}"))),
            FindAnotherSeat(When(SeatHoldRejected, context => context.Message.OfferId == context.Saga.OfferId)
                .Then(context => context.Saga.Note("hold-refused", Now, context.Message.Reason))),
            FindAnotherSeat(When(SeatsReleased, context => context.Message.OfferId == context.Saga.OfferId && context.Message.SeatsLeft == 0)
                .Then(context => context.Saga.Note("released", Now, context.Message.Reason))));

        During(Matched,
            FindAnotherSeat(When(SeatsReleased, context => context.Message.OfferId == context.Saga.OfferId && context.Message.SeatsLeft == 0)
                .Then(context => context.Saga.OfferId = null)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Pending, Now, context.Message.Reason)))),
            FindAnotherSeat(When(ReleaseFromOffer, context => context.Message.OfferId is null || context.Message.OfferId == context.Saga.OfferId)
                .SendAsync(CommandQueues.AddressOf<ReleaseSeats>(), context => context.Init<ReleaseSeats>(new ReleaseSeats
                {
                    OfferId = context.Saga.OfferId!.Value, RequestId = context.Saga.CorrelationId,
                    Reason = ByHand(context, "released", context.Message.Reason),
                }))
                .Then(context =>
                {
                    context.Saga.ExcludedOffers.Add(context.Saga.OfferId!.Value);
                    context.Saga.Releases.Add(new Release(context.Saga.OfferId.Value, Now, Organisation(context), context.Message.Reason, Coordinator(context)));
                    context.Saga.OfferId = null;
                })
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Pending, Now, ByHand(context, "released", context.Message.Reason), Coordinator(context))))),
            When(GroupManifested)
                .TransitionTo(Manifested)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Manifested, Now, $"on manifest {context.Message.ManifestId}, closed for boarding"))));

        During(Matched, Manifested,
            When(GroupDeparted)
                .TransitionTo(Departed)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Departed, context.Message.DepartedAt, $"departed on manifest {context.Message.ManifestId}"))),
            // A member who did not board goes back to matching on a request of their own (Requests raises it, keeping
            // the original submission time); this group gives up their seat and travels without them.
            When(PassengerNoShow, context => context.Message.OfferId == context.Saga.OfferId)
                .Then(context =>
                {
                    context.Saga.GroupSize--;
                    context.Saga.Note("no-show", Now, $"person {context.Message.PersonId} did not board; back to matching on their own");
                })
                .SendAsync(CommandQueues.AddressOf<ReleaseSeats>(), context => context.Init<ReleaseSeats>(new ReleaseSeats
                {
                    OfferId = context.Message.OfferId, RequestId = context.Saga.CorrelationId, Seats = 1, Reason = "passenger did not board",
                }))
                .If(context => context.Saga.GroupSize == 0, nobody => nobody
                    .Then(context => context.Saga.OfferId = null)
                    .TransitionTo(Cancelled)
                    .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                        context.Saga.ChangeStatus(RequestStatus.Cancelled, Now, "nobody in the group boarded; each is back in matching on their own")))));

        During(Departed,
            When(PersonArrived, context => !context.Message.AtDestination)
                .TransitionTo(InTransit)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.InTransit, context.Message.ArrivedAt, $"received at {context.Message.SiteCode}"))));

        During(Departed, InTransit,
            When(GroupArrivedAtDestination)
                .TransitionTo(Completed)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Completed, context.Message.At, "every member has reached the destination"))));

        During(Pending, Holding, Matched, Manifested,
            When(EvacuationRequestCancelled)
                .If(context => context.Saga.OfferId is not null, release => release.SendAsync(CommandQueues.AddressOf<ReleaseSeats>(),
                    context => context.Init<ReleaseSeats>(new ReleaseSeats
                    {
                        OfferId = context.Saga.OfferId!.Value, RequestId = context.Saga.CorrelationId, Reason = $"request cancelled: {context.Message.Reason}",
                    })))
                .Then(context => context.Saga.OfferId = null)
                .TransitionTo(Cancelled)
                .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                    context.Saga.ChangeStatus(RequestStatus.Cancelled, Now, context.Message.Reason))));

        // Seats held for a group that has moved on — cancelled, released, or holding elsewhere since — are given back,
        // so a hold that raced a change of mind never keeps a seat from anyone.
        DuringAny(
            When(SeatsHeld, context => context.Message.OfferId != context.Saga.OfferId)
                .SendAsync(CommandQueues.AddressOf<ReleaseSeats>(), context => context.Init<ReleaseSeats>(new ReleaseSeats
                {
                    OfferId = context.Message.OfferId, RequestId = context.Saga.CorrelationId, Reason = "the group no longer needs these seats",
                })));

        // A request is registered once; late or repeated messages about a step already taken change nothing.
        DuringAny(
            Ignore(EvacuationRequested), Ignore(EvacuationRequestCancelled), Ignore(SeatsOffered), Ignore(AssignOffer),
            Ignore(ReleaseFromOffer), Ignore(SeatHoldRejected), Ignore(SeatsReleased), Ignore(EscalationDue),
            Ignore(GroupManifested), Ignore(GroupDeparted), Ignore(PassengerNoShow), Ignore(PersonArrived), Ignore(GroupArrivedAtDestination));
    }

    DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The coordinator a command taken by hand was sent on behalf of, as its headers name them.</summary>
    static ActorView? Coordinator<T>(BehaviorContext<EvacuationState, T> context) where T : class =>
        context.GetServiceOrCreateInstance<ActorContext>().Current is { } actor ? ActorView.Of(actor) : null;

    /// <summary>
    /// Why, as requesters and Offers read it: the organisation that decided, not the person (coordinators see who in the
    /// history); a release no organisation asked for (the movement had left, the family gave the seat up) says so alone.
    /// </summary>
    static string ByHand<T>(BehaviorContext<EvacuationState, T> context, string step, string reason) where T : class =>
        Organisation(context) is { } organisation ? $"{step} by {organisation}: {reason}" : $"{step}: {reason}";

    static string? Organisation<T>(BehaviorContext<EvacuationState, T> context) where T : class =>
        context.GetServiceOrCreateInstance<ActorContext>().Current?.OrganisationId;

    void ForRequest<T>(Expression<Func<Event<T>>> @event, Func<T, Guid> requestId) where T : class =>
        Event(@event, e =>
        {
            e.CorrelateById(context => requestId(context.Message));
            e.OnMissingInstance(missing => missing.Discard());
        });

    bool IsOverdue(EvacuationState saga) =>
        saga.IsVulnerable && saga.EscalatedAt is null && Now >= saga.SubmittedAt + _options.EscalateVulnerableAfter;

    EventActivityBinder<EvacuationState, T> AskForSeats<T>(EventActivityBinder<EvacuationState, T> binder, string why) where T : class =>
        AskForSeats(binder, _ => why);

    /// <summary>
    /// Asks Offers to hold seats for the whole group on the offer in <see cref="EvacuationState.OfferId"/>; a step taken
    /// <paramref name="byHand"/> names its coordinator in the history.
    /// </summary>
    EventActivityBinder<EvacuationState, T> AskForSeats<T>(EventActivityBinder<EvacuationState, T> binder, Func<BehaviorContext<EvacuationState, T>, string> why,
        bool byHand = false)
        where T : class =>
        binder
            .Then(context => context.Saga.Note("holding", Now, why(context), byHand ? Coordinator(context) : null))
            .SendAsync(CommandQueues.AddressOf<HoldSeats>(), context => context.Init<HoldSeats>(context.Saga.HoldSeats()));

    /// <summary>A vulnerable group past its deadline is escalated once: on the unmatched list, and to the dashboard.</summary>
    EventActivityBinder<EvacuationState, T> Escalate<T>(EventActivityBinder<EvacuationState, T> binder) where T : class =>
        binder.If(context => IsOverdue(context.Saga), escalate => escalate
            .Then(context => context.Saga.Escalate(Now))
            .PublishAsync(context => context.Init<VulnerableGroupWaitingTooLong>(context.Saga.Escalation(Now))));

    /// <summary>
    /// Back to the allocation engine: hold seats on the best offer left, or wait — saying why, and escalating a
    /// vulnerable group that has waited past its deadline.
    /// </summary>
    EventActivityBinder<EvacuationState, T> FindAnotherSeat<T>(EventActivityBinder<EvacuationState, T> binder) where T : class =>
        binder
            .Activity(activity => activity.OfType<SeekSeat<T>>())
            .IfElse(context => context.Saga.OfferId is not null,
                hold => AskForSeats(hold.TransitionTo(Holding), "best offer left for the group"),
                wait => Escalate(wait
                    .TransitionTo(Pending)
                    .PublishAsync(context => context.Init<EvacuationStatusChanged>(
                        context.Saga.ChangeStatus(RequestStatus.Pending, Now, context.Saga.UnmatchedReason)))));
}
