using Micic.Contracts;
using Micic.Requests.Data;

namespace Micic.Requests.Domain;

/// <summary>
/// The request for the next leg of a journey, raised by a transit site: from the site's country to the person's
/// destination, for the person as Micic knows them (copied from their own request) or as the site met them (a walk-in).
/// </summary>
public static class OnwardJourney
{
    public static EvacuationRequest From(OnwardJourneyRequested onward, StoredRequest? group, string country, DateTimeOffset now)
    {
        // A journey still under way has not reached its retention period: the names are there.
        var person = group?.People.SingleOrDefault(p => p.Id == onward.FromPersonId) is { } known
            ? new Person(onward.PersonId, known.GivenName!, known.FamilyName!, known.Sex, known.BirthDate, known.Age, known.Nationality,
                known.DocumentKind, known.DocumentNumber, known.DocumentExpiresOn, known.Needs, AgeOn(known.BirthDate, known.Age, now))
            : onward.Walker is { } walker
                ? new Person(onward.PersonId, walker.GivenName, walker.FamilyName, walker.Sex, walker.BirthDate, walker.Age, walker.Nationality,
                    walker.DocumentKind, walker.DocumentNumber, walker.DocumentExpiresOn, walker.Needs, AgeOn(walker.BirthDate, walker.Age, now))
                : throw new InvalidOperationException($"Onward request {onward.RequestId} names nobody Requests knows.");

        return new EvacuationRequest(
            onward.RequestId, EvacuationRequest.NewReference(country), onward.OrganisationId, group?.CrisisId ?? onward.CrisisId
                ?? throw new InvalidOperationException($"Onward request {onward.RequestId} has no crisis."),
            onward.PickupPlace, onward.DestinationCountry, AcceptsThirdCountry: false, EarliestDeparture: null,
            onward.ConsentToShareWithConsulate, ContactPhone: null,
            Notes: group is null ? "Walk-in received at a transit site." : $"Onward journey after request {group.Reference}.",
            onward.SubmittedAt, [person])
        {
            OnwardFromRequestId = group?.Id,
        };
    }

    static int? AgeOn(DateOnly? birthDate, int? age, DateTimeOffset now) =>
        EvacuationRequestValidator.AgeOn(birthDate, age, DateOnly.FromDateTime(now.UtcDateTime));
}
