using System.Security.Claims;
using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Requests.Application;

/// <summary>
/// Check-ins of registered nationals in a declared crisis, as Messaging reports them: who was asked, who answered what,
/// whom the consulate is to call. "I want to leave" becomes an evacuation request of the registered household, once,
/// through the same intake as any other request. Consulates read their nationals' check-ins, every read audited.
/// </summary>
public sealed class CheckIns(DbSession session, CheckInStore store, RegistrationStore registrations, RequestIntake intake,
    EvacuationRequestValidator validator, PersonalDataAudit audit, CrisisCatalogue crises, SeedData seeds)
{
    /// <summary>Who reads a registration to turn it into a request: the platform, on the household's own answer.</summary>
    public static readonly Actor Answering = Actor.Platform("micic:check-ins");

    public Task Asked(CheckInsAsked asked, CancellationToken cancellationToken) =>
        store.Asked(asked.CrisisId, asked.RegistrationIds, asked.Attempt, asked.At, cancellationToken);

    public Task Unanswered(CheckInUnanswered unanswered, CancellationToken cancellationToken) =>
        store.Unanswered(unanswered.CrisisId, unanswered.RegistrationId, unanswered.At, cancellationToken);

    /// <summary>
    /// Keeps the household's latest answer; a "want to leave" that is the latest, of a household with no request yet,
    /// becomes its request. A household that does not make a valid request is not refused silently: the check-in says why.
    /// </summary>
    public async Task Answered(CheckInAnswered answered, CancellationToken cancellationToken)
    {
        if (CheckInAnswer.Name(answered.Answer) is null)
            return; // Messaging sends only the three answers; anything else is no answer
        await session.BeginAsync(cancellationToken);
        var kept = await store.Answered(answered.CrisisId, answered.RegistrationId, answered.Answer, answered.At, cancellationToken);
        if (answered.Answer == CheckInAnswer.WantsToLeave && kept is { Latest: true, RequestId: null }
            && await registrations.Find(answered.RegistrationId, cancellationToken) is { } registration)
            await Raise(answered.CrisisId, registration, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    async Task Raise(string crisisId, ConsularRegistration registration, CancellationToken cancellationToken)
    {
        var crisis = await crises.Find(crisisId, cancellationToken);
        var area = registration.Area is { } code ? seeds.Places.GetValueOrDefault(code) : null;
        var pickup = crisis is null ? null : NearestPickup.For(seeds.Places.Values, crisis.Country, area);
        var submission = CheckInRequest.From(registration, crisisId, pickup?.Code);
        if (validator.Validate(submission, crisis) is { Count: > 0 } errors)
        {
            await store.Became(crisisId, registration.Id, null, Problem(errors), cancellationToken);
            return;
        }
        await audit.Record(Answering, "check-in-request", [.. registration.Household.Select(person => person.Id)], cancellationToken);
        var request = (await intake.Submit([submission], registration.OrganisationId, cancellationToken))[0];
        await store.Became(crisisId, registration.Id, request.Id, null, cancellationToken);
    }

    static string Problem(Dictionary<string, string[]> errors) =>
        "Not a valid request as registered: " + string.Join("; ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));

    /// <summary>A page of the caller's nationals' check-ins, with names: audited as one read of everyone on the page.</summary>
    public async Task<(IReadOnlyList<CheckInRow> Items, long Total)> List(ClaimsPrincipal user, string crisisId, int? answer, string? status,
        PageRequest page, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var (items, total) = await store.List(crisisId, user.Nationalities(), answer, status, page, cancellationToken);
        await audit.Record(Actor.Of(user), "check-ins-list", [.. items.SelectMany(item => item.PersonIds)], cancellationToken);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }
}
