using Micic.Requests.Data;

namespace Micic.Requests.Domain;

/// <summary>
/// A passenger who did not board goes back to matching on a request of their own. It keeps everything of the group's
/// request that decides their place — crisis, pickup, destination, consent and, above all, the submission time — so
/// that missing one movement never sends anyone to the back of the queue.
/// </summary>
public static class NoShow
{
    public static EvacuationRequest SplitOff(StoredRequest group, StoredPerson person, DateTimeOffset now) => new(
        Guid.CreateVersion7(now),
        EvacuationRequest.NewReference(group.Reference[..group.Reference.IndexOf('-')]),
        group.OrganisationId,
        group.CrisisId,
        group.PickupPlace,
        group.DestinationCountry,
        group.AcceptsThirdCountry,
        group.EarliestDeparture,
        group.ConsentToShareWithConsulate,
        ContactPhone: null,
        Notes: $"Did not board with request {group.Reference}.",
        group.SubmittedAt,
        // A journey still under way has not reached its retention period: the names are there.
        [new Person(person.Id, person.GivenName!, person.FamilyName!, person.Sex, person.BirthDate, person.Age, person.Nationality,
            person.DocumentKind, person.DocumentNumber, person.DocumentExpiresOn, person.Needs,
            EvacuationRequestValidator.AgeOn(person.BirthDate, person.Age, DateOnly.FromDateTime(now.UtcDateTime)))])
    {
        SplitFromRequestId = group.Id,
    };
}
