using MassTransit;
using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.Messaging.Application;

/// <summary>Wakes this instance's check-in sender as soon as a crisis starts a round.</summary>
public sealed class CheckInWakeup : Wakeup;

/// <summary>
/// "Are you safe?": a crisis raised to alert level 3 or 4 starts a round that asks every consenting registered national in
/// its country, page by page from Requests (point to point: phones never travel in events), each page a cohort due a
/// little after the one before; a day of silence asks again, a second day puts the household on its consulate's list to
/// call. What a household answers is published for Requests (3: an evacuation request) and the dashboard (2: an alert).
/// </summary>
public sealed class CheckIns(DbSession session, CheckInStore store, TransactionalOutbox outbox, OutboundWakeup wakeup, CheckInWakeup rounds,
    CrisisCatalogue crises, IBus bus, IOptions<CheckInOptions> options, TimeProvider clock)
{
    /// <summary>How long an instance holds a round it works before another may take it up.</summary>
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    static readonly RequestTimeout AnswerWithin = RequestTimeout.After(s: 30);

    /// <summary>
    /// The crisis moved to level 3 or 4 (a move between them asks no one again): its round is recorded, sent by
    /// <see cref="SendRounds"/>. Its name comes with a declaration; a change names none, and the catalogue may not have it yet.
    /// </summary>
    public async Task Raised(string crisisId, string? name, string country, IReadOnlyList<string> areas, CancellationToken cancellationToken)
    {
        await store.StartRound(crisisId, name, country, areas, clock.GetUtcNow(), cancellationToken);
        session.AfterCommit(rounds.Wake);
    }

    /// <summary>Sends the rounds no other instance is sending, a cohort at a time; false when there was none.</summary>
    public async Task<bool> SendRounds(CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        var round = await store.LeaseRound(Lease, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (round is null)
            return false;

        var name = round.CrisisName ?? (await crises.Find(round.CrisisId, cancellationToken))?.Name ?? round.CrisisId;
        var registry = bus.CreateRequestClient<GetRegisteredContacts>(CommandQueues.AddressOf<GetRegisteredContacts>(), AnswerWithin);
        var (cursor, cohorts) = (round.Cursor, round.Cohorts);
        do
        {
            var page = (await registry.GetResponse<RegisteredContacts>(new GetRegisteredContacts
            {
                CountryOfResidence = round.Country, Areas = round.Areas.Count > 0 ? round.Areas : null, After = cursor, Limit = options.Value.CohortSize,
            }, cancellationToken)).Message;
            var now = clock.GetUtcNow();
            var questions = page.Items.Select(contact =>
            {
                var language = MessageLanguage.For(contact.Language, contact.Nationality);
                return new CheckInQuestion(contact.RegistrationId, contact.Phone, language, contact.Nationality,
                    Templates.Render(Template.CheckIn, language, new MessageFacts(null, Crisis: name)));
            }).ToList();

            await session.BeginAsync(cancellationToken);
            var asked = await store.Ask(round.CrisisId, questions, options.Value.CohortEvery * cohorts, now, now + options.Value.AnswerWithin,
                cancellationToken);
            if (asked.Count > 0)
                await outbox.Publish(new CheckInsAsked { CrisisId = round.CrisisId, RegistrationIds = asked, Attempt = 1, At = now }, cancellationToken);
            (cursor, cohorts) = (page.Next, cohorts + 1);
            await store.Advance(round.CrisisId, name, cursor, cohorts, Lease, now, cancellationToken);
            session.AfterCommit(wakeup.Wake);
            await session.CommitAsync(cancellationToken);
        }
        while (cursor is not null);
        return true;
    }

    /// <summary>What silence calls for, for check-ins a day without an answer: asked again, or left for the consulate to call.</summary>
    public async Task FollowUp(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        var silent = await store.Silent(now, options.Value.CohortSize, cancellationToken);
        foreach (var crisis in silent.GroupBy(checkIn => (checkIn.CrisisId, checkIn.CrisisName)))
        {
            var again = crisis.Where(checkIn => CheckInRules.AfterSilence(checkIn.Attempts) == CheckInFollowUp.AskAgain).ToList();
            await store.AskAgain(crisis.Key.CrisisId, again.Select(checkIn => new CheckInQuestion(checkIn.RegistrationId, checkIn.Phone, checkIn.Language,
                checkIn.Nationality, Templates.Render(Template.CheckInAgain, checkIn.Language, new MessageFacts(null, Crisis: crisis.Key.CrisisName)))).ToList(),
                now, now + options.Value.AnswerWithin, cancellationToken);
            if (again.Count > 0)
                await outbox.Publish(new CheckInsAsked { CrisisId = crisis.Key.CrisisId, RegistrationIds = [.. again.Select(c => c.RegistrationId)], Attempt = 2, At = now },
                    cancellationToken);

            var toCall = crisis.Except(again).ToList();
            await store.GiveUp(crisis.Key.CrisisId, [.. toCall.Select(checkIn => checkIn.RegistrationId)], now, cancellationToken);
            foreach (var checkIn in toCall)
                await outbox.Publish(new CheckInUnanswered { CrisisId = checkIn.CrisisId, RegistrationId = checkIn.RegistrationId, Nationality = checkIn.Nationality, At = now },
                    cancellationToken);
        }
        if (silent.Count > 0)
            session.AfterCommit(wakeup.Wake);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A reply from a phone that was asked: a digit 1–3 is its answer (a later one replaces an earlier one); null when the
    /// text is no answer, for the caller to take as it takes any other message.
    /// </summary>
    public async Task<Template?> Answer(PhoneCheckIn checkIn, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (CheckInRules.Read(text) is not { } answer)
            return null;
        await store.Answer(checkIn.CrisisId, checkIn.RegistrationId, answer, now, cancellationToken);
        await outbox.Publish(new CheckInAnswered
        {
            CrisisId = checkIn.CrisisId, RegistrationId = checkIn.RegistrationId, Nationality = checkIn.Nationality, Answer = (int)answer, At = now,
        }, cancellationToken);
        return answer switch
        {
            CheckInAnswer.Safe => Template.CheckInSafe,
            CheckInAnswer.NeedHelp => Template.CheckInNeedHelp,
            _ => Template.CheckInWantToLeave,
        };
    }
}
