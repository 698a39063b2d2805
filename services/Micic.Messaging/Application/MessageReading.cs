using System.Security.Claims;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;

namespace Micic.Messaging.Application;

/// <summary>
/// The messages list: a coordinator's shows every phone, and is an audited read of the people those phones reach; a
/// requester's shows its own groups' messages only, phones masked but the last three digits.
/// </summary>
public sealed class MessageReading(DbSession session, MessageStore messages, JourneyStore journeys, PersonalDataAudit audit)
{
    public async Task<(IReadOnlyList<StoredMessage> Items, long Total)> List(ClaimsPrincipal user, MessageFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        var coordinator = user.IsCoordinator();
        await session.BeginAsync(cancellationToken);
        var (items, total) = await messages.List(filter with { OrganisationId = coordinator ? null : user.OrganisationId() }, page, cancellationToken);
        if (coordinator)
        {
            var shown = items.Where(message => message.Phone is not null && message.RequestId is not null).Select(message => message.RequestId!.Value).Distinct().ToList();
            var people = await journeys.People(shown, cancellationToken);
            await audit.Record(Actor.Of(user), "messages", people.SelectMany(group => group.PersonIds).Distinct().ToList(), cancellationToken,
                requestId: filter.RequestId ?? (people.Count == 1 ? people[0].RequestId : null));
        }
        else
            items = items.Select(message => message with { Phone = message.Phone is null ? null : Phones.Masked(message.Phone) }).ToList();
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }
}
