using Micic.Dashboard.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Http;
using Npgsql;

namespace Micic.Dashboard.Data;

/// <summary>The improvement plan's actions, in the dashboard's database.</summary>
public sealed class ImprovementActions(DbSession session)
{
    const string Columns = """
        id, objective_id, text, owner_organisation_id, due_by, status, evidence, source, scenario, crisis_id,
        raised_by_id, raised_by_name, raised_by_organisation, raised_at_crisis_time, raised_at, updated_at
        """;

    public async Task Add(ImprovementAction action, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            INSERT INTO improvement_action ({Columns})
            VALUES (@id, @objective, @text, @owner, @due, @status, @evidence, @source, @scenario, @crisis,
                @by_id, @by_name, @by_organisation, @crisis_time, @at, NULL)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", action.Id);
        p.Add(Parameters.OptionalText("objective", action.ObjectiveId));
        p.AddWithValue("text", action.Text);
        p.AddWithValue("owner", action.OwnerOrganisationId);
        p.AddWithValue("due", action.DueBy);
        p.AddWithValue("status", action.Status);
        p.Add(Parameters.OptionalText("evidence", action.Evidence));
        p.AddWithValue("source", action.Source);
        p.Add(Parameters.OptionalText("scenario", action.Scenario));
        p.AddWithValue("crisis", action.CrisisId);
        p.AddWithValue("by_id", action.RaisedBy.Id);
        p.AddWithValue("by_name", action.RaisedBy.Name);
        p.AddWithValue("by_organisation", action.RaisedBy.OrganisationId);
        p.AddWithValue("crisis_time", action.RaisedAtCrisisTime);
        p.AddWithValue("at", action.RaisedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the action's status (and evidence, when given); null when there is no such action.</summary>
    public async Task<ImprovementAction?> Change(Guid id, string status, string? evidence, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            UPDATE improvement_action SET status = @status, evidence = coalesce(@evidence, evidence), updated_at = @at
            WHERE id = @id RETURNING {Columns}
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.Add(Parameters.OptionalText("evidence", evidence));
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The actions (of one status, if given), the soonest due first.</summary>
    public async Task<(IReadOnlyList<ImprovementAction> Items, long Total)> List(string? status, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("status", status));
        return await PagedQuery.Read(command, Columns, "FROM improvement_action WHERE (@status::text IS NULL OR status = @status)", "due_by, id",
            (page.PageSize, page.Offset), Read, cancellationToken);
    }

    /// <summary>Every action raised in this exercise (its scenario, on its crisis), in the order raised.</summary>
    public async Task<IReadOnlyList<ImprovementAction>> OfExercise(string scenario, string crisisId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            $"SELECT {Columns} FROM improvement_action WHERE source = 'exercise' AND scenario = @scenario AND crisis_id = @crisis ORDER BY raised_at, id",
            cancellationToken);
        command.Parameters.AddWithValue("scenario", scenario);
        command.Parameters.AddWithValue("crisis", crisisId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var actions = new List<ImprovementAction>();
        while (await reader.ReadAsync(cancellationToken))
            actions.Add(Read(reader));
        return actions;
    }

    static ImprovementAction Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetString(9),
        new ImprovementRaiser(reader.GetString(10), reader.GetString(11), reader.GetString(12)),
        reader.GetFieldValue<DateTimeOffset>(13), reader.GetFieldValue<DateTimeOffset>(14),
        reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15));
}
