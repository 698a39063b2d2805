using Micic.ServiceDefaults.ReferenceData;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Funds.Data;

/// <summary>The claims of the funds database.</summary>
public sealed class ClaimStore(DbSession session)
{
    const string Columns = """
        id, organisation_id, site_code, category, amount, currency, people, period_from, period_to, note, status, submitted_at, fund_id, reason,
        decided_at
        """;

    public async Task Insert(Guid id, string organisationId, NewClaim claim, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO claim (id, organisation_id, site_code, category, amount, currency, people, period_from, period_to, note, status, submitted_at)
            VALUES (@id, @organisation, @site, @category, @amount, @currency, @people, @from, @to, @note, @status, @at)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("organisation", organisationId);
        command.Parameters.Add(Parameters.OptionalText("site", claim.SiteCode));
        command.Parameters.AddWithValue("category", claim.Category.WireName());
        command.Parameters.AddWithValue("amount", claim.Amount.Amount);
        command.Parameters.AddWithValue("currency", claim.Amount.Currency);
        command.Parameters.AddWithValue("people", claim.People);
        command.Parameters.AddWithValue("from", claim.From);
        command.Parameters.AddWithValue("to", claim.To);
        command.Parameters.Add(Parameters.OptionalText("note", claim.Note));
        command.Parameters.AddWithValue("status", ClaimStatus.Pending.WireName());
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="forUpdate">Locks the claim until the transaction ends, so that two decisions on it cannot both be taken.</param>
    public async Task<ReimbursementClaim?> Find(Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM claim WHERE id = @id {(forUpdate ? "FOR UPDATE" : "")}", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One page of claims, oldest first: an organisation's own (or all, for null), optionally by status.</summary>
    public async Task<(IReadOnlyList<ReimbursementClaim> Items, long Total)> List(string? organisationId, ClaimStatus? status, PageRequest page,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("organisation", organisationId));
        command.Parameters.Add(Parameters.OptionalText("status", status?.WireName()));
        return await PagedQuery.Read(command, Columns, """
            FROM claim
            WHERE (@organisation::text IS NULL OR organisation_id = @organisation)
              AND (@status::text IS NULL OR status = @status)
            """, "submitted_at, id", (page.PageSize, page.Offset), Read, cancellationToken);
    }

    /// <summary>Decides a pending claim: approved (paid by a fund) or rejected with a reason.</summary>
    public async Task Decide(Guid id, ClaimStatus status, Guid? fundId, string? reason, DateTimeOffset at, string decidedBy,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE claim SET status = @status, fund_id = @fund, reason = @reason, decided_at = @at, decided_by = @by WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status.WireName());
        command.Parameters.Add(Parameters.Optional("fund", fundId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Parameters.OptionalText("reason", reason));
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("by", decidedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    static ReimbursementClaim Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), WireNames<ClaimCategory>.Parse(reader.GetString(3)),
        new Money(reader.GetDecimal(4), reader.GetString(5)), reader.GetInt32(6), reader.GetFieldValue<DateOnly>(7), reader.GetFieldValue<DateOnly>(8),
        reader.IsDBNull(9) ? null : reader.GetString(9), WireNames<ClaimStatus>.Parse(reader.GetString(10)), reader.GetFieldValue<DateTimeOffset>(11),
        reader.IsDBNull(12) ? null : reader.GetGuid(12), reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));
}
