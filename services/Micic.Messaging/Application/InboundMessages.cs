using Micic.Contracts;
using Micic.Messaging.Data;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.Options;

namespace Micic.Messaging.Application;

/// <summary>An SMS as the gateway brought it: sender (E.164), text, and the gateway's own id for it, if it gave one.</summary>
public sealed record InboundSms(string From, string? To, string Text, string? GatewayId, DateTimeOffset? SentAt);

public enum InboundOutcome
{
    /// <summary>Recorded and acted on.</summary>
    Taken,
    /// <summary>The gateway brought it again: recorded before, nothing more done.</summary>
    AlreadyTaken,
    /// <summary>The phone writes faster than a person does: the gateway is to bring it again later.</summary>
    TooMany,
}

/// <summary>
/// What people write back, each message recorded once and acted on in the same unit of work: YES confirms the seat, NO
/// gives it up (matching finds it another), STOP ends every message to the phone, HELP asks for a call back; anything
/// else is feedback. A number Micic does not know gets one short answer and nothing else — but its STOP holds all the
/// same: a family still waiting, whose phone Messaging has not had yet, may be reached by a broadcast later.
/// </summary>
public sealed class InboundMessages(DbSession session, JourneyStore journeys, MessageStore messages, FeedbackStore feedback, CallBackStore callBacks,
    CheckInStore registered, CheckIns checkIns, TransactionalOutbox outbox, OutboundWakeup wakeup, IOptions<SmsOptions> options, TimeProvider clock)
{
    public const string GaveUpBySms = "The family gave up its seat by SMS.";

    public async Task<InboundOutcome> Receive(InboundSms sms, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        if (sms.GatewayId is not null && await messages.WasRecorded(sms.GatewayId, cancellationToken))
        {
            await session.RollbackAsync();
            return InboundOutcome.AlreadyTaken;
        }
        var now = clock.GetUtcNow();
        if (await messages.ReceivedInTheLastMinute(sms.From, now, cancellationToken) >= options.Value.InboundPerPhonePerMinute)
        {
            await session.RollbackAsync();
            return InboundOutcome.TooMany;
        }

        var group = await journeys.OfPhone(sms.From, cancellationToken);
        // A registered household asked "are you safe?" (its phone may also be a group's, once "3" made it one).
        var checkIn = await registered.LatestOf(sms.From, cancellationToken);
        var keyword = Keywords.Read(sms.Text);
        var checkInAnswer = checkIn is not null && CheckInRules.Read(sms.Text) is not null;
        var messageId = Guid.CreateVersion7(now);
        var kind = keyword == Keyword.None && !checkInAnswer && (group is not null || checkIn is not null) ? MessageKind.Feedback : MessageKind.Reply;
        if (!await messages.RecordInbound(messageId, sms.GatewayId, sms.From, sms.Text, group?.RequestId, checkIn?.RegistrationId,
                group?.Language ?? checkIn?.Language, kind, now, cancellationToken))
        {
            await session.RollbackAsync();
            return InboundOutcome.AlreadyTaken;
        }

        var answer = keyword == Keyword.Stop ? await Stop(sms.From, now, cancellationToken)
            : checkInAnswer ? await checkIns.Answer(checkIn!, sms.Text, now, cancellationToken)
            : group is not null ? await Act(group, keyword, sms, messageId, now, cancellationToken)
            : checkIn is not null ? await FromRegistered(checkIn, keyword, sms, messageId, now, cancellationToken)
            : await Unknown(sms.From, now, cancellationToken);
        if (answer is { } template && (template == Template.Stopped || !await messages.Stopped(sms.From, cancellationToken)))
        {
            var language = group?.Language ?? checkIn?.Language ?? MessageLanguage.English;
            await messages.QueueReply(group?.RequestId, sms.From, language, template, Templates.Render(template, language, new MessageFacts(group?.Reference)),
                now, cancellationToken, checkIn?.RegistrationId);
            session.AfterCommit(wakeup.Wake);
        }
        await session.CommitAsync(cancellationToken);
        return InboundOutcome.Taken;
    }

    async Task<Template?> Stop(string phone, DateTimeOffset now, CancellationToken cancellationToken) =>
        await messages.Stop(phone, now, cancellationToken) ? Template.Stopped : null;

    async Task<Template?> Unknown(string phone, DateTimeOffset now, CancellationToken cancellationToken) =>
        await messages.FirstFromUnknown(phone, now, cancellationToken) ? Template.UnknownNumber : null;

    /// <summary>
    /// A registered household that is no group (yet) and wrote something other than its answer: HELP asks for a call back,
    /// YES or NO finds no seat, anything else — an unknown digit included — is feedback in its crisis.
    /// </summary>
    async Task<Template?> FromRegistered(PhoneCheckIn checkIn, Keyword keyword, InboundSms sms, Guid messageId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        switch (keyword)
        {
            case Keyword.Help:
                var callBack = await callBacks.Ask(null, sms.From, messageId, now, cancellationToken);
                await outbox.Publish(new CallBackRequested { CallBackId = callBack, At = now }, cancellationToken);
                return Template.CallBack;
            case Keyword.Yes or Keyword.No:
                return Template.NoSeat;
            default:
                var category = FeedbackCategory.Guess(sms.Text);
                var feedbackId = await feedback.Add(FeedbackChannel.Sms, category, sms.Text, null, checkIn.Language, sms.From, messageId, now,
                    cancellationToken, checkIn.CrisisId);
                await outbox.Publish(new FeedbackReceived { FeedbackId = feedbackId, CrisisId = checkIn.CrisisId, Category = category, Channel = FeedbackChannel.Sms, At = now },
                    cancellationToken);
                return Template.FeedbackReceived;
        }
    }

    /// <summary>What the keyword does for the phone's group, and the answer it gets.</summary>
    async Task<Template?> Act(GroupOfPhone group, Keyword keyword, InboundSms sms, Guid messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var holdsASeat = group.Status is RequestStatus.Matched or RequestStatus.Manifested;
        switch (keyword)
        {
            case Keyword.Yes when holdsASeat:
                await journeys.ConfirmSeat(group.RequestId, now, cancellationToken);
                await outbox.Publish(new SeatConfirmed { RequestId = group.RequestId, OfferId = group.OfferId, At = now }, cancellationToken);
                return Template.SeatConfirmed;
            case Keyword.No when holdsASeat:
                // The saga takes the group off that offer only if it is still on it: a NO that crossed a new match changes nothing.
                await outbox.Publish(new ReleaseFromOffer { RequestId = group.RequestId, Reason = GaveUpBySms, OfferId = group.OfferId }, cancellationToken);
                return Template.SeatGivenUp;
            case Keyword.Yes or Keyword.No:
                return Template.NoSeat;
            case Keyword.Help:
                var callBack = await callBacks.Ask(group.RequestId, sms.From, messageId, now, cancellationToken);
                await outbox.Publish(new CallBackRequested { CallBackId = callBack, RequestId = group.RequestId, At = now }, cancellationToken);
                return Template.CallBack;
            default:
                var category = FeedbackCategory.Guess(sms.Text);
                var feedbackId = await feedback.Add(FeedbackChannel.Sms, category, sms.Text, group.RequestId, group.Language, sms.From, messageId, now,
                    cancellationToken);
                await outbox.Publish(new FeedbackReceived { FeedbackId = feedbackId, RequestId = group.RequestId, Category = category, Channel = FeedbackChannel.Sms, At = now },
                    cancellationToken);
                return Template.FeedbackReceived;
        }
    }
}
