using Micic.Persistence.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>
/// The check-ins of registered households, one per crisis and registration. Messages about a registration that has
/// been erased find no registration and change nothing.
/// </summary>
public sealed class CheckInStore(DbSession session)
{
    /// <summary>These households were asked (again): the most attempts and the latest time stand, whatever the order of delivery.</summary>
    public async Task Asked(string crisisId, IReadOnlyList<Guid> registrationIds, int attempt, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO check_in (crisis_id, registration_id, nationality, attempts, asked_at)
            SELECT @crisis, r.id, r.nationality, @attempt, @at FROM registration r WHERE r.id = ANY(@ids)
            ORDER BY r.id
            ON CONFLICT (crisis_id, registration_id) DO UPDATE SET
                attempts = greatest(check_in.attempts, excluded.attempts),
                asked_at = greatest(check_in.asked_at, excluded.asked_at)
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. registrationIds]));
        command.Parameters.AddWithValue("attempt", attempt);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The household's answer, unless a later one is kept already. Locks the check-in, so that two answers of the same
    /// household are taken one after the other.
    /// </summary>
    /// <returns>Whether this answer is now the household's, and the request its check-in has become already, if any;
    /// null when the registration is gone.</returns>
    public async Task<(bool Latest, Guid? RequestId)?> Answered(string crisisId, Guid registrationId, int answer, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH registered AS (SELECT id, nationality, request_id FROM registration WHERE id = @registration FOR UPDATE),
            kept AS (
                INSERT INTO check_in (crisis_id, registration_id, nationality, attempts, answer, answered_at)
                SELECT @crisis, id, nationality, 1, @answer, @at FROM registered
                ON CONFLICT (crisis_id, registration_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at
                WHERE check_in.answered_at IS NULL OR check_in.answered_at <= excluded.answered_at
                RETURNING request_id)
            SELECT EXISTS (SELECT FROM kept), coalesce((SELECT request_id FROM kept), (SELECT request_id FROM registered))
            FROM registered
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("registration", registrationId);
        command.Parameters.AddWithValue("answer", answer);
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetGuid(1));
    }

    /// <summary>No answer after the second try: the household goes on its consulate's list to call (an answer since takes it off).</summary>
    public async Task Unanswered(string crisisId, Guid registrationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO check_in (crisis_id, registration_id, nationality, attempts, to_call_at)
            SELECT @crisis, id, nationality, 2, @at FROM registration WHERE id = @registration
            ON CONFLICT (crisis_id, registration_id) DO UPDATE SET
                to_call_at = coalesce(check_in.to_call_at, excluded.to_call_at), attempts = greatest(check_in.attempts, 2)
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("registration", registrationId);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The check-in became this request, and so did the registration; or why it could not (<paramref name="requestId"/> null).</summary>
    public async Task Became(string crisisId, Guid registrationId, Guid? requestId, string? problem, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE check_in SET request_id = @request, problem = @problem WHERE crisis_id = @crisis AND registration_id = @registration;
            UPDATE registration SET request_id = coalesce(@request, request_id) WHERE id = @registration;
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("registration", registrationId);
        command.Parameters.Add(Parameters.Optional("request", requestId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Parameters.OptionalText("problem", problem));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string Filtered = """
        FROM check_in c JOIN registration r ON r.id = c.registration_id
        LEFT JOIN evacuation_request q ON q.id = c.request_id
        WHERE c.crisis_id = @crisis AND c.nationality = ANY(@nationalities)
          AND (@answer::int IS NULL OR coalesce(c.answer, 0) = @answer)
          AND (@status::text IS NULL OR CASE WHEN c.answer IS NOT NULL THEN 'answered' WHEN c.to_call_at IS NOT NULL THEN 'to-call' ELSE 'asked' END = @status)
        """;

    /// <summary>A page of the check-ins of these nationalities' households, with their names and their requests' status, most urgent first.</summary>
    /// <param name="answer">0 for households that have not answered.</param>
    public async Task<(IReadOnlyList<CheckInRow> Items, long Total)> List(string crisisId, IReadOnlySet<string> nationalities, int? answer, string? status,
        PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(new NpgsqlParameter<string[]>("nationalities", [.. nationalities]));
        command.Parameters.Add(Parameters.Optional("answer", answer, NpgsqlDbType.Integer));
        command.Parameters.Add(Parameters.OptionalText("status", status));
        return await PagedQuery.Read(command, """
            c.registration_id, c.nationality, r.area, r.contact_phone, c.answer, c.answered_at, c.attempts, c.to_call_at, c.request_id, q.reference,
            q.status, c.problem,
            ARRAY(SELECT p.given_name || ' ' || p.family_name FROM registered_person p WHERE p.registration_id = r.id ORDER BY p.position),
            ARRAY(SELECT p.id FROM registered_person p WHERE p.registration_id = r.id ORDER BY p.position)
            """, Filtered,
            // Who needs help, then who wants to leave, then whom to call, then the rest; the latest first within each.
            "CASE c.answer WHEN 2 THEN 0 WHEN 3 THEN 1 ELSE CASE WHEN c.answer IS NULL AND c.to_call_at IS NOT NULL THEN 2 ELSE 3 END END, coalesce(c.answered_at, c.to_call_at, c.asked_at) DESC, c.registration_id",
            (page.PageSize, page.Offset), reader => new CheckInRow(
                reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetGuid(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11), reader.GetFieldValue<string[]>(12), reader.GetFieldValue<Guid[]>(13)),
            cancellationToken);
    }

    /// <summary>How the check-ins of a crisis stand, by nationality and area; <paramref name="nationalities"/> null for all. No names.</summary>
    public async Task<IReadOnlyList<CheckInCount>> Counts(string crisisId, IReadOnlySet<string>? nationalities, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT c.nationality, r.area, count(*),
                   count(*) FILTER (WHERE c.answer = 1), count(*) FILTER (WHERE c.answer = 2), count(*) FILTER (WHERE c.answer = 3),
                   count(*) FILTER (WHERE c.answer IS NULL), count(*) FILTER (WHERE c.answer IS NULL AND c.to_call_at IS NOT NULL)
            FROM check_in c JOIN registration r ON r.id = c.registration_id
            WHERE c.crisis_id = @crisis AND (@all OR c.nationality = ANY(@nationalities))
            GROUP BY c.nationality, r.area ORDER BY c.nationality, r.area NULLS LAST
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(new NpgsqlParameter<bool>("all", nationalities is null));
        command.Parameters.Add(new NpgsqlParameter<string[]>("nationalities", [.. nationalities ?? new HashSet<string>()]));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new List<CheckInCount>();
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(new CheckInCount(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
                (int)reader.GetInt64(4), (int)reader.GetInt64(5), (int)reader.GetInt64(6), (int)reader.GetInt64(7)));
        return counts;
    }
}

/// <summary>One household's check-in as its consulate reads it.</summary>
public sealed record CheckInRow(
    Guid RegistrationId, string Nationality, string? Area, string Phone, int? Answer, DateTimeOffset? AnsweredAt, int Attempts, DateTimeOffset? ToCallAt,
    Guid? RequestId, string? RequestReference, string? RequestStatus, string? Problem, IReadOnlyList<string> Names, IReadOnlyList<Guid> PersonIds);

/// <summary>How many households of one nationality in one area were asked, answered each answer, have not answered, are to be called.</summary>
public sealed record CheckInCount(string Nationality, string? Area, int Asked, int Safe, int NeedHelp, int WantToLeave, int Unanswered, int ToCall);
