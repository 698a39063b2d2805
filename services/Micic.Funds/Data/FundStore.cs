using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Funds.Data;

/// <summary>A charge as stored: what a fund paid, for which claim, when (on the crisis clock).</summary>
public sealed record StoredCharge(Guid Id, Guid? ClaimId, decimal Amount, Purpose Purpose, DateTimeOffset ChargedAt);

public sealed record StoredReceipt(Guid Id, decimal Amount, DateTimeOffset ReceivedAt);

/// <summary>The funds of the funds database, their receipts and charges.</summary>
public sealed class FundStore(DbSession session)
{
    const string Columns = "id, name, donor_organisation_id, currency, pledged, received, spent, nationalities, purposes, valid_from, valid_to";

    public async Task Insert(Guid id, NewFund fund, DateTimeOffset at, string createdBy, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO fund (id, name, donor_organisation_id, currency, pledged, nationalities, purposes, valid_from, valid_to, created_at, created_by)
            VALUES (@id, @name, @donor, @currency, @pledged, @nationalities, @purposes, @from, @to, @at, @by)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("name", fund.Name);
        command.Parameters.Add(Parameters.OptionalText("donor", fund.DonorOrganisationId));
        command.Parameters.AddWithValue("currency", fund.Pledged.Currency);
        command.Parameters.AddWithValue("pledged", fund.Pledged.Amount);
        command.Parameters.AddWithValue("nationalities", fund.Restrictions.Nationalities.ToArray());
        command.Parameters.AddWithValue("purposes", fund.Restrictions.Purposes.Select(p => p.WireName()).ToArray());
        command.Parameters.Add(Parameters.Optional("from", fund.Restrictions.From, NpgsqlDbType.Date));
        command.Parameters.Add(Parameters.Optional("to", fund.Restrictions.To, NpgsqlDbType.Date));
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("by", createdBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="forUpdate">Locks the fund's row until the transaction ends: every charge takes it first, so charges on one fund queue.</param>
    public async Task<Fund?> Find(Guid id, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM fund WHERE id = @id {(forUpdate ? "FOR UPDATE" : "")}", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Every fund, oldest first, with what each spent since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<(Fund Fund, decimal SpentSince)>> All(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {Columns}, (SELECT coalesce(sum(c.amount), 0) FROM charge c WHERE c.fund_id = fund.id AND c.charged_at > @since)
            FROM fund ORDER BY created_at, id
            """, cancellationToken);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var funds = new List<(Fund, decimal)>();
        while (await reader.ReadAsync(cancellationToken))
            funds.Add((Read(reader), reader.GetDecimal(11)));
        return funds;
    }

    public async Task<decimal> SpentSince(Guid id, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT coalesce(sum(amount), 0) FROM charge WHERE fund_id = @id AND charged_at > @since", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("since", since);
        return (decimal)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task AddReceipt(Guid fundId, Guid receiptId, decimal amount, DateTimeOffset receivedAt, DateTimeOffset recordedAt,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO receipt (id, fund_id, amount, received_at, recorded_at) VALUES (@receipt, @fund, @amount, @receivedAt, @recordedAt);
            UPDATE fund SET received = received + @amount WHERE id = @fund;
            """, cancellationToken);
        command.Parameters.AddWithValue("receipt", receiptId);
        command.Parameters.AddWithValue("fund", fundId);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("receivedAt", receivedAt);
        command.Parameters.AddWithValue("recordedAt", recordedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task AddPledge(Guid fundId, Guid pledgeId, string organisationId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO pledge (id, fund_id, organisation_id, amount, pledged_at) VALUES (@pledge, @fund, @organisation, @amount, @at);
            UPDATE fund SET pledged = pledged + @amount WHERE id = @fund;
            """, cancellationToken);
        command.Parameters.AddWithValue("pledge", pledgeId);
        command.Parameters.AddWithValue("fund", fundId);
        command.Parameters.AddWithValue("organisation", organisationId);
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Charges a fund whose row this transaction holds locked, having checked it can pay.</summary>
    public async Task Charge(Guid fundId, Guid chargeId, Guid? claimId, decimal amount, Purpose purpose, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO charge (id, fund_id, claim_id, amount, purpose, charged_at) VALUES (@charge, @fund, @claim, @amount, @purpose, @at);
            UPDATE fund SET spent = spent + @amount WHERE id = @fund;
            """, cancellationToken);
        command.Parameters.AddWithValue("charge", chargeId);
        command.Parameters.AddWithValue("fund", fundId);
        command.Parameters.Add(Parameters.Optional("claim", claimId, NpgsqlDbType.Uuid));
        command.Parameters.AddWithValue("amount", amount);
        command.Parameters.AddWithValue("purpose", purpose.WireName());
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredCharge>> Charges(Guid fundId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT id, claim_id, amount, purpose, charged_at FROM charge WHERE fund_id = @id ORDER BY charged_at, id", cancellationToken);
        command.Parameters.AddWithValue("id", fundId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var charges = new List<StoredCharge>();
        while (await reader.ReadAsync(cancellationToken))
            charges.Add(new(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetDecimal(2),
                WireNames<Purpose>.Parse(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4)));
        return charges;
    }

    public async Task<IReadOnlyList<StoredReceipt>> Receipts(Guid fundId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT id, amount, received_at FROM receipt WHERE fund_id = @id ORDER BY received_at, id", cancellationToken);
        command.Parameters.AddWithValue("id", fundId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var receipts = new List<StoredReceipt>();
        while (await reader.ReadAsync(cancellationToken))
            receipts.Add(new(reader.GetGuid(0), reader.GetDecimal(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return receipts;
    }

    static Fund Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
        reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6),
        new Restrictions(reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8).Select(WireNames<Purpose>.Parse).ToList(),
            reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10)));
}
