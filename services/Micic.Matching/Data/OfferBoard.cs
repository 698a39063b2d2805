using System.Text.Json;
using Micic.Contracts;
using Micic.Matching.Domain;
using Micic.Persistence.Data;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Matching.Data;

/// <summary>
/// Matching's picture of the offers, kept from Offers' events. Each account of an offer's capacity carries Offers'
/// version of it, and only a newer one is applied, so events may arrive in any order and more than once.
/// </summary>
public interface IOfferBoard
{
    Task Publish(OfferPublished offer, CancellationToken cancellationToken);
    Task Apply(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken);
    Task<IReadOnlyList<AvailableOffer>> From(string crisisId, string place, CancellationToken cancellationToken);
    Task<AvailableOffer?> Find(Guid offerId, CancellationToken cancellationToken);
    Task<IReadOnlyList<Guid>> WithFreeSeats(CancellationToken cancellationToken);
}

/// <inheritdoc cref="IOfferBoard"/>
public sealed class OfferBoard(DbSession session, TimeProvider clock) : IOfferBoard
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Publish(OfferPublished offer, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer_board (offer_id, crisis_id, from_place, destination_country, eligibility,
                status, seats, seats_allocated, departs_at, version)
            VALUES (@id, @crisis, @from, @destination, @eligibility, @status, @seats, @allocated, @departs_at, @version)
            ON CONFLICT (offer_id) DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("crisis", offer.CrisisId);
        p.AddWithValue("from", offer.FromPlace);
        p.AddWithValue("destination", offer.DestinationCountry);
        p.Add(new NpgsqlParameter("eligibility", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(offer.Eligibility, Json) });
        AddCapacity(p, offer.OfferId, offer.Capacity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes an account of an offer's capacity if it is newer than the one the board has.</summary>
    public async Task Apply(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE offer_board SET status = @status, seats = @seats, seats_allocated = @allocated, departs_at = @departs_at, version = @version
            WHERE offer_id = @id AND version < @version
            """, cancellationToken);
        AddCapacity(command.Parameters, offerId, capacity);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The offers leaving from a place in a crisis, whatever their state: the reasons need the closed ones too.</summary>
    public async Task<IReadOnlyList<AvailableOffer>> From(string crisisId, string place, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM offer_board WHERE crisis_id = @crisis AND from_place = @from", cancellationToken);
        command.Parameters.AddWithValue("crisis", crisisId);
        command.Parameters.AddWithValue("from", place);
        return await Read(command, cancellationToken);
    }

    public async Task<AvailableOffer?> Find(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"SELECT {Columns} FROM offer_board WHERE offer_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offerId);
        return (await Read(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Open offers yet to depart that, as far as the board knows, still have free seats.</summary>
    public async Task<IReadOnlyList<Guid>> WithFreeSeats(CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT offer_id FROM offer_board WHERE status = @open AND departs_at > @now AND seats > seats_allocated
            """, cancellationToken);
        command.Parameters.AddWithValue("open", OfferStatus.Open);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var offers = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            offers.Add(reader.GetGuid(0));
        return offers;
    }

    const string Columns = "offer_id, crisis_id, status, from_place, destination_country, departs_at, seats - seats_allocated, eligibility, version";

    static async Task<IReadOnlyList<AvailableOffer>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var offers = new List<AvailableOffer>();
        while (await reader.ReadAsync(cancellationToken))
            offers.Add(new AvailableOffer(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2) == OfferStatus.Open, reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6),
                JsonSerializer.Deserialize<OfferEligibility>(reader.GetString(7), Json)!, reader.GetInt64(8)));
        return offers;
    }

    static void AddCapacity(NpgsqlParameterCollection p, Guid offerId, OfferCapacity capacity)
    {
        p.AddWithValue("id", offerId);
        p.AddWithValue("status", capacity.Status);
        p.AddWithValue("seats", capacity.Seats);
        p.AddWithValue("allocated", capacity.SeatsAllocated);
        p.AddWithValue("departs_at", capacity.DepartsAt);
        p.AddWithValue("version", capacity.Version);
    }
}
