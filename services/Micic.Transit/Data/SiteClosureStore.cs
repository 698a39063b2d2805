using Micic.Persistence.Data;
using Micic.Transit.Domain;
using Npgsql;

namespace Micic.Transit.Data;

/// <summary>The sites' closures (<see cref="SiteClosure"/>).</summary>
public sealed class SiteClosureStore(DbSession session)
{
    const string Columns = "id, site_code, closed_at, until, reason, closed_by, reopened_at, reopened_by";

    /// <summary>
    /// Takes the site's turn until the transaction ends: arrivals share it, a closure or reopening holds it alone, so no
    /// arrival is logged at a site closed while it was being logged.
    /// </summary>
    public async Task TakeTurn(string siteCode, bool alone, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            $"SELECT {(alone ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared")}(hashtext('site-closure:' || @site))", cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The closure in force at the site at <paramref name="now"/>, if any.</summary>
    public async Task<SiteClosure?> InForce(string siteCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {Columns} FROM site_closure
            WHERE site_code = @site AND closed_at <= @now AND until > @now AND (reopened_at IS NULL OR reopened_at > @now)
            ORDER BY until DESC LIMIT 1
            """, cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        command.Parameters.AddWithValue("now", now);
        return (await ReadAll(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The site's latest closures, the latest first.</summary>
    public async Task<IReadOnlyList<SiteClosure>> Latest(string siteCode, int limit, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM site_closure WHERE site_code = @site ORDER BY closed_at DESC, id LIMIT @limit",
            cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAll(command, cancellationToken);
    }

    public async Task Insert(SiteClosure closure, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO site_closure (id, site_code, closed_at, until, reason, closed_by) VALUES (@id, @site, @closed_at, @until, @reason, @by)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", closure.Id);
        p.AddWithValue("site", closure.SiteCode);
        p.AddWithValue("closed_at", closure.ClosedAt);
        p.AddWithValue("until", closure.Until);
        p.AddWithValue("reason", closure.Reason);
        p.AddWithValue("by", closure.ClosedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task Reopen(SiteClosure closure, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE site_closure SET reopened_at = @at, reopened_by = @by WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", closure.Id);
        command.Parameters.AddWithValue("at", closure.ReopenedAt!.Value);
        command.Parameters.AddWithValue("by", closure.ReopenedBy!);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<IReadOnlyList<SiteClosure>> ReadAll(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var closures = new List<SiteClosure>();
        while (await reader.ReadAsync(cancellationToken))
            closures.Add(new SiteClosure(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        return closures;
    }
}
