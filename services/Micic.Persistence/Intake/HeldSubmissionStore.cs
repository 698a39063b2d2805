using Micic.Persistence.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Persistence.Intake;

/// <summary>
/// A held submission as stored; <see cref="Submission"/> (JSON) is null once it was accepted or discarded.
/// <see cref="SiteCode"/> is where it was registered, for what is registered at a site (a walk-in);
/// <see cref="AcceptedAs"/> what it became (a request, an arrival).
/// </summary>
public sealed record HeldSubmission(
    Guid Id, string OrganisationId, string? SiteCode, Registrant Registrant, FieldWorker SentBy, DateTimeOffset ReceivedAt, string HeldBecause,
    string? Submission, IReadOnlyList<Guid> PersonIds, string Status, Guid? AcceptedAs, FieldWorker? ReviewedBy, DateTimeOffset? ReviewedAt,
    string? DiscardReason);

public static class HeldStatus
{
    public const string Held = "held";
    public const string Accepted = "accepted";
    public const string Discarded = "discarded";
    public static readonly IReadOnlyList<string> All = [Held, Accepted, Discarded];
}

/// <summary>The submissions held for review, in the service's table <c>held_submission</c> (the same in each service that holds them).</summary>
public sealed class HeldSubmissionStore(DbSession session)
{
    public async Task Hold(HeldSubmission held, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO held_submission (id, organisation_id, site_code, registrant_id, registrant_name, registered_at, sent_by_id, sent_by_name,
                received_at, held_because, submission, person_ids, status)
            VALUES (@id, @organisation, @site, @registrant_id, @registrant_name, @registered_at, @sent_by_id, @sent_by_name, @received_at,
                @because, @submission, @people, @status)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", held.Id);
        p.AddWithValue("organisation", held.OrganisationId);
        p.Add(Parameters.OptionalText("site", held.SiteCode));
        p.AddWithValue("registrant_id", held.Registrant.Id);
        p.AddWithValue("registrant_name", held.Registrant.Name);
        p.AddWithValue("registered_at", held.Registrant.IssuedAt);
        p.AddWithValue("sent_by_id", held.SentBy.Id);
        p.AddWithValue("sent_by_name", held.SentBy.Name);
        p.AddWithValue("received_at", held.ReceivedAt);
        p.AddWithValue("because", held.HeldBecause);
        p.Add(new NpgsqlParameter("submission", NpgsqlDbType.Jsonb) { Value = held.Submission! });
        p.Add(new NpgsqlParameter<Guid[]>("people", [.. held.PersonIds]));
        p.AddWithValue("status", held.Status);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string Columns = """
        h.id, h.organisation_id, h.site_code, h.registrant_id, h.registrant_name, h.registered_at, h.sent_by_id, h.sent_by_name, h.received_at,
        h.held_because, h.submission::text, h.person_ids, h.status, h.accepted_as, h.reviewed_by_id, h.reviewed_by_name, h.reviewed_at,
        h.discard_reason
        """;

    /// <summary>Locks a held submission against a concurrent review; null if there is none.</summary>
    public async Task<HeldSubmission?> Lock(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM held_submission h WHERE h.id = @id FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Records the review and erases the submission's personal data, which now lives in what it became, or nowhere.</summary>
    public async Task Reviewed(Guid id, string status, FieldWorker reviewer, DateTimeOffset at, Guid? acceptedAs, string? discardReason,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE held_submission SET status = @status, submission = NULL, accepted_as = @accepted_as, reviewed_by_id = @reviewer_id,
                reviewed_by_name = @reviewer_name, reviewed_at = @at, discard_reason = @reason
            WHERE id = @id
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("status", status);
        p.Add(Parameters.Optional("accepted_as", acceptedAs, NpgsqlDbType.Uuid));
        p.AddWithValue("reviewer_id", reviewer.Id);
        p.AddWithValue("reviewer_name", reviewer.Name);
        p.AddWithValue("at", at);
        p.Add(Parameters.OptionalText("reason", discardReason));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Held submissions of one organisation (or of all, for null), registered at these sites (or anywhere, for null), oldest
    /// first, so pages stay put as new ones arrive.
    /// </summary>
    public async Task<(IReadOnlyList<HeldSubmission> Items, long Total)> List(string? organisationId, IReadOnlyCollection<string>? sites,
        string? status, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("organisation", organisationId));
        command.Parameters.Add(new NpgsqlParameter("sites", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sites is null ? DBNull.Value : sites.ToArray() });
        command.Parameters.Add(Parameters.OptionalText("status", status));
        return await PagedQuery.Read(command, Columns, """
            FROM held_submission h
            WHERE (@organisation::text IS NULL OR h.organisation_id = @organisation) AND (@status::text IS NULL OR h.status = @status)
              AND (@sites::text[] IS NULL OR h.site_code = ANY(@sites))
            """, "h.received_at, h.id", (page.PageSize, page.Offset), Read, cancellationToken);
    }

    static HeldSubmission Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        new Registrant(reader.GetString(3), reader.GetString(4), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(5)),
        new FieldWorker(reader.GetString(6), reader.GetString(7)), reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10), reader.GetFieldValue<Guid[]>(11), reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetGuid(13),
        reader.IsDBNull(14) ? null : new FieldWorker(reader.GetString(14), reader.GetString(15)),
        reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16), reader.IsDBNull(17) ? null : reader.GetString(17));
}
