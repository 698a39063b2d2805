using Micic.Contracts;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Matching.Application;

/// <summary>What a coordinator's decision came to.</summary>
public abstract record Decision
{
    /// <summary>Sent to the group's saga, which applies it in turn with whatever else arrives for the group.</summary>
    public sealed record Sent(EvacuationState Saga) : Decision;

    public sealed record UnknownGroup : Decision;

    /// <summary>The group is not in a state where the decision applies, or the offer does not suit it.</summary>
    public sealed record Refused(string Title, string Detail) : Decision;

    public sealed record UnknownOffer : Decision;
}

/// <summary>
/// A coordinator overrides matching: puts a waiting group on an offer by hand, or takes a matched group off its offer.
/// Both go to the group's saga as commands through the outbox, so they are applied in order with the saga's own steps;
/// the outbox writes the coordinator into the command's headers, and the saga into the group's history.
/// </summary>
public sealed class CoordinatorDecisions(DbSession session, TransactionalOutbox outbox, EvacuationSagas sagas, IOfferBoard board,
    EvacuationStateMachine machine, TimeProvider clock)
{
    /// <summary>
    /// The offer must suit the group by the same rules as automatic matching; the seats are then held by Offers like any
    /// other hold, so the offer is never overbooked.
    /// </summary>
    public async Task<Decision> Assign(Guid requestId, Guid offerId, string reason, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await sagas.Find(requestId, cancellationToken) is not { } saga)
            return new Decision.UnknownGroup();
        if (!saga.IsIn(machine.Pending))
            return new Decision.Refused("The group is not waiting.", $"Only a waiting group can be assigned; this one is {StateName(saga)}.");
        if (await board.Find(offerId, cancellationToken) is not { } offer)
            return new Decision.UnknownOffer();
        var group = saga.AsWaitingGroup();
        if (AllocationPolicy.Judge(group, offer, clock.GetUtcNow()) is { Fit: not Fit.Fits } verdict)
            return new Decision.Refused("The offer does not suit the group.", verdict.Reason(group));

        await outbox.Publish(new AssignOffer { RequestId = requestId, OfferId = offer.OfferId, Reason = reason }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new Decision.Sent(saga);
    }

    /// <summary>The group's seats go to the next waiting group, and it waits again.</summary>
    public async Task<Decision> Release(Guid requestId, string reason, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await sagas.Find(requestId, cancellationToken) is not { } saga)
            return new Decision.UnknownGroup();
        if (!saga.IsIn(machine.Matched))
            return new Decision.Refused("The group holds no seats.", $"Only a matched group can be released; this one is {StateName(saga)}.");

        await outbox.Publish(new ReleaseFromOffer { RequestId = requestId, Reason = reason }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new Decision.Sent(saga);
    }

    /// <summary>A saga state as the API names it ("in-transit").</summary>
    public static string StateName(EvacuationState saga) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(saga.CurrentState);
}
