using System.Text.Json;
using Micic.Contracts;
using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Offers.Data;

public sealed record StoredOffer(
    Guid Id, string OrganisationId, string CrisisId, string? Provider, string Mode, string FromPlace, string ToPlace,
    string DestinationCountry, DateTimeOffset DepartsAt, int Seats, int SeatsAllocated, string Status, OfferEligibility Eligibility)
{
    public int SeatsAvailable => Seats - SeatsAllocated;
}

/// <summary>The outcome of a seat hold: held (with the seats left) or refused, and why.</summary>
public sealed record HoldOutcome(bool Held, int SeatsAvailable, string? Refusal);

/// <summary>The offers database. Offers is the only writer of seat counts.</summary>
public sealed class OfferStore(NpgsqlDataSource dataSource)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Insert(DbSession session, StoredOffer offer, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            INSERT INTO offer (id, organisation_id, crisis_id, provider, mode, from_place, to_place, destination_country,
                departs_at, seats, status, eligibility)
            VALUES (@id, @organisation, @crisis, @provider, @mode, @from, @to, @destination, @departs_at, @seats, @status, @eligibility)
            """);
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
        p.AddWithValue("status", offer.Status);
        p.Add(new NpgsqlParameter("eligibility", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(offer.Eligibility, Json) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    const string Columns = """
        id, organisation_id, crisis_id, provider, mode, from_place, to_place, destination_country, departs_at,
        seats, seats_allocated, status, eligibility
        """;

    public async Task<StoredOffer?> Find(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM offer WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>One page of offers, soonest departure first, optionally of one organisation, status or departure place.</summary>
    public async Task<(IReadOnlyList<StoredOffer> Offers, long Total)> List(
        string? organisationId, string? status, string? fromPlace, PageRequest page, CancellationToken cancellationToken)
    {
        const string filter = """
            WHERE (@organisation::text IS NULL OR organisation_id = @organisation)
              AND (@status::text IS NULL OR status = @status)
              AND (@from::text IS NULL OR from_place = @from)
            """;
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in new[] { $"SELECT count(*) FROM offer {filter}", $"SELECT {Columns} FROM offer {filter} ORDER BY departs_at, id LIMIT @limit OFFSET @offset" })
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
            {
                Parameters =
                {
                    Parameters.OptionalText("organisation", organisationId),
                    Parameters.OptionalText("status", status),
                    Parameters.OptionalText("from", fromPlace),
                    new NpgsqlParameter<int>("limit", page.PageSize),
                    new NpgsqlParameter<int>("offset", page.Offset),
                },
            });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var offers = new List<StoredOffer>();
        while (await reader.ReadAsync(cancellationToken))
            offers.Add(Read(reader));
        return (offers, total);
    }

    static StoredOffer Read(NpgsqlDataReader reader) =>
        new(
            reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
            reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetString(11),
            JsonSerializer.Deserialize<OfferEligibility>(reader.GetString(12), Json)!);

    /// <summary>
    /// Holds seats for a whole group in one conditional update: it succeeds only while the offer is open, has not
    /// departed and has <c>seats − allocated ≥ group size</c>, so no interleaving of holds, on any number of instances,
    /// can overbook it. Holding again for the same group is answered with the existing hold.
    /// </summary>
    public async Task<HoldOutcome> Hold(DbSession session, HoldSeats hold, CancellationToken cancellationToken)
    {
        await using (var existing = session.Command("""
            SELECT o.seats - o.seats_allocated FROM seat_hold h JOIN offer o ON o.id = h.offer_id
            WHERE h.offer_id = @offer AND h.request_id = @request
            """))
        {
            existing.Parameters.AddWithValue("offer", hold.OfferId);
            existing.Parameters.AddWithValue("request", hold.RequestId);
            if (await existing.ExecuteScalarAsync(cancellationToken) is int left)
                return new HoldOutcome(true, left, null);
        }

        await using var command = session.Command("""
            WITH held AS (
                UPDATE offer SET seats_allocated = seats_allocated + @seats
                WHERE id = @offer AND status = 'open' AND departs_at > now() AND seats - seats_allocated >= @seats
                RETURNING id, seats - seats_allocated AS available),
            recorded AS (
                INSERT INTO seat_hold (offer_id, request_id, seats, priority)
                SELECT id, @request, @seats, @priority FROM held)
            SELECT available FROM held
            """);
        var p = command.Parameters;
        p.AddWithValue("offer", hold.OfferId);
        p.AddWithValue("request", hold.RequestId);
        p.AddWithValue("seats", hold.Seats);
        p.AddWithValue("priority", hold.Priority);
        if (await command.ExecuteScalarAsync(cancellationToken) is int available)
            return new HoldOutcome(true, available, null);

        var offer = await Find(hold.OfferId, cancellationToken);
        return new HoldOutcome(false, offer?.SeatsAvailable ?? 0, offer switch
        {
            null => "no such offer",
            { Status: not "open" } => $"offer {offer.Status}",
            _ when offer.DepartsAt <= DateTimeOffset.UtcNow => "offer departed",
            _ => "no capacity left",
        });
    }

    /// <summary>Gives a group's seats back; null if the group held none there (a repeated release changes nothing).</summary>
    public async Task<int?> Release(DbSession session, ReleaseSeats release, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            WITH released AS (
                DELETE FROM seat_hold WHERE offer_id = @offer AND request_id = @request RETURNING offer_id, seats),
            freed AS (
                UPDATE offer o SET seats_allocated = o.seats_allocated - r.seats FROM released r WHERE o.id = r.offer_id)
            SELECT seats FROM released
            """);
        command.Parameters.AddWithValue("offer", release.OfferId);
        command.Parameters.AddWithValue("request", release.RequestId);
        return await command.ExecuteScalarAsync(cancellationToken) as int?;
    }

    /// <summary>
    /// Withdraws an open offer and frees every seat held on it, in one statement; returns the groups that held seats,
    /// or null when the offer was not open (already withdrawn, closed or departed).
    /// </summary>
    public async Task<IReadOnlyList<(Guid RequestId, int Seats)>?> Withdraw(DbSession session, Guid offerId, CancellationToken cancellationToken)
    {
        await using (var withdraw = session.Command("UPDATE offer SET status = 'withdrawn', seats_allocated = 0 WHERE id = @id AND status = 'open'"))
        {
            withdraw.Parameters.AddWithValue("id", offerId);
            if (await withdraw.ExecuteNonQueryAsync(cancellationToken) == 0)
                return null;
        }
        await using var release = session.Command("DELETE FROM seat_hold WHERE offer_id = @id RETURNING request_id, seats");
        release.Parameters.AddWithValue("id", offerId);
        await using var reader = await release.ExecuteReaderAsync(cancellationToken);
        var released = new List<(Guid, int)>();
        while (await reader.ReadAsync(cancellationToken))
            released.Add((reader.GetGuid(0), reader.GetInt32(1)));
        return released;
    }
}
