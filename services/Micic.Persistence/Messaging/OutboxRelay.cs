using System.Diagnostics;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Micic.ServiceDefaults.Telemetry;
using Micic.ServiceDefaults.Time;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Relays committed outbox messages to RabbitMQ. Woken right after a commit in this process, and polls for messages
/// committed by other instances, left by a crash, or held back until a deadline. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> so instances share the work, and deleted only after the broker confirmed them
/// (MassTransit's RabbitMQ transport waits for publisher confirms). A message the broker refuses or does not confirm
/// in time stays, keeping its id, and is tried again on its own after a growing pause: it never holds back the messages
/// behind it, and consumers' inboxes absorb the rare duplicate.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, TimeProvider clock, IOptions<MessagingOptions> options, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    static readonly TimeSpan FirstRedelivery = TimeSpan.FromMilliseconds(500), LastRedelivery = TimeSpan.FromSeconds(30);
    DateTime _nextInboxCleanup = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (delivered, refused) = await DeliverBatch(stoppingToken);
                // A whole batch refused says the broker is away: pause the relay. One message refused alone waits on its own.
                if (refused > 1 && delivered == 0)
                    throw new OutboxDeliveryRefused(refused);
                backoff = TimeSpan.Zero;
                await CleanInbox(stoppingToken);
                if (delivered + refused == options.Value.OutboxBatchSize)
                    continue; // more waiting
                await signal.WaitAsync(await UntilNextDue(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                if (exception is OutboxDeliveryRefused)
                    logger.LogWarning("Outbox delivery failed: {Reason}; trying again in {Backoff}", exception.Message, backoff);
                else
                    logger.LogWarning(exception, "Outbox delivery failed; retrying in {Backoff}", backoff);
                try { await Task.Delay(backoff, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Sends one batch of due messages in one transaction; returns how many were sent and how many refused.</summary>
    async Task<(int Delivered, int Refused)> DeliverBatch(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var messages = new List<OutboxRecord>();
        await using (var select = new NpgsqlCommand($"""
            SELECT {OutboxRecord.Columns} FROM outbox_message
            WHERE (enqueue_time IS NULL OR enqueue_time <= @now) AND (retry_after IS NULL OR retry_after <= now())
            ORDER BY sequence_number
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            // Deadlines are in the platform's time: crisis time in a replay or an exercise.
            select.Parameters.AddWithValue("now", clock.GetUtcNow());
            select.Parameters.AddWithValue("limit", options.Value.OutboxBatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                messages.Add(OutboxRecord.Read(reader));
        }
        if (messages.Count == 0)
            return (0, 0);

        // The batch goes out at once and the broker's confirms are awaited together: one round trip per batch, not per
        // message. No consumer relies on the order of messages (each endpoint consumes several at once anyway).
        Exception?[] failures;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.OutboxSendTimeout);
            failures = await Task.WhenAll(messages.Select(message => TrySend(message, timeout.Token)));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var delivered = messages.Where((_, i) => failures[i] is null).Select(m => m.SequenceNumber).ToArray();
        var refused = messages.Where((_, i) => failures[i] is not null).Select(m => m.SequenceNumber).ToArray();

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox_message WHERE sequence_number = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", delivered);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        if (refused.Length > 0)
        {
            await using var later = new NpgsqlCommand("""
                UPDATE outbox_message SET delivery_attempts = delivery_attempts + 1,
                    retry_after = now() + least(@first * power(2, delivery_attempts), @last)
                WHERE sequence_number = ANY(@ids)
                """, connection, transaction);
            later.Parameters.AddWithValue("ids", refused);
            later.Parameters.AddWithValue("first", FirstRedelivery);
            later.Parameters.AddWithValue("last", LastRedelivery);
            await later.ExecuteNonQueryAsync(cancellationToken);
            var first = failures.First(failure => failure is not null)!;
            logger.LogWarning("The broker did not take {Refused} of {Count} outbox messages ({Reason}); each is tried again on its own",
                refused.Length, messages.Count, first.GetBaseException().Message);
        }
        await transaction.CommitAsync(cancellationToken);
        return (delivered.Length, refused.Length);
    }

    /// <returns>Null once the broker confirmed the message; else why it did not.</returns>
    async Task<Exception?> TrySend(OutboxRecord message, CancellationToken cancellationToken)
    {
        try
        {
            await Send(message, cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    async Task Send(OutboxRecord message, CancellationToken cancellationToken)
    {
        if (message.ExpirationTime is { } expiry && expiry < DateTime.UtcNow)
        {
            logger.LogWarning("Outbox message {MessageId} expired before delivery", message.MessageId);
            return;
        }
        // The send continues the trace of the request or message that produced it, not the relay's own. The context
        // crossed the database, so it is remote: an unsampled one still makes an (unrecorded) activity here, and
        // MassTransit's send takes that as its parent rather than looking for one in the stored headers.
        ActivityContext.TryParse(message.TraceParent, null, isRemote: true, out var producer);
        using var activity = MicicTelemetry.ActivitySource.StartActivity("outbox deliver", ActivityKind.Producer, producer);
        activity?.SetTag("messaging.message.id", message.MessageId);

        var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), cancellationToken);
        var waited = message.DueAt is { } due ? clock.RealTimeSince(due) : DateTime.UtcNow - (message.SentTime ?? DateTime.UtcNow);
        MicicTelemetry.OutboxDelay.Record(Math.Max(0, waited.TotalSeconds));
    }

    /// <summary>The poll interval, shortened when a held-back message falls due sooner.</summary>
    async Task<TimeSpan> UntilNextDue(CancellationToken cancellationToken)
    {
        var poll = options.Value.OutboxPollInterval;
        await using var command = dataSource.CreateCommand("SELECT min(enqueue_time) FROM outbox_message WHERE enqueue_time > @now");
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        if (await command.ExecuteScalarAsync(cancellationToken) is not DateTime next)
            return poll;
        var untilDue = clock.RealTimeUntil(new DateTimeOffset(next, TimeSpan.Zero));
        return untilDue >= TimeSpan.Zero && untilDue < poll ? untilDue + TimeSpan.FromMilliseconds(5) : poll;
    }

    async Task CleanInbox(CancellationToken cancellationToken)
    {
        if (DateTime.UtcNow < _nextInboxCleanup)
            return;
        _nextInboxCleanup = DateTime.UtcNow.AddMinutes(10);
        await using var command = dataSource.CreateCommand("DELETE FROM inbox_state WHERE received < now() - @retention");
        command.Parameters.AddWithValue("retention", options.Value.InboxRetention);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Every message of a batch was refused: the broker itself is likely away, so the relay pauses as a whole.</summary>
sealed class OutboxDeliveryRefused(int refused) : Exception($"the broker took none of {refused} messages");
