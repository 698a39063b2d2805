using System.Text.Json;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Npgsql;

namespace Micic.Matching.Data;

/// <summary>Reads of the matching sagas for the coordinators and for sharing out new capacity; only the saga writes them.</summary>
public sealed class EvacuationSagas(DbSession session, EvacuationStateMachine machine)
{
    public async Task<EvacuationState?> Find(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT current_state, data FROM evacuation_saga WHERE correlation_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", requestId);
        return (await Read(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// Groups waiting for a seat — of one crisis and pickup place, or of all; only those that could take
    /// <paramref name="offer"/> (going to its country or to any safe third country, and not taken off it before) when one
    /// is given — in the order they rank from (<see cref="Priority.RanksFrom"/>): after <paramref name="after"/> (the last
    /// group of a previous read), up to the rank <paramref name="upTo"/>, and at most <paramref name="take"/> of them.
    /// </summary>
    public async Task<IReadOnlyList<EvacuationState>> WaitingInRankOrder(string? crisisId, string? pickupPlace, AvailableOffer? offer,
        EvacuationState? after, DateTimeOffset? upTo, int? take, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT current_state, data FROM evacuation_saga
            WHERE current_state = @pending
              AND (@crisis::text IS NULL OR data ->> 'CrisisId' = @crisis)
              AND (@place::text IS NULL OR data ->> 'PickupPlace' = @place)
              AND (@destination::text IS NULL OR data ->> 'DestinationCountry' = @destination OR (data ->> 'AcceptsThirdCountry')::boolean)
              AND (@offer::text IS NULL OR NOT coalesce(jsonb_exists(data -> 'ExcludedOffers', @offer), false))
              AND (@after::uuid IS NULL OR (evacuation_ranks_from(data), correlation_id) >
                   (SELECT evacuation_ranks_from(a.data), a.correlation_id FROM evacuation_saga a WHERE a.correlation_id = @after))
              AND (@up_to::timestamptz IS NULL OR evacuation_ranks_from(data) <= @up_to)
            ORDER BY evacuation_ranks_from(data), correlation_id
            LIMIT @take
            """, cancellationToken);
        command.Parameters.AddWithValue("pending", machine.Pending.Name);
        command.Parameters.Add(Parameters.OptionalText("crisis", offer?.CrisisId ?? crisisId));
        command.Parameters.Add(Parameters.OptionalText("place", offer?.FromPlace ?? pickupPlace));
        command.Parameters.Add(Parameters.OptionalText("destination", offer?.DestinationCountry));
        command.Parameters.Add(Parameters.OptionalText("offer", offer?.OfferId.ToString()));
        // The cursor is the rank as the database computes it (to the microsecond), so the last group read is never read again.
        command.Parameters.Add(new NpgsqlParameter<Guid?>("after", after?.CorrelationId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("up_to", upTo));
        command.Parameters.Add(new NpgsqlParameter<int?>("take", take));
        return await Read(command, cancellationToken);
    }

    /// <summary>How many groups wait for a seat, of one crisis and pickup place or of all.</summary>
    public async Task<int> CountWaiting(string? crisisId, string? pickupPlace, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT count(*)::int FROM evacuation_saga
            WHERE current_state = @pending
              AND (@crisis::text IS NULL OR data ->> 'CrisisId' = @crisis)
              AND (@place::text IS NULL OR data ->> 'PickupPlace' = @place)
            """, cancellationToken);
        command.Parameters.AddWithValue("pending", machine.Pending.Name);
        command.Parameters.Add(Parameters.OptionalText("crisis", crisisId));
        command.Parameters.Add(Parameters.OptionalText("place", pickupPlace));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static DateTimeOffset RanksFrom(EvacuationState saga) => Priority.RanksFrom(saga.NeedWeight, saga.SubmittedAt);

    /// <summary>
    /// The offer's seats less those of the groups holding them or asking for them, as the sagas know it — ahead of the
    /// board, which hears of a hold after the group itself may have.
    /// </summary>
    public async Task<int> SeatsNotSpokenFor(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT b.seats - coalesce((SELECT sum((s.data ->> 'GroupSize')::int) FROM evacuation_saga s
                                       WHERE s.data ->> 'OfferId' = @offer_text AND s.current_state = ANY(@spoken_for)), 0)::int
            FROM offer_board b WHERE b.offer_id = @offer
            """, cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        command.Parameters.AddWithValue("offer_text", offerId.ToString());
        command.Parameters.AddWithValue("spoken_for", new[] { machine.Holding.Name, machine.Matched.Name, machine.Manifested.Name });
        return await command.ExecuteScalarAsync(cancellationToken) is int seats ? seats : 0;
    }

    static async Task<IReadOnlyList<EvacuationState>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sagas = new List<EvacuationState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var saga = JsonSerializer.Deserialize<EvacuationState>(reader.GetString(1))!;
            saga.CurrentState = reader.GetString(0);
            sagas.Add(saga);
        }
        return sagas;
    }
}
