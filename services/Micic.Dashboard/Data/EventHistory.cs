using System.Runtime.CompilerServices;
using System.Text.Json;
using Micic.Contracts;
using Micic.Persistence.Data;

namespace Micic.Dashboard.Data;

/// <summary>An event consumed, to be kept in the history.</summary>
public sealed record NewEvent(Guid MessageId, object Message, DateTimeOffset SentAt);

/// <summary>An event as the history keeps it.</summary>
public sealed record RecordedEvent(long Sequence, object Message, DateTimeOffset SentAt);

/// <summary>
/// Every integration event the dashboard has counted, in the order it was received, so that the figures can be
/// rebuilt from scratch. Only the kinds of event the dashboard counts are kept, by their contract name.
/// </summary>
public sealed class EventHistory(DbSession session)
{
    const int PageSize = 1_000;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlyDictionary<string, Type> Kinds = new[]
    {
        typeof(EvacuationRequested), typeof(EvacuationStatusChanged), typeof(OfferPublished), typeof(OfferCapacityChanged), typeof(OfferWithdrawn),
        typeof(SeatsHeld), typeof(SeatsReleased), typeof(MovementDeparted), typeof(PersonArrived), typeof(VulnerableGroupWaitingTooLong),
        typeof(PeopleMissingAfterDeparture), typeof(ReferralChanged), typeof(ReferralOverdue), typeof(ManifestHoldsSameDocument),
        typeof(FeedbackReceived), typeof(FeedbackAnswered), typeof(CallBackRequested), typeof(CallBackClosed), typeof(CrisisDeclared),
        typeof(CrisisAlertLevelChanged), typeof(CheckInsAsked), typeof(CheckInAnswered), typeof(CheckInAlertAcknowledged),
        typeof(ExerciseInjectDelivered), typeof(FundPositionChanged), typeof(FundRunningLow), typeof(MovementChargeRefused), typeof(MovementCharged),
        typeof(FundCharged), typeof(ClaimApproved),
    }.ToDictionary(type => type.Name);

    /// <summary>Keeps the events the history does not hold yet, in the order given, in one statement.</summary>
    /// <returns>The ids of those kept now; an event kept already has been counted.</returns>
    public async Task<IReadOnlySet<Guid>> Append(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        foreach (var recorded in events.Where(recorded => !Kinds.ContainsKey(recorded.Message.GetType().Name)))
            throw new ArgumentException($"The dashboard does not keep {recorded.Message.GetType().Name} events.", nameof(events));
        await using var command = await session.Command("""
            INSERT INTO projected_event (message_id, kind, body, sent_at)
            SELECT * FROM unnest(@ids, @kinds, @bodies::jsonb[], @sent_at)
            ON CONFLICT (message_id) DO NOTHING
            RETURNING message_id
            """, cancellationToken);
        command.Parameters.AddWithValue("ids", events.Select(recorded => recorded.MessageId).ToArray());
        command.Parameters.AddWithValue("kinds", events.Select(recorded => recorded.Message.GetType().Name).ToArray());
        command.Parameters.AddWithValue("bodies", events.Select(recorded => JsonSerializer.Serialize(recorded.Message, recorded.Message.GetType(), Json)).ToArray());
        command.Parameters.AddWithValue("sent_at", events.Select(recorded => recorded.SentAt).ToArray());
        var kept = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            kept.Add(reader.GetGuid(0));
        return kept;
    }

    /// <summary>Holds back appends (consumers wait) until the session's transaction ends; reads go on.</summary>
    public async Task LockAgainstAppends(CancellationToken cancellationToken)
    {
        await using var command = await session.Command("LOCK TABLE projected_event IN SHARE MODE", cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The last event of the history below which nothing can be added any more: an append takes its sequence under a lock
    /// this waits for, so once it is granted every earlier sequence is committed or will never be.
    /// </summary>
    public async Task<long> Settled(CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        await LockAgainstAppends(cancellationToken);
        await using var command = await session.Command("SELECT coalesce(max(sequence), 0) FROM projected_event", cancellationToken);
        var settled = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        await session.CommitAsync(cancellationToken);
        return settled;
    }

    /// <summary>
    /// The history in order after the event <paramref name="after"/> and up to <paramref name="through"/>, a page at a
    /// time, so the caller may use the session between pages.
    /// </summary>
    public async IAsyncEnumerable<RecordedEvent> ReadAll(
        long after = 0, long through = long.MaxValue, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var page = new List<RecordedEvent>(PageSize);
            await using (var command = await session.Command("""
                SELECT sequence, kind, body::text, sent_at FROM projected_event
                WHERE sequence > @after AND sequence <= @through ORDER BY sequence LIMIT @limit
                """, cancellationToken))
            {
                command.Parameters.AddWithValue("after", after);
                command.Parameters.AddWithValue("through", through);
                command.Parameters.AddWithValue("limit", PageSize);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var message = JsonSerializer.Deserialize(reader.GetString(2), Kinds[reader.GetString(1)], Json)
                        ?? throw new InvalidOperationException($"Event {reader.GetInt64(0)} of the history is empty.");
                    page.Add(new RecordedEvent(reader.GetInt64(0), message, reader.GetFieldValue<DateTimeOffset>(3)));
                }
            }
            foreach (var recorded in page)
                yield return recorded;
            if (page.Count < PageSize)
                yield break;
            after = page[^1].Sequence;
        }
    }
}
