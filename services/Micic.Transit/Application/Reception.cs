using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;
using Micic.Transit.Data;
using Micic.Transit.Domain;
using Microsoft.Extensions.Options;

namespace Micic.Transit.Application;

/// <summary>What logging an arrival came to.</summary>
public abstract record ArrivalOutcome
{
    public sealed record Logged(ArrivalRecord Arrival) : ArrivalOutcome;

    /// <summary>The person is on no movement bound for this site: they are a walk-in.</summary>
    public sealed record NotExpected : ArrivalOutcome;

    public sealed record AlreadyArrived : ArrivalOutcome;

    /// <summary>The site is closed: no one is received there until it opens.</summary>
    public sealed record Closed(SiteClosure Closure) : ArrivalOutcome;

    /// <summary>The arrival contradicts what is known of the person's journey (dated before their movement left).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ArrivalOutcome;
}

/// <summary>
/// Reception at a transit or arrival site. An arrival — an expected person or a walk-in — is logged with its screening
/// and referrals. Where the site is not the person's destination, an onward request goes to Requests; where it is, the
/// journey ends, and the group is completed once every member has arrived.
/// </summary>
public sealed class Reception(DbSession session, TransactionalOutbox outbox, TransitStore store, SiteClosureStore closures, SeedData seeds,
    IOptions<ReferralDeadlines> deadlines, IOptions<TransitOptions> options, TimeProvider clock)
{
    /// <param name="registration">Who registered the person and who sent the arrival, when the intake app's registrant ticket said so.</param>
    public async Task<ArrivalOutcome> LogArrival(LogArrival body, Place site, string organisationId, CancellationToken cancellationToken,
        Registration? registration = null)
    {
        await session.BeginAsync(cancellationToken);
        // A site its State closed receives no one; one closed while this arrival is logged waits for it.
        await closures.TakeTurn(site.Code, alone: false, cancellationToken);
        if (await closures.InForce(site.Code, clock.GetUtcNow(), cancellationToken) is { } closure)
            return new ArrivalOutcome.Closed(closure);
        ExpectedPerson? expected = null;
        if (body.PersonId is { } personId)
        {
            if ((expected = await store.FindExpected(site.Code, personId, cancellationToken)) is null)
                return new ArrivalOutcome.NotExpected();
            if (await store.HasArrived(site.Code, personId, cancellationToken))
                return new ArrivalOutcome.AlreadyArrived();
            if (ArrivalTime.BeforeDeparture(body.ArrivedAt!.Value, expected.DepartedAt, options.Value.ClockSkewTolerance) is { } early)
                return new ArrivalOutcome.Invalid(new() { ["arrivedAt"] = [early] });
        }

        var needs = (body.Screening?.Needs ?? []).Concat(body.WalkIn?.Needs ?? []).Select(need => need!).Distinct().ToList();
        var now = clock.GetUtcNow();
        var arrival = new ArrivalRecord(
            Guid.CreateVersion7(now), site.Code, expected?.PersonId ?? Guid.CreateVersion7(now), expected?.RequestId, expected is null,
            expected is null ? body.WalkIn!.GivenName!.Trim() : expected.GivenName, expected is null ? body.WalkIn!.FamilyName!.Trim() : expected.FamilyName,
            expected?.Nationality ?? body.WalkIn!.Nationality!, body.ArrivedAt!.Value, needs,
            body.Onward is null ? null : Guid.CreateVersion7(now))
        {
            Sex = expected?.Sex ?? body.WalkIn?.Sex,
            Age = body.WalkIn is { } walker ? Ages.On(walker.BirthDate, walker.Age, DateOnly.FromDateTime(now.UtcDateTime)) : expected?.Age,
        };
        var atDestination = expected is not null && expected.DestinationCountry == site.Country;

        var referrals = Referrals.At(site,
            (body.Referrals ?? []).Select(referral => (WireNames<ReferralService>.Parse(referral!.To!), referral.Consent!.Value)).ToList(),
            needs, Partner.Roster(seeds), deadlines.Value, now);
        await store.Insert(arrival, expected?.ManifestId, body.Screening?.Notes, organisationId, registration, referrals, cancellationToken);
        foreach (var referral in referrals)
            await outbox.Publish(new ReferralChanged
            {
                ReferralId = referral.Id, ArrivalId = arrival.Id, SiteCode = site.Code, Service = referral.Service.WireName(), Status = referral.Status.WireName(),
                PartnerId = referral.PartnerId, DueBy = referral.DueBy, BestInterestAssessment = referral.BestInterestAssessment, At = now,
            }, cancellationToken);
        if (body.Onward is { } onward)
            await RequestOnwardJourney(arrival, expected, body.WalkIn, onward, organisationId, now, cancellationToken);
        if (atDestination)
            foreach (var finished in await store.ReachedDestination(expected!.RequestId, expected.PersonId, arrival.ArrivedAt, cancellationToken))
                await outbox.Publish(new GroupArrivedAtDestination { RequestId = finished, At = arrival.ArrivedAt }, cancellationToken);
        await outbox.Publish(new PersonArrived
        {
            ArrivalId = arrival.Id, SiteCode = site.Code, RequestId = arrival.RequestId, PersonId = arrival.PersonId, WalkIn = arrival.WalkIn,
            CrisisId = body.WalkIn?.CrisisId,
            Needs = needs.Aggregate(Needs.None, (all, name) => NeedNames.TryParse(name, out var need) ? all | need : all),
            AtDestination = atDestination, ArrivedAt = arrival.ArrivedAt,
        }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new ArrivalOutcome.Logged(arrival);
    }

    /// <summary>
    /// Asks Requests, point-to-point, for the onward journey. A known person is copied there from their own request; a
    /// walk-in's details travel in the command, to the one service that will hold them.
    /// </summary>
    async Task RequestOnwardJourney(ArrivalRecord arrival, ExpectedPerson? expected, WalkIn? walkIn, Onward onward, string organisationId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var onwardPerson = Guid.CreateVersion7(now);
        var endpoint = await outbox.SendEndpoint(CommandQueues.AddressOf<OnwardJourneyRequested>());
        await endpoint.Send(new OnwardJourneyRequested
        {
            RequestId = arrival.OnwardRequestId!.Value,
            PersonId = onwardPerson,
            FromRequestId = expected?.RequestId,
            FromPersonId = expected?.PersonId,
            Walker = walkIn is null ? null : new WalkInPersonalData
            {
                GivenName = walkIn.GivenName!.Trim(), FamilyName = walkIn.FamilyName!.Trim(), Sex = walkIn.Sex!, BirthDate = walkIn.BirthDate,
                Age = walkIn.Age, Nationality = walkIn.Nationality!, DocumentKind = walkIn.Document!.Kind!,
                DocumentNumber = walkIn.Document.Number, DocumentExpiresOn = walkIn.Document.ExpiresOn, Needs = arrival.Needs,
            },
            OrganisationId = organisationId,
            CrisisId = walkIn?.CrisisId,
            PickupPlace = onward.PickupPlace!,
            DestinationCountry = onward.DestinationCountry!,
            ConsentToShareWithConsulate = onward.ConsentToShareWithConsulate ?? expected?.ConsentToShareWithConsulate ?? false,
            SubmittedAt = now,
        }, cancellationToken);
        await store.ContinueJourney(arrival.OnwardRequestId.Value, onwardPerson, expected?.RequestId, expected?.PersonId, cancellationToken);
    }
}
