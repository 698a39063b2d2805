using Micic.Dashboard.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using Npgsql;

namespace Micic.Dashboard.Data;

/// <summary>
/// The check-in alerts the <see cref="DashboardProjection"/> keeps: a consulate's open ones (ids and times), counts for
/// coordinators. An alert is open while the household's latest answer is "need help" and not acknowledged
/// (<see cref="CheckInAlert.IsOpen"/>, written here as SQL).
/// </summary>
public sealed class CheckInAlerts(DbSession session)
{
    public const string Open = "answer = 2 AND (acknowledged_answer_at IS NULL OR acknowledged_answer_at < answered_at)";

    const string Columns = "crisis_id, registration_id, nationality, answer, answered_at, acknowledged_answer_at, acknowledged_at, acknowledged_by";

    /// <summary>An alert by its id; locked until the transaction ends when <paramref name="forUpdate"/>, so two acknowledgements take turns.</summary>
    public async Task<CheckInAlert?> Find(Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM check_in_alert WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}",
            cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// The open alerts of these nationalities (in one crisis, if given) — with those acknowledged whose household still
    /// answers "need help" when <paramref name="acknowledgedToo"/> — the oldest first: they have waited longest for a call.
    /// </summary>
    public async Task<(IReadOnlyList<CheckInAlert> Items, long Total)> For(IReadOnlySet<string> nationalities, string? crisisId, bool acknowledgedToo,
        PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.AddWithValue("nationalities", nationalities.ToArray());
        command.Parameters.Add(Parameters.OptionalText("crisis", crisisId));
        return await PagedQuery.Read(command, Columns,
            $"FROM check_in_alert WHERE {(acknowledgedToo ? "answer = 2" : Open)} AND nationality = ANY(@nationalities) AND (@crisis::text IS NULL OR crisis_id = @crisis)",
            "answered_at, id", (page.PageSize, page.Offset), Read, cancellationToken);
    }

    /// <summary>Open alerts by crisis and nationality (in one crisis, if given): counts and the oldest's time, no one's id.</summary>
    public async Task<IReadOnlyList<CheckInAlertCount>> Counts(string? crisisId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT crisis_id, nationality, count(*)::int, min(answered_at) FROM check_in_alert
            WHERE {Open} AND (@crisis::text IS NULL OR crisis_id = @crisis)
            GROUP BY crisis_id, nationality ORDER BY 3 DESC, 2, 1
            """, cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("crisis", crisisId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new List<CheckInAlertCount>();
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(ReadCount(reader));
        return counts;
    }

    public static CheckInAlertCount ReadCount(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3));

    static CheckInAlert Read(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt32(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.IsDBNull(7) ? null : reader.GetString(7));
}

/// <summary>How many households of a nationality asked for help in a crisis and wait for their consulate's call, since when.</summary>
public sealed record CheckInAlertCount(string CrisisId, string Nationality, int Open, DateTimeOffset OldestAt);
