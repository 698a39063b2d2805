using Micic.Persistence.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Npgsql;

namespace Micic.Requests.Data;

/// <summary>Declared crises and the history of their alert levels.</summary>
public sealed class CrisisStore(DbSession session)
{
    /// <returns>False when a crisis of that id was declared already (a seeded crisis given its first level by two calls at once).</returns>
    public async Task<bool> Add(DeclaredCrisis crisis, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO crisis (id, name, country, areas, alert_level) VALUES (@id, @name, @country, @areas, @level) ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        command.Parameters.AddWithValue("id", crisis.Id);
        command.Parameters.AddWithValue("name", crisis.Name);
        command.Parameters.AddWithValue("country", crisis.Country);
        command.Parameters.Add(new NpgsqlParameter<string[]>("areas", [.. crisis.Areas]));
        command.Parameters.AddWithValue("level", crisis.Level.Number);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            return false;
        await Record(crisis.Id, crisis.History[0], cancellationToken);
        return true;
    }

    /// <summary>Keeps a change of level: the crisis's current level and the step in its history.</summary>
    public async Task Change(DeclaredCrisis crisis, AlertLevelChange change, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE crisis SET alert_level = @level WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", crisis.Id);
        command.Parameters.AddWithValue("level", change.To.Number);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await Record(crisis.Id, change, cancellationToken);
    }

    async Task Record(string crisisId, AlertLevelChange change, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO crisis_alert_level (crisis_id, at, from_level, to_level, by_kind, by_id, by_name)
            VALUES (@crisis, @at, @from, @to, @kind, @by, @name)
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("at", change.At);
        command.Parameters.Add(new NpgsqlParameter<int?>("from", NpgsqlTypes.NpgsqlDbType.Integer) { TypedValue = change.From?.Number });
        command.Parameters.AddWithValue("to", change.To.Number);
        command.Parameters.AddWithValue("kind", change.By.Kind);
        command.Parameters.AddWithValue("by", change.By.Id);
        command.Parameters.AddWithValue("name", change.By.Name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The crisis, locked until the unit of work ends: changes of its level are made one after the other.</summary>
    public async Task<DeclaredCrisis?> Lock(string id, CancellationToken cancellationToken)
    {
        await using (var command = await session.Command("SELECT 1 FROM crisis WHERE id = @id FOR UPDATE", cancellationToken))
        {
            command.Parameters.AddWithValue("id", id);
            if (await command.ExecuteScalarAsync(cancellationToken) is null)
                return null;
        }
        return await Find(id, cancellationToken);
    }

    public async Task<DeclaredCrisis?> Find(string id, CancellationToken cancellationToken) =>
        (await Read("WHERE c.id = @id", id, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<DeclaredCrisis>> All(CancellationToken cancellationToken) => Read("", null, cancellationToken);

    async Task<IReadOnlyList<DeclaredCrisis>> Read(string where, string? id, CancellationToken cancellationToken)
    {
        // The history comes with the crisis, as an array per column, oldest first.
        await using var command = await session.Command($"""
            SELECT c.id, c.name, c.country, c.areas,
                   h.at, h.from_level, h.to_level, h.by_kind, h.by_id, h.by_name
            FROM crisis c
            CROSS JOIN LATERAL (
                SELECT array_agg(at ORDER BY at) AS at, array_agg(coalesce(from_level, 0) ORDER BY at) AS from_level,
                       array_agg(to_level ORDER BY at) AS to_level, array_agg(by_kind ORDER BY at) AS by_kind,
                       array_agg(by_id ORDER BY at) AS by_id, array_agg(by_name ORDER BY at) AS by_name
                FROM crisis_alert_level WHERE crisis_id = c.id) h
            {where}
            ORDER BY h.at[1], c.id
            """, cancellationToken);
        if (id is not null)
            command.Parameters.AddWithValue("id", id);
        var crises = new List<DeclaredCrisis>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = reader.GetFieldValue<DateTimeOffset[]>(4);
            var from = reader.GetFieldValue<int[]>(5);
            var to = reader.GetFieldValue<int[]>(6);
            var (kinds, ids, names) = (reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), reader.GetFieldValue<string[]>(9));
            var history = at.Select((when, i) =>
                new AlertLevelChange(when, AlertLevel.Of(from[i]), AlertLevel.Of(to[i])!, new ActorView(kinds[i], ids[i], names[i])));
            crises.Add(DeclaredCrisis.Restore(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), history));
        }
        return crises;
    }
}
