using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.ServiceDefaults.Http;

namespace Micic.Matching.Application;

/// <summary>
/// What coordinators ask of matching: where a group stands and, for the groups still waiting, why — judged now against
/// the offers as they are, not as they were when the group was last refused (an offer published since may have changed
/// the answer: none from the place, none to the destination…).
/// </summary>
public sealed class WaitingGroups(EvacuationSagas sagas, IOfferBoard board, EvacuationStateMachine machine, TimeProvider clock)
{
    readonly Dictionary<(string, string), IReadOnlyList<AvailableOffer>> _offers = [];

    /// <summary>A group in matching, with why it waits if it does.</summary>
    public async Task<EvacuationState?> Find(Guid requestId, CancellationToken cancellationToken)
    {
        var saga = await sagas.Find(requestId, cancellationToken);
        if (saga is not null && saga.IsIn(machine.Pending))
            saga.UnmatchedReason = await WhyWaiting(saga, clock.GetUtcNow(), cancellationToken);
        return saga;
    }

    /// <summary>One page of the groups still waiting for a seat, highest priority first (earlier submission on a tie), each with why.</summary>
    public async Task<(IReadOnlyList<EvacuationState> Page, int Total)> InPriorityOrder(string? crisisId, string? pickupPlace, PageRequest page,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Only the head of the list is read: the groups ranking (Priority.RanksFrom) up to the last one the page could
        // show, and those within the hour after it, which may tie with it to the whole hour; any group ranking later has
        // a lower priority than all of them, and as many of them come before it as the pages up to this one hold.
        var head = (await sagas.WaitingInRankOrder(crisisId, pickupPlace, null, after: null, upTo: null, page.Offset + page.PageSize, cancellationToken)).ToList();
        if (head.Count == page.Offset + page.PageSize)
            head.AddRange(await sagas.WaitingInRankOrder(crisisId, pickupPlace, null, after: head[^1], upTo: EvacuationSagas.RanksFrom(head[^1]).AddHours(1),
                take: null, cancellationToken));
        var waiting = head.ToDictionary(saga => saga.CorrelationId);
        var shown = AllocationPolicy.InPriorityOrder(waiting.Values.Select(saga => saga.AsWaitingGroup()), now)
            .Skip(page.Offset).Take(page.PageSize)
            .Select(group => waiting[group.RequestId])
            .ToList();
        foreach (var saga in shown)
            saga.UnmatchedReason = await WhyWaiting(saga, now, cancellationToken);
        return (shown, await sagas.CountWaiting(crisisId, pickupPlace, cancellationToken));
    }

    /// <summary>
    /// The group once its saga has applied a coordinator's decision sent after <paramref name="sent"/> was read — every
    /// step taken by hand names its coordinator in the history — or null if that has not happened within
    /// <paramref name="wait"/> (the decision is still on its way, or the group moved on before it landed).
    /// </summary>
    public async Task<EvacuationState?> AfterDecision(EvacuationState sent, TimeSpan wait, CancellationToken cancellationToken)
    {
        var stepsByHand = sent.History.Count(step => step.By is not null);
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            if (await Find(sent.CorrelationId, cancellationToken) is { } saga && saga.History.Count(step => step.By is not null) > stepsByHand)
                return saga;
            if (clock.GetUtcNow() >= deadline)
                return null;
            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
        }
    }

    async Task<string> WhyWaiting(EvacuationState saga, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_offers.TryGetValue((saga.CrisisId, saga.PickupPlace), out var offers))
            _offers[(saga.CrisisId, saga.PickupPlace)] = offers = await board.From(saga.CrisisId, saga.PickupPlace, cancellationToken);
        var candidates = offers.Where(offer => !saga.ExcludedOffers.Contains(offer.OfferId));
        // An offer with seats the group fits but has not been given yet is about to be shared out: say so rather than nothing.
        return AllocationPolicy.Choose(saga.AsWaitingGroup(), candidates, now).Reason is { } reason
            ? saga.WaitingReason(reason)
            : "seats available, being allocated";
    }
}
