using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Telemetry;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Consumes a batch of messages as one unit of work, for consumers where one message at a time would make every
/// transaction queue behind the same hot row (seats on one offer, an offer's figures). Each message is still claimed in
/// the inbox on its own, so a redelivered one — alone or in a different batch — has no second effect; what the
/// handler writes and publishes (through the <see cref="TransactionalOutbox"/>) commits with those claims, or nothing
/// does and the whole batch is retried. A batch acts for no one actor (<see cref="ActorContext"/>): its messages may each
/// have been sent on behalf of someone else.
/// </summary>
public sealed class InboxBatch(DbSession session)
{
    /// <param name="handle">Applies the messages not consumed before, in the order given.</param>
    public async Task Consume<TConsumer, T>(Batch<T> batch, Func<IReadOnlyList<ConsumeContext<T>>, CancellationToken, Task> handle,
        CancellationToken cancellationToken)
        where T : class
    {
        var messages = batch.Select(context => (Id: context.GetOriginalMessageId()
                ?? throw new MessageException(typeof(T), "A MessageId is required by the inbox"), Context: context))
            .DistinctBy(message => message.Id)
            .ToList();

        await session.BeginAsync(cancellationToken);
        try
        {
            var fresh = await Claim(ConsumerId<TConsumer>.Value, messages.Select(message => message.Id).ToArray(), cancellationToken);
            if (fresh.Count < batch.Length)
                MicicTelemetry.InboxDuplicates.Add(batch.Length - fresh.Count);
            await handle(messages.Where(message => fresh.Contains(message.Id)).Select(message => message.Context).ToList(), cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }

    /// <summary>Records every message as consumed by this consumer; returns those that were not already.</summary>
    async Task<HashSet<Guid>> Claim(Guid consumerId, Guid[] messageIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO inbox_state (message_id, consumer_id, consumed)
            SELECT id, @consumer_id, now() FROM unnest(@message_ids) AS id
            ON CONFLICT (message_id, consumer_id) DO NOTHING
            RETURNING message_id
            """, cancellationToken);
        command.Parameters.AddWithValue("consumer_id", consumerId);
        command.Parameters.AddWithValue("message_ids", messageIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fresh = new HashSet<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            fresh.Add(reader.GetGuid(0));
        return fresh;
    }

    /// <summary>The identity under which <typeparamref name="TConsumer"/> claims messages in the inbox.</summary>
    internal static Guid ConsumerIdOf<TConsumer>() => ConsumerId<TConsumer>.Value;

    /// <summary>A stable inbox identity per consumer type, the same on every instance and across restarts.</summary>
    static class ConsumerId<TConsumer>
    {
        public static readonly Guid Value = new(MD5.HashData(Encoding.UTF8.GetBytes(typeof(TConsumer).FullName!)));
    }
}
