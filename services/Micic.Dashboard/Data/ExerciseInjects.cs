using System.Text.Json;
using Micic.Dashboard.Domain;
using Micic.Persistence.Data;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Dashboard.Data;

/// <summary>The exercise's injects as the dashboard holds them (<see cref="RegisteredInject"/>), shared by every dashboard instance.</summary>
public sealed class ExerciseInjects(DbSession session)
{
    const string Columns = """
        scenario, id, position, due_after, due_at, kind, params, expected_action, objective_id, for_organisation, delivered_at, delivered_real_at,
        delivered_by
        """;

    /// <summary>
    /// Registers the plan's injects; one registered before (by this or another instance) stays as it is once delivered, and
    /// takes the plan's wording while pending.
    /// </summary>
    public async Task Register(IReadOnlyList<RegisteredInject> injects, CancellationToken cancellationToken)
    {
        foreach (var inject in injects)
        {
            await using var command = await session.Command("""
                INSERT INTO exercise_inject (scenario, id, position, due_after, due_at, kind, params, expected_action, objective_id, for_organisation)
                VALUES (@scenario, @id, @position, @due_after, @due_at, @kind, @params, @expected_action, @objective, @for)
                ON CONFLICT (scenario, id) DO UPDATE SET position = excluded.position, due_after = excluded.due_after, due_at = excluded.due_at,
                    kind = excluded.kind, params = excluded.params, expected_action = excluded.expected_action,
                    objective_id = excluded.objective_id, for_organisation = excluded.for_organisation
                WHERE exercise_inject.delivered_at IS NULL
                """, cancellationToken);
            var p = command.Parameters;
            p.AddWithValue("scenario", inject.Scenario);
            p.AddWithValue("id", inject.Id);
            p.AddWithValue("position", inject.Position);
            p.AddWithValue("due_after", inject.DueAfter);
            p.AddWithValue("due_at", inject.DueAt);
            p.AddWithValue("kind", inject.Kind);
            p.Add(new NpgsqlParameter("params", NpgsqlDbType.Jsonb)
            {
                Value = inject.Params is null ? DBNull.Value : JsonSerializer.Serialize(inject.Params),
            });
            p.AddWithValue("expected_action", inject.ExpectedAction);
            p.Add(Parameters.OptionalText("objective", inject.ObjectiveId));
            p.Add(Parameters.OptionalText("for", inject.ForOrganisation));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The scenario's injects in the plan's order.</summary>
    public async Task<IReadOnlyList<RegisteredInject>> Of(string scenario, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM exercise_inject WHERE scenario = @scenario ORDER BY position, id",
            cancellationToken);
        command.Parameters.AddWithValue("scenario", scenario);
        return await ReadAll(command, cancellationToken);
    }

    /// <summary>One inject, locked until the transaction ends: two deliveries of it take turns, and the second finds it delivered.</summary>
    public async Task<RegisteredInject?> FindForUpdate(string scenario, string id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM exercise_inject WHERE scenario = @scenario AND id = @id FOR UPDATE",
            cancellationToken);
        command.Parameters.AddWithValue("scenario", scenario);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAll(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The pending injects due by <paramref name="now"/>, locked until the transaction ends; those another instance is
    /// delivering are skipped, so any number of instances sweep side by side.
    /// </summary>
    public async Task<IReadOnlyList<RegisteredInject>> ClaimDue(string scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {Columns} FROM exercise_inject WHERE scenario = @scenario AND delivered_at IS NULL AND due_at <= @now
            ORDER BY due_at, position FOR UPDATE SKIP LOCKED
            """, cancellationToken);
        command.Parameters.AddWithValue("scenario", scenario);
        command.Parameters.AddWithValue("now", now);
        return await ReadAll(command, cancellationToken);
    }

    public async Task MarkDelivered(RegisteredInject inject, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE exercise_inject SET delivered_at = @at, delivered_real_at = @real_at, delivered_by = @by
            WHERE scenario = @scenario AND id = @id AND delivered_at IS NULL
            """, cancellationToken);
        command.Parameters.AddWithValue("scenario", inject.Scenario);
        command.Parameters.AddWithValue("id", inject.Id);
        command.Parameters.AddWithValue("at", inject.DeliveredAt!.Value);
        command.Parameters.AddWithValue("real_at", inject.DeliveredRealAt!.Value);
        command.Parameters.Add(Parameters.OptionalText("by", inject.DeliveredBy));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static async Task<IReadOnlyList<RegisteredInject>> ReadAll(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var injects = new List<RegisteredInject>();
        while (await reader.ReadAsync(cancellationToken))
            injects.Add(new RegisteredInject(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(reader.GetString(6)),
                reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        return injects;
    }
}
