using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Application;

/// <summary>A request, and the people in it and the lines of its history the caller may see.</summary>
public sealed record VisibleRequest(StoredRequest Request, IReadOnlyList<StoredPerson> People, IReadOnlyList<StatusEntry> History)
{
    /// <summary>The possible duplicates the request is part of.</summary>
    public IReadOnlyList<DuplicateOfRequest> PossibleDuplicates { get; init; } = [];
}

/// <summary>Reads of people's personal data, each audited in the read's unit of work.</summary>
public sealed class RequestReading(DbSession session, EvacuationRequestStore store, PossibleDuplicateStore duplicates, PersonalDataAudit audit)
{
    /// <summary>One request as far as the caller may see it; null when nobody in it is visible to them.</summary>
    public async Task<VisibleRequest?> Read(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Find(id, cancellationToken) is not { } request)
            return null;
        var visible = request.People
            .Where(person => user.MaySee(request.OrganisationId, request.ConsentToShareWithConsulate, person.Nationality)).ToList();
        if (visible.Count == 0)
            return null;
        var history = request.History
            .Where(line => user.MaySeeLine(request.OrganisationId, request.ConsentToShareWithConsulate, line.AboutPersonId, line.AboutNationality))
            .Select(line => line.Entry).ToList();
        var possibleDuplicates = await duplicates.OfRequest(id, cancellationToken);
        await audit.Record(Actor.Of(user), "request-view", visible.Select(person => person.Id).ToList(), cancellationToken, requestId: id);
        await session.CommitAsync(cancellationToken);
        return new VisibleRequest(request, visible, history) { PossibleDuplicates = possibleDuplicates };
    }

    /// <summary>
    /// Matched groups' people, for the manifests of their movements: asked point to point by Manifests, a batch of groups at
    /// a time and audited as one read. A group whose personal data was erased, or that is unknown here, is left out.
    /// </summary>
    public async Task<IReadOnlyList<StoredRequest>> ForManifests(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var requests = (await store.FindMany(ids, cancellationToken)).Where(request => request.PersonalDataErasedAt is null).ToList();
        await audit.Record(Actor.Platform("micic:manifests"), "manifest", requests.SelectMany(request => request.People).Select(person => person.Id).ToList(),
            cancellationToken, requestId: requests.Count == 1 ? requests[0].Id : null);
        await session.CommitAsync(cancellationToken);
        return requests;
    }

    /// <summary>
    /// How groups may be reached by SMS, for the notices of their journeys: asked point to point by Messaging, a batch of
    /// groups at a time and audited as one read of the people whose phone goes (only groups that agreed to messages).
    /// </summary>
    public async Task<IReadOnlyList<MessageContact>> ForMessages(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var contacts = await store.MessageContacts(ids, cancellationToken);
        var reachable = contacts.Where(contact => contact.Phone is not null).ToList();
        await audit.Record(Actor.Platform("micic:messages"), "messages", reachable.SelectMany(contact => contact.PersonIds).ToList(),
            cancellationToken, requestId: reachable.Count == 1 ? reachable[0].RequestId : null);
        await session.CommitAsync(cancellationToken);
        return contacts;
    }
}
