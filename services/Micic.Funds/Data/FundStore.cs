using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Funds.Data;

/// <summary>A charge as stored: what a fund paid, for which claim or movement (its offer), when (on the crisis clock).</summary>
public sealed record StoredCharge(Guid Id, Guid? ClaimId, decimal Amount, Purpose Purpose, DateTimeOffset ChargedAt, Guid? OfferId = null,
    decimal? ReportingAmount = null);

/// <summary>
/// A fund with what the movements it was chosen for will cost it (<paramref name="Committed"/>), what it spent since a
/// moment (the recent burn) and whether it was last announced as running low.
/// </summary>
public sealed record FundPosition(Fund Fund, decimal Committed, decimal SpentRecently, bool RunningLow);

/// <summary>A charge to write: for a claim or for a movement (its offer), with its amount in the reporting currency.</summary>
public sealed record NewCharge(Guid Id, Guid FundId, Guid? ClaimId, Guid? OfferId, decimal Amount, Purpose Purpose, DateTimeOffset At,
    decimal ReportingAmount, string ReportingCurrency, DateOnly RatesOf);

public sealed record StoredReceipt(Guid Id, decimal Amount, DateTimeOffset ReceivedAt);

/// <summary>The funds of the funds database, their receipts and charges.</summary>
public sealed class FundStore(DbSession session)
{
    const string Columns = "id, name, donor_organisation_id, currency, pledged, received, spent, nationalities, purposes, valid_from, valid_to, source";

    /// <summary>
    /// What the offers a fund was chosen for will cost it when they depart, each at its every seat: open or closed for
    /// boarding, not departed, not withdrawn.
    /// </summary>
    const string Committed = """
        (SELECT coalesce(sum(CASE o.cost_per WHEN 'seat' THEN o.cost_amount * o.seats ELSE o.cost_amount END), 0)
           FROM offer_terms o
          WHERE o.fund_id = fund.id AND o.cost_amount IS NOT NULL AND o.status IN ('open', 'closed')
            AND NOT EXISTS (SELECT 1 FROM movement m WHERE m.offer_id = o.id))
        """;

    const string SpentSinceColumn = "(SELECT coalesce(sum(c.amount), 0) FROM charge c WHERE c.fund_id = fund.id AND c.charged_at > @since)";

    public async Task Insert(Guid id, NewFund fund, DateTimeOffset at, string createdBy, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO fund (id, name, donor_organisation_id, currency, pledged, nationalities, purposes, valid_from, valid_to, created_at, created_by,
                source)
            VALUES (@id, @name, @donor, @currency, @pledged, @nationalities, @purposes, @from, @to, @at, @by, @source)
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
        command.Parameters.AddWithValue("source", fund.Source.WireName());
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

    /// <summary>Every fund, oldest first, with what it committed and what it spent since <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<FundPosition>> All(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {Columns}, {Committed}, {SpentSinceColumn}, running_low FROM fund ORDER BY created_at, id
            """, cancellationToken);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var funds = new List<FundPosition>();
        while (await reader.ReadAsync(cancellationToken))
            funds.Add(ReadPosition(reader));
        return funds;
    }

    /// <summary>One fund with what it committed and what it spent since <paramref name="since"/>; null when there is no such fund.</summary>
    public async Task<FundPosition?> Position(Guid id, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {Columns}, {Committed}, {SpentSinceColumn}, running_low FROM fund WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("since", since);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPosition(reader) : null;
    }

    /// <summary>Remembers whether the fund was announced as running low, so that it is announced once per crossing.</summary>
    public async Task MarkRunningLow(Guid id, bool runningLow, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE fund SET running_low = @low WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("low", runningLow);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
    public async Task Charge(NewCharge charge, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO charge (id, fund_id, claim_id, offer_id, amount, purpose, charged_at, reporting_amount, reporting_currency, rates_of)
            VALUES (@charge, @fund, @claim, @offer, @amount, @purpose, @at, @reporting, @reportingCurrency, @ratesOf);
            UPDATE fund SET spent = spent + @amount WHERE id = @fund;
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("charge", charge.Id);
        p.AddWithValue("fund", charge.FundId);
        p.Add(Parameters.Optional("claim", charge.ClaimId, NpgsqlDbType.Uuid));
        p.Add(Parameters.Optional("offer", charge.OfferId, NpgsqlDbType.Uuid));
        p.AddWithValue("amount", charge.Amount);
        p.AddWithValue("purpose", charge.Purpose.WireName());
        p.AddWithValue("at", charge.At);
        p.AddWithValue("reporting", charge.ReportingAmount);
        p.AddWithValue("reportingCurrency", charge.ReportingCurrency);
        p.AddWithValue("ratesOf", charge.RatesOf);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredCharge>> Charges(Guid fundId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT id, claim_id, amount, purpose, charged_at, offer_id, reporting_amount FROM charge WHERE fund_id = @id ORDER BY charged_at, id",
            cancellationToken);
        command.Parameters.AddWithValue("id", fundId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var charges = new List<StoredCharge>();
        while (await reader.ReadAsync(cancellationToken))
            charges.Add(new(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetDecimal(2),
                WireNames<Purpose>.Parse(reader.GetString(3)), reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetGuid(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6)));
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
            reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9), reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10)),
        WireNames<FundSource>.Parse(reader.GetString(11)));

    static FundPosition ReadPosition(NpgsqlDataReader reader) => new(Read(reader), reader.GetDecimal(12), reader.GetDecimal(13), reader.GetBoolean(14));
}
