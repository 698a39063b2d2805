using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Telemetry;

namespace Micic.Requests.Application;

/// <summary>
/// How a request comes into being, whoever raises it — a requester through the API or a CSV file, a transit site asking
/// for an onward journey, a passenger who did not board: stored under a reference of its own and announced to matching
/// (<see cref="EvacuationRequested"/>), in the caller's unit of work.
/// </summary>
public sealed class RequestIntake(DbSession session, EvacuationRequestStore store, PossibleDuplicateStore duplicates, TransactionalOutbox outbox,
    SeedData seeds, CrisisCatalogue crises, TimeProvider clock)
{
    /// <summary>Valid submissions of one organisation, as new requests, in one unit of work (or the caller's).</summary>
    /// <param name="registration">Who registered and who sent them, when known.</param>
    public async Task<IReadOnlyList<EvacuationRequest>> Submit(IReadOnlyList<SubmitEvacuationRequest> submissions, string organisationId,
        CancellationToken cancellationToken, Registration? registration = null)
    {
        await session.BeginAsync(cancellationToken);
        var crisisCountries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var crisisId in submissions.Select(submission => submission.CrisisId!).Distinct())
            crisisCountries[crisisId] = (await crises.Find(crisisId, cancellationToken))!.Country; // validated before
        var requests = await Take([.. submissions.Select(submission => Accept(submission, crisisCountries[submission.CrisisId!], organisationId, registration))],
            cancellationToken);
        await FlagPossibleDuplicates(requests, cancellationToken);
        var people = requests.Sum(request => request.People.Count);
        session.AfterCommit(() => MicicTelemetry.PeopleSubmitted.Add(people));
        await session.CommitAsync(cancellationToken);
        return requests;
    }

    EvacuationRequest Accept(SubmitEvacuationRequest submission, string crisisCountry, string organisationId, Registration? registration)
    {
        var request = EvacuationRequest.Accept(submission, organisationId, crisisCountry, clock.GetUtcNow());
        return request with { RegisteredBy = registration?.RegisteredBy, SentBy = registration?.SentBy };
    }

    /// <summary>How many imported groups are stored per statement.</summary>
    const int ImportChunk = 1000;

    /// <summary>The accepted groups of a CSV file, in one unit of work: all of them are stored, or none.</summary>
    public async Task<IReadOnlyList<Guid>> Import(IReadOnlyList<SubmitEvacuationRequest> groups, string organisationId, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var ids = new List<Guid>(groups.Count);
        foreach (var chunk in groups.Chunk(ImportChunk))
            ids.AddRange((await Submit(chunk, organisationId, cancellationToken)).Select(request => request.Id));
        await session.CommitAsync(cancellationToken);
        return ids;
    }

    /// <summary>The onward journey a transit site asked for, once however often it is asked.</summary>
    public async Task RaiseOnwardJourney(OnwardJourneyRequested onward, CancellationToken cancellationToken)
    {
        if (await store.Find(onward.RequestId, cancellationToken) is not null)
            return; // raised already
        var group = onward.FromRequestId is { } from ? await store.Find(from, cancellationToken) : null;
        await Take([OnwardJourney.From(onward, group, seeds.Places[onward.PickupPlace].Country, clock.GetUtcNow())], cancellationToken);
    }

    /// <summary>
    /// A passenger who did not board is split off into a request of their own, which matching takes up keeping their
    /// place; their group goes on without them. Once: a repeated no-show finds them gone already.
    /// </summary>
    public async Task SplitOffNoShow(PassengerNoShow noShow, CancellationToken cancellationToken)
    {
        if (await store.Find(noShow.RequestId, cancellationToken) is not { } group
            || group.People.SingleOrDefault(person => person.Id == noShow.PersonId) is not { } person
            || !await store.RemovePerson(group.Id, person.Id, cancellationToken))
            return;
        var now = clock.GetUtcNow();
        var alone = (await Take([NoShow.SplitOff(group, person, now)], cancellationToken))[0];
        await store.Note(group.Id, person.Id, $"person did not board; now travels on request {alone.Reference}", now, cancellationToken);
    }

    /// <summary>
    /// People just taken in who look like someone in another open request of the crisis (<see cref="PossibleDuplicates"/>)
    /// are flagged for a coordinator to merge or dismiss: a family is never refused for it.
    /// </summary>
    async Task FlagPossibleDuplicates(IReadOnlyList<EvacuationRequest> requests, CancellationToken cancellationToken)
    {
        var people = requests.SelectMany(request => request.People).Select(person => person.Identity).ToList();
        await duplicates.LearnOfNewcomers(people.Count, cancellationToken);
        await duplicates.LockKeys(people.Select(PossibleDuplicates.DocumentKey).Concat(people.Select(PossibleDuplicates.IdentityKey)).OfType<string>(),
            cancellationToken);
        var now = clock.GetUtcNow();
        var flags = PossibleDuplicates.Flag(await duplicates.Candidates([.. requests.Select(request => request.Id)], cancellationToken),
            DateOnly.FromDateTime(now.UtcDateTime));
        var crisisOf = requests.ToDictionary(request => request.Id, request => request.CrisisId);
        await duplicates.Insert([.. flags.Select(flag => (flag, crisisOf[flag.SecondRequestId]))], now, cancellationToken);
    }

    /// <summary>Stores the requests, a request whose reference is already taken drawing another, and announces each.</summary>
    async Task<IReadOnlyList<EvacuationRequest>> Take(List<EvacuationRequest> requests, CancellationToken cancellationToken)
    {
        for (var taken = await store.TryInsert(requests, cancellationToken); taken.Count > 0;)
        {
            var redrawn = taken.Select(request => request.WithNewReference()).ToList();
            foreach (var request in redrawn)
                requests[requests.FindIndex(earlier => earlier.Id == request.Id)] = request;
            taken = await store.TryInsert(redrawn, cancellationToken);
        }
        foreach (var request in requests)
            await outbox.Publish(request.ToEvent(), cancellationToken);
        return requests;
    }
}
