using System.IO.Compression;
using System.Text.Json;
using Micic.Dashboard.Domain;
using Micic.Persistence.Data;

namespace Micic.Dashboard.Data;

/// <summary>A fold of the event history and the last event it has folded.</summary>
public sealed record FoldedHistory(CrisisHistory History, long FoldedThrough);

/// <summary>
/// The after-action report's fold of the event history as it stood after a known event: a report folds only what came
/// after it. Kept compressed (a 100,000-person crisis folds to a few megabytes of JSON).
/// </summary>
public sealed class ReportCheckpoints(DbSession session, TimeProvider clock)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <returns>The checkpoint, or a fold of nothing when there is none or it was made by another version of the fold.</returns>
    public async Task<FoldedHistory> Latest(CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT folded_through, state FROM report_checkpoint WHERE id = 1 AND fold_version = @version", cancellationToken);
        command.Parameters.AddWithValue("version", CrisisHistoryCheckpoint.FoldVersion);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return new FoldedHistory(new CrisisHistory(), 0);
        return new FoldedHistory(Decode(reader.GetFieldValue<byte[]>(1)), reader.GetInt64(0));
    }

    /// <summary>Keeps the fold, unless a checkpoint of the same version has folded as far already (another instance's).</summary>
    public async Task Keep(FoldedHistory folded, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO report_checkpoint (id, fold_version, folded_through, state, taken_at) VALUES (1, @version, @through, @state, @at)
            ON CONFLICT (id) DO UPDATE SET fold_version = excluded.fold_version, folded_through = excluded.folded_through,
                state = excluded.state, taken_at = excluded.taken_at
            WHERE report_checkpoint.fold_version <> excluded.fold_version OR report_checkpoint.folded_through < excluded.folded_through
            """, cancellationToken);
        command.Parameters.AddWithValue("version", CrisisHistoryCheckpoint.FoldVersion);
        command.Parameters.AddWithValue("through", folded.FoldedThrough);
        command.Parameters.AddWithValue("state", Encode(folded.History));
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static byte[] Encode(CrisisHistory history)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest))
            JsonSerializer.Serialize(zip, history.Checkpoint(), Json);
        return buffer.ToArray();
    }

    public static CrisisHistory Decode(byte[] state)
    {
        using var zip = new GZipStream(new MemoryStream(state), CompressionMode.Decompress);
        return CrisisHistory.From(JsonSerializer.Deserialize<CrisisHistoryCheckpoint>(zip, Json)
            ?? throw new InvalidDataException("The report's checkpoint is empty."));
    }
}
