using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.Requests.Application;

/// <summary>What asking for a self-registration came to: waiting for its code, or too many codes to that phone lately.</summary>
public sealed record SelfRegistrationRequested(Guid? Id, DateTimeOffset? CodeExpiresAt, TimeSpan? RetryAfter);

/// <summary>What a code given came to, with the tries left after a wrong one.</summary>
public sealed record CodeTried(CodeOutcome Outcome, int TriesLeft);

/// <summary>
/// People who register themselves, without signing in (<c>/register</c>): the household waits apart from the registry
/// until the phone answers the code Messaging sends it, and only then joins the registry as the consulates' own
/// registrations do — belonging to the State of its nationality, created by <see cref="Registrant"/>. The code is
/// issued when Messaging asks for it (point to point), so that it exists in clear only in that answer and the SMS. A code
/// lives in real time, even in an exercise: a person types it.
/// </summary>
public sealed class SelfRegistrations(DbSession session, SelfRegistrationStore store, RegistrationStore registry, PersonalDataAudit audit,
    TransactionalOutbox outbox, [FromKeyedServices(RealTime.Key)] TimeProvider clock)
{
    /// <summary>Who created a self-registration, as the registry and the audit trail name it: the person, not an organisation.</summary>
    public const string Registrant = "self-registration";

    public static readonly Actor RegistrantActor = Actor.Platform(Registrant);

    /// <summary>A valid household (<see cref="RegistrationValidator"/>) waits for its code, unless its phone had its codes this hour.</summary>
    public async Task<SelfRegistrationRequested> Request(RegisterHousehold household, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var phone = ContactRules.E164(household.Contact!.Phone)!;
        var digest = SelfRegistrationRules.PhoneDigest(phone);
        await session.BeginAsync(cancellationToken);
        var sent = await store.CodesSentTo(digest, now - SelfRegistrationRules.PhoneWindow, cancellationToken);
        if (SelfRegistrationRules.RetryAfter(sent, now) is { } retryAfter)
            return new SelfRegistrationRequested(null, null, retryAfter);

        var pending = new PendingRegistration(Guid.CreateVersion7(now), SelfRegistrationStatus.AwaitingCode, now, now + SelfRegistrationRules.CodeLifetime,
            null, 0, household with { Contact = household.Contact with { Phone = phone } });
        await store.Insert(pending, digest, cancellationToken);
        await outbox.Publish(new SelfRegistrationCodeRequested { RegistrationId = pending.Id, At = now }, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new SelfRegistrationRequested(pending.Id, pending.CodeExpiresAt, null);
    }

    /// <summary>
    /// Messaging asks for the code to send: a new one is issued for a registration still waiting (its hash replaces the
    /// one before), none for any other.
    /// </summary>
    public async Task<SelfRegistrationCode> IssueCode(Guid id, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (await store.Lock(id, cancellationToken) is not { Status: SelfRegistrationStatus.AwaitingCode, Household: { } household } pending
            || clock.GetUtcNow() >= pending.CodeExpiresAt)
            return new SelfRegistrationCode { RegistrationId = id };
        var code = SelfRegistrationRules.NewCode();
        await store.SetCode(id, SelfRegistrationRules.Hash(id, code), cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new SelfRegistrationCode
        {
            RegistrationId = id, Phone = household.Contact!.Phone, Language = ContactRules.Language(household.Contact.Language),
            Nationality = household.Nationality, Code = code, ExpiresAt = pending.CodeExpiresAt,
        };
    }

    /// <summary>
    /// The person gives the code: the right one moves the household into the registry; a wrong one counts, and the
    /// fifth voids the registration, its household erased, as an expired one is. Null when there is no such registration.
    /// </summary>
    public async Task<CodeTried?> Confirm(Guid id, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        if (await store.Lock(id, cancellationToken) is not { } pending)
            return null;
        var outcome = SelfRegistrationRules.Try(pending, code, now);
        switch (outcome)
        {
            case CodeOutcome.Confirmed:
                var registration = ConsularRegistration.Accept(pending.Household!, Registrant, now) with { Id = pending.Id };
                await registry.Insert([registration], cancellationToken);
                await audit.Record(RegistrantActor, Registrant, [.. registration.Household.Select(person => person.Id)], cancellationToken);
                await store.End(id, SelfRegistrationStatus.Confirmed, now, cancellationToken);
                break;
            case CodeOutcome.Wrong:
                await store.CountWrongCode(id, cancellationToken);
                break;
            case CodeOutcome.Voided:
                await store.End(id, SelfRegistrationStatus.Voided, now, cancellationToken);
                await Forget(id, now, cancellationToken);
                break;
            case CodeOutcome.Expired when pending.Status == SelfRegistrationStatus.AwaitingCode:
                await store.End(id, SelfRegistrationStatus.Expired, now, cancellationToken);
                await Forget(id, now, cancellationToken);
                break;
        }
        await session.CommitAsync(cancellationToken);
        return new CodeTried(outcome, outcome == CodeOutcome.Wrong ? SelfRegistrationRules.TriesLeftAfterWrong(pending) : 0);
    }

    /// <summary>
    /// Self-registrations whose code expired unconfirmed: their households erased, and Messaging told to erase the phone
    /// and the text it sent (<see cref="RegistrationErased"/>, no one in it). Called by retention.
    /// </summary>
    public async Task<int> ExpireDue(int batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await store.ExpireDue(now, now - SelfRegistrationRules.KeepEndedFor, batch, cancellationToken);
        foreach (var id in expired)
            await Forget(id, now, cancellationToken);
        return expired.Count;
    }

    Task Forget(Guid id, DateTimeOffset now, CancellationToken cancellationToken) =>
        outbox.Publish(new RegistrationErased { RegistrationId = id, PersonIds = [], ErasedAt = now }, cancellationToken);
}
