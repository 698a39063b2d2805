using System.Security.Claims;
using Micic.Persistence.Crises;
using Micic.Persistence.Intake;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Micic.Transit.Domain;

namespace Micic.Transit.Application;

/// <summary>Walk-ins registered by someone disabled since: held, then logged as arrivals by a colleague, or discarded.</summary>
public sealed class HeldWalkIns(HeldSubmissions held, Reception reception, ArrivalValidator validator, SeedData seeds, CrisisCatalogue crises)
{
    public Task<Guid> Hold(LogArrival arrival, Registrant registrant, FieldWorker sentBy, CancellationToken cancellationToken) =>
        held.Hold(arrival, 1, arrival.SiteCode, registrant, sentBy, cancellationToken);

    /// <summary>The held walk-in is logged as an arrival, as if the reviewer sent it now, registered by whom it was.</summary>
    public Task<ReviewOutcome> Accept(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        held.Accept<LogArrival>(id, user, async (arrival, walkIn, reviewer) =>
        {
            if (validator.Validate(arrival, await crises.Find(arrival.WalkIn?.CrisisId, cancellationToken)) is { Count: > 0 } errors)
                return ReviewOutcome.Invalid("arrival", errors);
            return await reception.LogArrival(arrival, seeds.Places[arrival.SiteCode!], walkIn.OrganisationId, cancellationToken,
                new Registration(walkIn.Registrant.Worker, reviewer)) switch
            {
                ArrivalOutcome.Logged(var logged) => new ReviewOutcome.Accepted(logged.Id, logged),
                ArrivalOutcome.NotExpected => new ReviewOutcome.Refused($"Person {arrival.PersonId} is not expected at {arrival.SiteCode}."),
                ArrivalOutcome.Closed(var closure) => new ReviewOutcome.Refused($"{arrival.SiteCode} is closed until {closure.Until:yyyy-MM-dd HH:mm} UTC."),
                _ => new ReviewOutcome.Refused($"Person {arrival.PersonId} was already logged at {arrival.SiteCode}."),
            };
        }, cancellationToken);
}
