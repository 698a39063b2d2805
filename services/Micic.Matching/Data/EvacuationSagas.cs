using System.Text.Json;
using Micic.Matching.StateMachines;
using Micic.Persistence.Data;
using Npgsql;

namespace Micic.Matching.Data;

/// <summary>Reads of the matching sagas for the coordinators and for sharing out new capacity; only the saga writes them.</summary>
public sealed class EvacuationSagas(DbSession session)
{
    public async Task<EvacuationState?> Find(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = session.Command("SELECT current_state, data FROM evacuation_saga WHERE correlation_id = @id");
        command.Parameters.AddWithValue("id", requestId);
        return (await Read(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The groups waiting for a seat, of one crisis and pickup place or of all.</summary>
    public async Task<IReadOnlyList<EvacuationState>> Waiting(string? crisisId, string? pickupPlace, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            SELECT current_state, data FROM evacuation_saga
            WHERE current_state = 'Pending'
              AND (@crisis::text IS NULL OR data ->> 'CrisisId' = @crisis)
              AND (@place::text IS NULL OR data ->> 'PickupPlace' = @place)
            """);
        command.Parameters.Add(Parameters.OptionalText("crisis", crisisId));
        command.Parameters.Add(Parameters.OptionalText("place", pickupPlace));
        return await Read(command, cancellationToken);
    }

    /// <summary>Seats asked of an offer by groups still waiting for Offers' answer.</summary>
    public async Task<int> SeatsBeingHeld(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            SELECT coalesce(sum((data ->> 'GroupSize')::int), 0)::int FROM evacuation_saga
            WHERE current_state = 'Holding' AND data ->> 'OfferId' = @offer
            """);
        command.Parameters.AddWithValue("offer", offerId.ToString());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
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
