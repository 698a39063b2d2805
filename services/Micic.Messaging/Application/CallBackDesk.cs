using System.Security.Claims;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Messaging.Application;

/// <summary>What the coordinator who called noted: who answered, what was agreed.</summary>
public sealed record CloseCallBack(string? Note);

public enum CloseOutcome
{
    Closed,
    NotFound,
    AlreadyClosed,
}

/// <summary>
/// The call-backs people asked for by SMS (HELP): coordinators list them, call, and close each with a note. A list that
/// shows a whole number (an open call-back's) is audited as a read of that group's people, as the messages list is.
/// </summary>
public sealed class CallBackDesk(DbSession session, CallBackStore callBacks, JourneyStore journeys, PersonalDataAudit audit, TransactionalOutbox outbox,
    TimeProvider clock)
{
    public const string Purpose = "call-back";

    public async Task<(IReadOnlyList<StoredCallBack> Items, long Total)> List(ClaimsPrincipal user, string? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var (items, total) = await callBacks.List(status, page, cancellationToken);
        var called = items.Where(item => CallBackRules.ShowsWholeNumber(item.Status, item.Phone) && item.RequestId is not null)
            .Select(item => item.RequestId!.Value).Distinct().ToList();
        var people = await journeys.People(called, cancellationToken);
        await audit.Record(Actor.Of(user), Purpose, people.SelectMany(group => group.PersonIds).Distinct().ToList(), cancellationToken,
            requestId: people.Count == 1 ? people[0].RequestId : null);
        await session.CommitAsync(cancellationToken);
        return (items.Select(item => item with { Phone = CallBackRules.PhoneShown(item.Status, item.Phone) }).ToList(), total);
    }

    public async Task<(CloseOutcome Outcome, DateTimeOffset? ClosedAt)> Close(ClaimsPrincipal user, Guid id, string note, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        var callBack = await callBacks.ToClose(id, cancellationToken);
        if (callBack is null || !CallBackRules.CanClose(callBack.Status))
        {
            await session.RollbackAsync();
            return (callBack is null ? CloseOutcome.NotFound : CloseOutcome.AlreadyClosed, null);
        }
        await callBacks.Close(id, note.Trim(), user.OrganisationId(), now, cancellationToken);
        await outbox.Publish(new CallBackClosed { CallBackId = id, RequestId = callBack.RequestId, RequestedAt = callBack.At, ClosedAt = now }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (CloseOutcome.Closed, now);
    }
}
