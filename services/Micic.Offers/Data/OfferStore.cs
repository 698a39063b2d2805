using System.Text.Json;
using Micic.Contracts;
using Micic.Offers.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Offers.Data;

public sealed record StoredOffer(
    Guid Id, string OrganisationId, string CrisisId, string? Provider, string Mode, string FromPlace, string ToPlace,
    string DestinationCountry, DateTimeOffset DepartsAt, int Seats, int SeatsAllocated, OfferState Status, OfferEligibility Eligibility,
    long Version = 1, OfferCost? Cost = null, MovementCharge? Charge = null)
{
    public int SeatsAvailable => Seats - SeatsAllocated;

    public OfferCapacity Capacity => new() { Status = Status.WireName(), Seats = Seats, SeatsAllocated = SeatsAllocated, DepartsAt = DepartsAt, Version = Version };
}

/// <summary>What a fund paid for an offer's departed movement, as Funds charged it.</summary>
public sealed record MovementCharge(decimal Amount, string Currency, Guid FundId, int SeatsUsed, int SeatsUnused);

/// <summary>The outcome of a seat hold: held or refused (and why), with the offer's capacity afterwards.</summary>
public sealed record HoldOutcome(bool Held, OfferCapacity? Capacity, string? Refusal);

/// <summary>The offers database. Offers is the only writer of seat counts.</summary>
public sealed class OfferStore(DbSession session, TimeProvider clock)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Insert(StoredOffer offer, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer (id, organisation_id, crisis_id, provider, mode, from_place, to_place, destination_country,
                departs_at, seats, status, eligibility, cost_amount, cost_currency, cost_per)
            VALUES (@id, @organisation, @crisis, @provider, @mode, @from, @to, @destination, @departs_at, @seats, @status, @eligibility,
                @cost_amount, @cost_currency, @cost_per)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", offer.Id);
        p.AddWithValue("organisation", offer.OrganisationId);
        p.AddWithValue("crisis", offer.CrisisId);
        p.Add(Parameters.OptionalText("provider", offer.Provider));
        p.AddWithValue("mode", offer.Mode);
        p.AddWithValue("from", offer.FromPlace);
        p.AddWithValue("to", offer.ToPlace);
        p.AddWithValue("destination", offer.DestinationCountry);
        p.AddWithValue("departs_at", offer.DepartsAt);
        p.AddWithValue("seats", offer.Seats);
        p.AddWithValue("status", offer.Status.WireName());
        p.Add(new NpgsqlParameter("eligibility", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(offer.Eligibility, Json) });
        p.Add(Parameters.Optional("cost_amount", offer.Cost?.Amount, NpgsqlDbType.Numeric));
        p.Add(Parameters.OptionalText("cost_currency", offer.Cost?.Currency));
        p.Add(Parameters.OptionalText("cost_per", offer.Cost?.Per));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records what a fund paid for the offer's movement; a charge already recorded is kept (the same charge heard again).</summary>
    public async Task RecordCharge(MovementCharged charged, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE offer SET charge_id = @charge, charge_amount = @amount, charge_currency = @currency, charge_fund_id = @fund,
                seats_used = @used, seats_unused = @unused
            WHERE id = @id AND charge_id IS NULL
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", charged.OfferId);
        p.AddWithValue("charge", charged.ChargeId);
        p.AddWithValue("amount", charged.Amount);
        p.AddWithValue("currency", charged.Currency);
        p.AddWithValue("fund", charged.FundId);
        p.AddWithValue("used", charged.SeatsUsed);
        p.AddWithValue("unused", charged.SeatsUnused);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string Columns = """
        id, organisation_id, crisis_id, provider, mode, from_place, to_place, destination_country, departs_at,
        seats, seats_allocated, status, eligibility, version, cost_amount, cost_currency, cost_per,
        charge_amount, charge_currency, charge_fund_id, seats_used, seats_unused
        """;

    public async Task<StoredOffer?> Find(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM offer WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One page of offers, soonest departure first, optionally of one organisation, status or departure place.</summary>
    public async Task<(IReadOnlyList<StoredOffer> Offers, long Total)> List(
        string? organisationId, string? status, string? fromPlace, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.OptionalText("organisation", organisationId));
        command.Parameters.Add(Parameters.OptionalText("status", status));
        command.Parameters.Add(Parameters.OptionalText("from", fromPlace));
        return await PagedQuery.Read(command, Columns, """
            FROM offer
            WHERE (@organisation::text IS NULL OR organisation_id = @organisation)
              AND (@status::text IS NULL OR status = @status)
              AND (@from::text IS NULL OR from_place = @from)
            """, "departs_at, id", (page.PageSize, page.Offset), Read, cancellationToken);
    }

    static StoredOffer Read(NpgsqlDataReader reader) =>
        new(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
            reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9), reader.GetInt32(10), WireNames<OfferState>.Parse(reader.GetString(11)),
            JsonSerializer.Deserialize<OfferEligibility>(reader.GetString(12), Json)!, reader.GetInt64(13),
            reader.IsDBNull(14) ? null : new OfferCost { Amount = reader.GetDecimal(14), Currency = reader.GetString(15), Per = reader.GetString(16) },
            reader.IsDBNull(17) ? null : new MovementCharge(reader.GetDecimal(17), reader.GetString(18), reader.GetGuid(19), reader.GetInt32(20), reader.GetInt32(21)));

    /// <summary>
    /// Holds seats for a whole group in one conditional update: it succeeds only while the offer is open, has not
    /// departed and has <c>seats − allocated ≥ group size</c>, so no interleaving of holds, on any number of instances,
    /// can overbook it. Holding again for the same group is answered with the existing hold.
    /// </summary>
    public async Task<HoldOutcome> Hold(HoldSeats hold, CancellationToken cancellationToken)
    {
        await using (var existing = await session.Command("SELECT 1 FROM seat_hold WHERE offer_id = @offer AND request_id = @request", cancellationToken))
        {
            existing.Parameters.AddWithValue("offer", hold.OfferId);
            existing.Parameters.AddWithValue("request", hold.RequestId);
            if (await existing.ExecuteScalarAsync(cancellationToken) is not null)
                return new HoldOutcome(true, await Capacity(hold.OfferId, cancellationToken), null);
        }

        await using var command = await session.Command($"""
            WITH held AS (
                UPDATE offer SET seats_allocated = seats_allocated + @seats, version = version + 1
                WHERE id = @offer AND status = @open AND departs_at > @now AND seats - seats_allocated >= @seats
                RETURNING id, {CapacityColumns}),
            recorded AS (
                INSERT INTO seat_hold (offer_id, request_id, seats, ranks_from, submitted_at)
                SELECT id, @request, @seats, @ranks_from, @submitted_at FROM held)
            SELECT {CapacityColumns} FROM held
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("offer", hold.OfferId);
        p.AddWithValue("request", hold.RequestId);
        p.AddWithValue("now", clock.GetUtcNow());
        p.AddWithValue("seats", hold.Seats);
        p.AddWithValue("open", OfferState.Open.WireName());
        p.AddWithValue("ranks_from", hold.RanksFrom);
        p.AddWithValue("submitted_at", hold.SubmittedAt);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            if (await reader.ReadAsync(cancellationToken))
                return new HoldOutcome(true, ReadCapacity(reader, 0), null);

        var offer = await Capacity(hold.OfferId, cancellationToken);
        return new HoldOutcome(false, offer, OfferLifecycle.HoldRefusal(
            offer is null ? null : WireNames<OfferState>.Parse(offer.Status), offer?.DepartsAt ?? default, clock.GetUtcNow()));
    }

    /// <summary>
    /// Gives a group's seats back — all of them, or as many as the release names (a passenger who did not show up);
    /// null if the group held none there, so a repeated release changes nothing.
    /// </summary>
    public async Task<(int Seats, int SeatsLeft, OfferCapacity Capacity)?> Release(ReleaseSeats release, CancellationToken cancellationToken)
    {
        int held;
        await using (var hold = await session.Command("SELECT seats FROM seat_hold WHERE offer_id = @offer AND request_id = @request FOR UPDATE", cancellationToken))
        {
            hold.Parameters.AddWithValue("offer", release.OfferId);
            hold.Parameters.AddWithValue("request", release.RequestId);
            if (await hold.ExecuteScalarAsync(cancellationToken) is not int seats)
                return null;
            held = seats;
        }

        var freed = Math.Min(release.Seats ?? held, held);
        await using var command = await session.Command($"""
            {(freed == held
                ? "WITH changed AS (DELETE FROM seat_hold WHERE offer_id = @offer AND request_id = @request)"
                : "WITH changed AS (UPDATE seat_hold SET seats = seats - @freed WHERE offer_id = @offer AND request_id = @request)")}
            UPDATE offer SET seats_allocated = seats_allocated - @freed, version = version + 1 WHERE id = @offer
            RETURNING {CapacityColumns}
            """, cancellationToken);
        command.Parameters.AddWithValue("offer", release.OfferId);
        command.Parameters.AddWithValue("request", release.RequestId);
        command.Parameters.AddWithValue("freed", freed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (freed, held - freed, ReadCapacity(reader, 0));
    }

    /// <summary>
    /// Moves an offer on in its life: closed for boarding (no more holds), then departed. Null when it was not in the
    /// expected state (already moved on, or withdrawn), so a repeated event changes nothing.
    /// </summary>
    public async Task<OfferCapacity?> MoveOn(Guid offerId, OfferMove move, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            UPDATE offer SET status = @to, version = version + 1 WHERE id = @id AND status = ANY(@from) RETURNING {CapacityColumns}
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.AddWithValue("to", move.To.WireName());
        command.Parameters.AddWithValue("from", move.FromNames.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCapacity(reader, 0) : null;
    }

    /// <summary>
    /// Withdraws an open offer and frees every seat held on it; returns the groups that held seats and the offer's
    /// capacity afterwards, or null when the offer was not open (already withdrawn, closed or departed).
    /// </summary>
    public async Task<(IReadOnlyList<SeatHold> Released, OfferCapacity Capacity)?> Withdraw(Guid offerId, CancellationToken cancellationToken)
    {
        if (await LockOpen(offerId, cancellationToken) is null)
            return null;
        var released = await DeleteHolds(offerId, requestIds: null, cancellationToken);
        await using var command = await session.Command($"""
            UPDATE offer SET status = @to, seats_allocated = 0, version = version + 1 WHERE id = @id RETURNING {CapacityColumns}
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.AddWithValue("to", OfferLifecycle.Withdrawal.To.WireName());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (released, ReadCapacity(reader, 0));
    }

    /// <summary>
    /// Changes an open offer's seats and/or departure. Cutting seats below what is allocated releases the
    /// lowest-priority groups (<see cref="SeatCut"/>) in the same transaction, so the offer is never overbooked, not
    /// even for a moment. Null when the offer is not open.
    /// </summary>
    public async Task<(IReadOnlyList<SeatHold> Released, OfferCapacity Capacity)?> Change(Guid offerId, ChangeOffer change, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await LockOpen(offerId, cancellationToken) is not { } current)
            return null;
        IReadOnlyList<SeatHold> released = [];
        if (change.Seats is { } seats && seats < current.SeatsAllocated)
        {
            released = SeatCut.Release(await Holds(offerId, cancellationToken), seats);
            await DeleteHolds(offerId, released.Select(hold => hold.RequestId).ToArray(), cancellationToken);
        }

        await using var command = await session.Command($"""
            UPDATE offer SET seats = coalesce(@seats, seats), departs_at = coalesce(@departs_at, departs_at),
                seats_allocated = seats_allocated - @released, version = version + 1
            WHERE id = @id RETURNING {CapacityColumns}
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.Add(Parameters.Optional("seats", change.Seats, NpgsqlDbType.Integer));
        command.Parameters.Add(Parameters.Optional("departs_at", change.DepartsAt, NpgsqlDbType.TimestampTz));
        command.Parameters.AddWithValue("released", released.Sum(hold => hold.Seats));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (released, ReadCapacity(reader, 0));
    }

    /// <summary>The groups holding seats on an offer.</summary>
    async Task<IReadOnlyList<SeatHold>> Holds(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT request_id, seats, ranks_from, submitted_at FROM seat_hold WHERE offer_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        return await ReadHolds(command, cancellationToken);
    }

    /// <summary>Frees the seats of the listed groups on an offer, or of all its groups; returns what was freed.</summary>
    async Task<IReadOnlyList<SeatHold>> DeleteHolds(Guid offerId, Guid[]? requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            DELETE FROM seat_hold WHERE offer_id = @id AND (@requests::uuid[] IS NULL OR request_id = ANY(@requests))
            RETURNING request_id, seats, ranks_from, submitted_at
            """, cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.Add(new NpgsqlParameter("requests", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = (object?)requestIds ?? DBNull.Value });
        return await ReadHolds(command, cancellationToken);
    }

    async Task<IReadOnlyList<SeatHold>> ReadHolds(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var holds = new List<SeatHold>();
        while (await reader.ReadAsync(cancellationToken))
            holds.Add(new SeatHold(reader.GetGuid(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return holds;
    }

    /// <summary>Locks an open offer for a change of its capacity; null when it is not open.</summary>
    async Task<OfferCapacity?> LockOpen(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {CapacityColumns} FROM offer WHERE id = @id AND status = @open FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        command.Parameters.AddWithValue("open", OfferState.Open.WireName());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCapacity(reader, 0) : null;
    }

    async Task<OfferCapacity?> Capacity(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {CapacityColumns} FROM offer WHERE id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCapacity(reader, 0) : null;
    }

    const string CapacityColumns = "status, seats, seats_allocated, departs_at, version";

    static OfferCapacity ReadCapacity(NpgsqlDataReader reader, int first) => new()
    {
        Status = reader.GetString(first),
        Seats = reader.GetInt32(first + 1),
        SeatsAllocated = reader.GetInt32(first + 2),
        DepartsAt = reader.GetFieldValue<DateTimeOffset>(first + 3),
        Version = reader.GetInt64(first + 4),
    };
}
