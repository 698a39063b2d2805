using System.Security.Claims;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Messaging.Application;

/// <summary>What a desk records: feedback given on the web or in person.</summary>
public sealed record RecordFeedback(string? CrisisId, string? Channel, string? Category, string? Text, Guid? RequestId);

/// <summary>A coordinator's answer to a feedback item.</summary>
public sealed record AnswerFeedback(string? Text);

public enum AnswerOutcome
{
    /// <summary>Answered, and the answer is on its way to the sender's phone.</summary>
    Sent,
    /// <summary>Answered, but there is no phone to write to (a desk's item, an erased or stopped one): closed.</summary>
    Closed,
    NotFound,
    Sealed,
    AlreadyAnswered,
}

/// <summary>
/// The feedback register: coordinators read every item (a sealed one without its text) and answer them by SMS in the
/// sender's language; the roster's psea partner reads the sealed ones, text included; desks record what people say in
/// person. Each read that shows what a person wrote is audited against that person's group.
/// </summary>
public sealed class FeedbackDesk(DbSession session, FeedbackRegisterStore register, FeedbackStore feedback, JourneyStore journeys,
    PersonalDataAudit audit, TransactionalOutbox outbox, OutboundWakeup wakeup, SeedData seeds, TimeProvider clock)
{
    public const string Purpose = "feedback";

    /// <summary>The reader the caller is, or null when it may not read the register.</summary>
    public FeedbackReader? ReaderOf(ClaimsPrincipal user) =>
        user.IsCoordinator() ? FeedbackReader.Coordinator
        : user.IsInRole(Roles.Partner) && FeedbackRules.PseaPartners(seeds).Contains(user.OrganisationId()) ? FeedbackReader.PseaPartner
        : null;

    public async Task<(IReadOnlyList<StoredFeedback> Items, long Total)> List(ClaimsPrincipal user, FeedbackReader reader, FeedbackFilter filter,
        PageRequest page, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var (items, total) = await register.List(filter with { SealedOnly = reader == FeedbackReader.PseaPartner }, page, cancellationToken);
        items = items.Select(item => FeedbackRules.ShowsText(reader, item.Category) ? item : item with { Text = null }).ToList();
        var shown = items.Where(item => item.Text is not null && item.RequestId is not null).Select(item => item.RequestId!.Value).Distinct().ToList();
        var people = await journeys.People(shown, cancellationToken);
        await audit.Record(Actor.Of(user), Purpose, people.SelectMany(group => group.PersonIds).Distinct().ToList(), cancellationToken,
            requestId: people.Count == 1 ? people[0].RequestId : null);
        await session.CommitAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Records feedback given at a desk; null when the caller may not file it against that group (not its own).</summary>
    public async Task<Guid?> Record(ClaimsPrincipal user, RecordFeedback item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var category = item.Category ?? FeedbackCategory.Guess(item.Text!);
        await session.BeginAsync(cancellationToken);
        if (item.RequestId is { } requestId && !user.IsCoordinator() && await journeys.OwnerOf(requestId, cancellationToken) != user.OrganisationId())
        {
            await session.RollbackAsync();
            return null;
        }
        var id = await feedback.Add(item.Channel!, category, item.Text!.Trim(), item.RequestId, null, null, null, now, cancellationToken,
            crisisId: item.CrisisId, recordedBy: user.OrganisationId());
        await outbox.Publish(new FeedbackReceived { FeedbackId = id, CrisisId = item.CrisisId, RequestId = item.RequestId, Category = category, Channel = item.Channel!, At = now },
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<AnswerOutcome> Answer(ClaimsPrincipal user, Guid id, string text, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        var item = await register.ToAnswer(id, cancellationToken);
        if (item is null)
        {
            await session.RollbackAsync();
            return AnswerOutcome.NotFound;
        }
        if (FeedbackRules.CanAnswer(item.Category, item.Status) is { } refusal)
        {
            await session.RollbackAsync();
            return refusal == AnswerRefusal.Sealed ? AnswerOutcome.Sealed : AnswerOutcome.AlreadyAnswered;
        }

        var sent = item.Phone is not null && !item.Stopped;
        if (sent)
        {
            var language = item.Language ?? MessageLanguage.English;
            await register.QueueAnswer(item.RequestId, item.Phone!, language, FeedbackRules.AnswerText(language, item.Reference, text), now, cancellationToken);
            session.AfterCommit(wakeup.Wake);
        }
        await register.Answer(id, sent ? FeedbackStatus.Answered : FeedbackStatus.Closed, text.Trim(), user.OrganisationId(), now, cancellationToken);
        await outbox.Publish(new FeedbackAnswered { FeedbackId = id, CrisisId = item.CrisisId, RequestId = item.RequestId, Category = item.Category, ReceivedAt = item.At, AnsweredAt = now },
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return sent ? AnswerOutcome.Sent : AnswerOutcome.Closed;
    }
}
