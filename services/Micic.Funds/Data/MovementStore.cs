using System.Text.Json;
using Micic.Contracts;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Funds.Data;

/// <summary>A departed movement as Funds keeps it: charged (its charge), or uncharged with why no fund paid it.</summary>
public sealed record StoredMovement(DepartedMovement Movement, Guid? ChargeId, string? Refusal);

/// <summary>Offers as Funds hears of them, the movements that departed, and what each charged movement cost each nationality.</summary>
public sealed class MovementStore(DbSession session)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Keeps what an offer's publication says (crisis, mode, eligibility, cost), and its capacity unless a newer account
    /// of it was heard first.
    /// </summary>
    public async Task Publish(OfferPublished offer, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer_terms (id, crisis_id, mode, nationalities, cost_amount, cost_currency, cost_per, seats, status, departs_at, version)
            VALUES (@id, @crisis, @mode, @nationalities, @amount, @currency, @per, @seats, @status, @departs, @version)
            ON CONFLICT (id) DO UPDATE SET crisis_id = excluded.crisis_id, mode = excluded.mode, nationalities = excluded.nationalities,
                cost_amount = excluded.cost_amount, cost_currency = excluded.cost_currency, cost_per = excluded.cost_per,
                seats = CASE WHEN excluded.version > offer_terms.version THEN excluded.seats ELSE offer_terms.seats END,
                status = CASE WHEN excluded.version > offer_terms.version THEN excluded.status ELSE offer_terms.status END,
                departs_at = CASE WHEN excluded.version > offer_terms.version THEN excluded.departs_at ELSE offer_terms.departs_at END,
                version = greatest(excluded.version, offer_terms.version)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", offer.OfferId);
        p.AddWithValue("crisis", offer.CrisisId);
        p.AddWithValue("mode", offer.Mode);
        p.AddWithValue("nationalities", offer.Eligibility.Nationalities.ToArray());
        p.Add(Parameters.Optional("amount", offer.Cost?.Amount, NpgsqlDbType.Numeric));
        p.Add(Parameters.OptionalText("currency", offer.Cost?.Currency));
        p.Add(Parameters.OptionalText("per", offer.Cost?.Per));
        AddCapacity(p, offer.Capacity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps an offer's newer capacity (seats, status, departure); an older one heard late changes nothing.</summary>
    /// <returns>The fund chosen for the offer, when the capacity was newer and a fund was chosen: its commitment moved.</returns>
    public async Task<Guid?> ChangeCapacity(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer_terms (id, seats, status, departs_at, version) VALUES (@id, @seats, @status, @departs, @version)
            ON CONFLICT (id) DO UPDATE SET seats = excluded.seats, status = excluded.status, departs_at = excluded.departs_at, version = excluded.version
                WHERE excluded.version > offer_terms.version
            RETURNING fund_id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        AddCapacity(command.Parameters, capacity);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetGuid(0) : null;
    }

    static void AddCapacity(NpgsqlParameterCollection p, OfferCapacity capacity)
    {
        p.AddWithValue("seats", capacity.Seats);
        p.AddWithValue("status", capacity.Status);
        p.AddWithValue("departs", capacity.DepartsAt);
        p.AddWithValue("version", capacity.Version);
    }

    /// <summary>An offer whose publication Funds has heard; null otherwise.</summary>
    /// <param name="forUpdate">Locks it, so that choosing its fund and charging its movement happen one at a time.</param>
    public async Task<OfferTerms?> Offer(Guid offerId, CancellationToken cancellationToken, bool forUpdate = false)
    {
        await using var command = await session.Command($"""
            SELECT id, crisis_id, mode, nationalities, seats, status, departs_at, cost_amount, cost_currency, cost_per, fund_id
            FROM offer_terms WHERE id = @id AND crisis_id IS NOT NULL {(forUpdate ? "FOR UPDATE" : "")}
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new OfferTerms(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetInt32(4),
            reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
            reader.IsDBNull(7) ? null : new Money(reader.GetDecimal(7), reader.GetString(8)),
            reader.IsDBNull(9) ? CostBasis.Movement : WireNames<CostBasis>.Parse(reader.GetString(9)),
            reader.IsDBNull(10) ? null : reader.GetGuid(10));
    }

    public async Task ChooseFund(Guid offerId, Guid fundId, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "UPDATE offer_terms SET fund_id = @fund, funded_at = @at, funded_by = @by WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.AddWithValue("fund", fundId);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("by", by);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a departed movement, uncharged as yet.</summary>
    /// <returns>False when its offer's movement was recorded already (a second departure heard): nothing is recorded.</returns>
    public async Task<bool> Depart(DepartedMovement movement, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO movement (offer_id, manifest_id, passengers, by_nationality, departed_at)
            VALUES (@offer, @manifest, @passengers, @nationalities, @at) ON CONFLICT (offer_id) DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("offer", movement.OfferId);
        p.AddWithValue("manifest", movement.ManifestId);
        p.AddWithValue("passengers", movement.Passengers);
        p.Add(new NpgsqlParameter("nationalities", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(movement.ByNationality, Json) });
        p.AddWithValue("at", movement.DepartedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<StoredMovement?> Movement(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT offer_id, manifest_id, passengers, by_nationality, departed_at, charge_id, refusal FROM movement WHERE offer_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return new StoredMovement(
            new DepartedMovement(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2),
                JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(3), Json)!, reader.GetFieldValue<DateTimeOffset>(4)),
            reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetString(6));
    }

    /// <summary>Why no fund paid for a departed movement (it stays uncharged until a coordinator funds it).</summary>
    public async Task Refuse(Guid offerId, string reason, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE movement SET refusal = @reason WHERE offer_id = @id AND charge_id IS NULL", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks a movement charged and writes what its charge cost each nationality.</summary>
    public async Task Charged(Guid offerId, Guid chargeId, IReadOnlyList<Share> shares, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE movement SET charge_id = @charge, refusal = NULL WHERE offer_id = @offer;
            INSERT INTO charge_share (charge_id, nationality, people, amount, reporting_amount)
            SELECT @charge, * FROM unnest(@nationalities, @people, @amounts, @reporting);
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("offer", offerId);
        p.AddWithValue("charge", chargeId);
        p.Add(Parameters.Column("nationalities", NpgsqlDbType.Text, shares.Select(s => s.Nationality)));
        p.Add(Parameters.Column("people", NpgsqlDbType.Integer, shares.Select(s => s.People)));
        p.Add(Parameters.Column("amounts", NpgsqlDbType.Numeric, shares.Select(s => s.Amount)));
        p.Add(Parameters.Column("reporting", NpgsqlDbType.Numeric, shares.Select(s => s.ReportingAmount)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The nationalities' shares of a crisis's charged movements, with each movement's mode and fund: of the
    /// <paramref name="nationalities"/> given only, or of everyone for null.
    /// </summary>
    public async Task<IReadOnlyList<ChargedShare>> Shares(string crisisId, IReadOnlyCollection<string>? nationalities, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT s.nationality, s.people, s.reporting_amount, o.mode, f.id, f.name
            FROM charge_share s
            JOIN charge c ON c.id = s.charge_id
            JOIN offer_terms o ON o.id = c.offer_id
            JOIN fund f ON f.id = c.fund_id
            WHERE o.crisis_id = @crisis AND (@nationalities::text[] IS NULL OR s.nationality = ANY(@nationalities))
            """, cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.Add(new NpgsqlParameter("nationalities", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = (object?)nationalities?.ToArray() ?? DBNull.Value,
        });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var shares = new List<ChargedShare>();
        while (await reader.ReadAsync(cancellationToken))
            shares.Add(new ChargedShare(reader.GetString(0), reader.GetInt32(1), reader.GetDecimal(2), reader.GetString(3), reader.GetGuid(4),
                reader.GetString(5)));
        return shares;
    }
}
