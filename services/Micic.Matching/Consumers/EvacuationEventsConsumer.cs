using MassTransit;
using MassTransit.Context;
using Micic.Contracts;
using Micic.Matching.StateMachines;
using Micic.Persistence.Messaging;
using Micic.Persistence.Sagas;

namespace Micic.Matching.Consumers;

/// <summary>
/// Every event of the matching saga, taken in batches (<see cref="SagaBatches{TSaga}"/>): when thousands of groups move
/// at once — an intake of a CSV, a ship's answers to the holds — each batch of their events is one unit of work, and
/// each group is decided by <see cref="EvacuationStateMachine"/> as it would be alone. (New capacity is shared out by
/// <see cref="Allocation.CapacityAllocator"/>, which raises <see cref="SeatsOffered"/> in its own round.)
/// </summary>
public sealed class EvacuationEventsConsumer(SagaBatches<EvacuationState> sagas, InboxBatch inbox, EvacuationStateMachine machine) :
    IConsumer<Batch<SeatsHeldForGroups>>, IConsumer<Batch<SeatHoldsRejected>>, IConsumer<Batch<EvacuationRequested>>, IConsumer<Batch<EvacuationRequestCancelled>>,
    IConsumer<Batch<AssignOffer>>, IConsumer<Batch<ReleaseFromOffer>>, IConsumer<Batch<SeatsHeld>>, IConsumer<Batch<SeatHoldRejected>>,
    IConsumer<Batch<SeatsReleased>>, IConsumer<Batch<EscalationDue>>, IConsumer<Batch<GroupManifested>>, IConsumer<Batch<GroupDeparted>>,
    IConsumer<Batch<PassengerNoShow>>, IConsumer<Batch<PersonArrived>>, IConsumer<Batch<GroupArrivedAtDestination>>
{
    public const string Endpoint = "matching-evacuation";

    public Task Consume(ConsumeContext<Batch<SeatsHeldForGroups>> context) => Decide(context, answers => answers.Held);
    public Task Consume(ConsumeContext<Batch<SeatHoldsRejected>> context) => Decide(context, answers => answers.Rejected);
    public Task Consume(ConsumeContext<Batch<EvacuationRequested>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<EvacuationRequestCancelled>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<AssignOffer>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<ReleaseFromOffer>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<SeatsHeld>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<SeatHoldRejected>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<SeatsReleased>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<EscalationDue>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<GroupManifested>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<GroupDeparted>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<PassengerNoShow>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<PersonArrived>> context) => Decide(context);
    public Task Consume(ConsumeContext<Batch<GroupArrivedAtDestination>> context) => Decide(context);

    Task Decide<T>(ConsumeContext<Batch<T>> context) where T : class => sagas.Consume<EvacuationEventsConsumer, T>(machine, context);

    /// <summary>Offers' answers to a batch of holds, one message for many groups: each group's answer is decided as if it came alone.</summary>
    Task Decide<TAnswers, T>(ConsumeContext<Batch<TAnswers>> context, Func<TAnswers, IReadOnlyList<T>> answers) where TAnswers : class where T : class =>
        inbox.Consume<EvacuationEventsConsumer, TAnswers>(context.Message, (fresh, cancellationToken) => sagas.Apply(machine,
            fresh.SelectMany(envelope => answers(envelope.Message).Select(answer => (ConsumeContext<T>)new MessageConsumeContext<T>(envelope, answer))).ToList(),
            cancellationToken), context.CancellationToken);
}
