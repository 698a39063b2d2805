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
/// (MassTransit's RabbitMQ transport waits for publisher confirms); a failed send rolls back and is retried, keeping the
/// message id, so consumers' inboxes absorb the rare duplicate.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IBus bus, OutboxSignal signal, TimeProvider clock, IOptions<MessagingOptions> options, ILogger<OutboxRelay> logger)
    : BackgroundService
{
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    DateTime _nextInboxCleanup = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await DeliverBatch(stoppingToken);
                backoff = TimeSpan.Zero;
                await CleanInbox(stoppingToken);
                if (delivered == options.Value.OutboxBatchSize)
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
                logger.LogWarning(exception, "Outbox delivery failed; retrying in {Backoff}", backoff);
                try { await Task.Delay(backoff, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Sends one batch of due messages in one transaction; returns how many were sent.</summary>
    internal async Task<int> DeliverBatch(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var messages = new List<OutboxRecord>();
        await using (var select = new NpgsqlCommand($"""
            SELECT {OutboxRecord.Columns} FROM outbox_message
            WHERE enqueue_time IS NULL OR enqueue_time <= @now
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
            return 0;

        // The batch goes out at once and the broker's confirms are awaited together: one round trip per batch, not per
        // message. No consumer relies on the order of messages (each endpoint consumes several at once anyway).
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(options.Value.OutboxSendTimeout);
            await Task.WhenAll(messages.Select(message => Send(message, timeout.Token)));
        }

        await using (var delete = new NpgsqlCommand("DELETE FROM outbox_message WHERE sequence_number = ANY(@ids)", connection, transaction))
        {
            delete.Parameters.AddWithValue("ids", messages.Select(m => m.SequenceNumber).ToArray());
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return messages.Count;
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
