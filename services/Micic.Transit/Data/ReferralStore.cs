using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Micic.Transit.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Transit.Data;

/// <summary>A referral as stored, with the person it is about as its partner may see them (never their documents or notes).</summary>
public sealed record StoredReferral(
    Guid Id, Guid ArrivalId, Guid PersonId, string SiteCode, ReferralService Service, ReferralStatus Status, string? PartnerId,
    IReadOnlyList<string> DeclinedBy, DateTimeOffset CreatedAt, DateTimeOffset DueBy, bool BestInterestAssessment, string? Outcome,
    ReferredPerson Person)
{
    public ReferralState State => new(Id, Status, PartnerId);
}

/// <summary>Who a referral is about: name, age, sex, nationality and their needs as screened; no document, no notes.</summary>
public sealed record ReferredPerson(string? GivenName, string? FamilyName, int? Age, string? Sex, string Nationality, IReadOnlyList<string> Needs);

/// <summary>Whose referrals a caller may list: a partner those routed to it, a transit authority those at its sites, a coordinator all.</summary>
public sealed record ReferralScope(string? PartnerId, IReadOnlyCollection<string>? Sites);

/// <summary>The referrals of the transit database.</summary>
public sealed class ReferralStore(DbSession session)
{
    const string Columns = """
        r.id, r.arrival_id, r.person_id, r.site_code, r.service, r.status, r.partner_id, r.declined_by, r.created_at, r.due_by, r.best_interest,
        r.outcome, a.given_name, a.family_name, a.age, a.sex, a.nationality, a.needs
        """;

    public async Task<StoredReferral?> Find(Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = await session.Command(
            $"SELECT {Columns} FROM referral r JOIN arrival a ON a.id = r.arrival_id WHERE r.id = @id {(forUpdate ? "FOR UPDATE OF r" : "")}",
            cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One page of the referrals in scope, oldest first, optionally by status, service and site.</summary>
    public async Task<(IReadOnlyList<StoredReferral> Items, long Total)> List(ReferralScope scope, ReferralStatus? status, ReferralService? service,
        string? siteCode, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("partner", scope.PartnerId));
        command.Parameters.Add(new NpgsqlParameter("sites", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)scope.Sites?.ToArray() ?? DBNull.Value });
        command.Parameters.Add(Parameters.OptionalText("status", status?.WireName()));
        command.Parameters.Add(Parameters.OptionalText("service", service?.WireName()));
        command.Parameters.Add(Parameters.OptionalText("site", siteCode));
        return await PagedQuery.Read(command, Columns, """
            FROM referral r JOIN arrival a ON a.id = r.arrival_id
            WHERE (@partner::text IS NULL OR r.partner_id = @partner)
              AND (@sites::text[] IS NULL OR r.site_code = ANY(@sites))
              AND (@status::text IS NULL OR r.status = @status)
              AND (@service::text IS NULL OR r.service = @service)
              AND (@site::text IS NULL OR r.site_code = @site)
            """, "r.created_at, r.id", (page.PageSize, page.Offset), Read, cancellationToken);
    }

    /// <summary>Moves a referral on: a new status, partner (routed elsewhere, or none), who declined it, and its outcome.</summary>
    public async Task Update(Guid id, ReferralStatus status, string? partnerId, IReadOnlyList<string> declinedBy, string? outcome,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE referral SET status = @status, partner_id = @partner, declined_by = @declined, outcome = @outcome WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status.WireName());
        command.Parameters.Add(Parameters.OptionalText("partner", partnerId));
        command.Parameters.AddWithValue("declined", declinedBy.ToArray());
        command.Parameters.Add(Parameters.OptionalText("outcome", outcome));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Referrals still not accepted past their due time, not yet reported, claimed for this instance (<c>SKIP LOCKED</c>)
    /// and marked.
    /// </summary>
    public async Task<IReadOnlyList<(Guid Id, string SiteCode, ReferralService Service, string? PartnerId, DateTimeOffset DueBy, bool BestInterest)>> ClaimOverdue(
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT id FROM referral WHERE status = @routed AND overdue_flagged_at IS NULL AND due_by < @now
                ORDER BY due_by LIMIT 100 FOR UPDATE SKIP LOCKED)
            UPDATE referral r SET overdue_flagged_at = @now FROM due WHERE r.id = due.id
            RETURNING r.id, r.site_code, r.service, r.partner_id, r.due_by, r.best_interest
            """, cancellationToken);
        command.Parameters.AddWithValue("routed", ReferralStatus.Routed.WireName());
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var overdue = new List<(Guid, string, ReferralService, string?, DateTimeOffset, bool)>();
        while (await reader.ReadAsync(cancellationToken))
            overdue.Add((reader.GetGuid(0), reader.GetString(1), WireNames<ReferralService>.Parse(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5)));
        return overdue;
    }

    static StoredReferral Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), WireNames<ReferralService>.Parse(reader.GetString(4)),
        WireNames<ReferralStatus>.Parse(reader.GetString(5)), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<string[]>(7),
        reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateTimeOffset>(9), reader.GetBoolean(10), reader.IsDBNull(11) ? null : reader.GetString(11),
        new ReferredPerson(reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
            reader.IsDBNull(14) ? null : reader.GetInt32(14), reader.IsDBNull(15) ? null : reader.GetString(15), reader.GetString(16),
            reader.GetFieldValue<string[]>(17)));
}
