using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Micic.Persistence.Data;

namespace Micic.Persistence.Messaging;

/// <summary>
/// The consume context MassTransit's outbox pipe drives: what the consumer publishes or sends is written to the
/// outbox table in the session's transaction. Delivery is the relay's job, so there is never anything left to deliver here.
/// </summary>
sealed class NpgsqlInboxConsumeContext<TMessage>(
    ConsumeContext<TMessage> context, OutboxConsumeOptions options, IServiceProvider provider, DbSession session, TransactionalOutbox outbox,
    InboxEntry inbox)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    public override Guid? MessageId => inbox.MessageId;
    public override bool ContinueProcessing { get; set; } = true;
    public override bool IsMessageConsumed => inbox.Consumed;
    public override bool IsOutboxDelivered => inbox.Consumed;
    public override int ReceiveCount => inbox.ReceiveCount;
    public override long? LastSequenceNumber => null;

    public override Task SetConsumed()
    {
        inbox.MarkConsumed(session);
        return Task.CompletedTask;
    }
    public override Task SetDelivered() => Task.CompletedTask;
    public override Task<List<OutboxMessageContext>> LoadOutboxMessages() => Task.FromResult(new List<OutboxMessageContext>());
    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message) => Task.CompletedTask;
    public override Task RemoveOutboxMessages() => Task.CompletedTask;
    public override Task AddSend<T>(SendContext<T> context) => outbox.AddSend(context);
}
