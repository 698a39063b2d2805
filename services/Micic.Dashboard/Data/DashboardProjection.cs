using Micic.Contracts;
using Micic.ServiceDefaults.Data;
using Npgsql;

namespace Micic.Dashboard.Data;

/// <summary>
/// The dashboard's figures, kept from integration events. Each event is applied once (the inbox guarantees it) and
/// in any order: a status change arriving before its request creates the row, and an older change never overwrites
/// a newer one.
/// </summary>
public sealed class DashboardProjection(NpgsqlDataSource dataSource)
{
    public async Task Apply(DbSession session, EvacuationRequested requested, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            INSERT INTO request_projection (request_id, people, status, status_sequence, needs, pickup_place, submitted_at)
            VALUES (@id, @people, @status, 0, @needs, @pickup, @submitted_at)
            ON CONFLICT (request_id) DO UPDATE SET needs = excluded.needs, pickup_place = excluded.pickup_place,
                submitted_at = excluded.submitted_at;
            INSERT INTO request_nationality (request_id, nationality, people)
            SELECT @id, nationality, people FROM unnest(@nationalities, @counts) AS n(nationality, people)
            ON CONFLICT DO NOTHING;
            """);
        var p = command.Parameters;
        p.AddWithValue("id", requested.RequestId);
        p.AddWithValue("people", requested.GroupSize);
        p.AddWithValue("status", RequestStatus.Submitted);
        p.AddWithValue("needs", (int)requested.Needs);
        p.AddWithValue("pickup", requested.PickupPlace);
        p.AddWithValue("submitted_at", requested.SubmittedAt);
        p.AddWithValue("nationalities", requested.Nationalities.Select(n => n.Nationality).ToArray());
        p.AddWithValue("counts", requested.Nationalities.Select(n => n.People).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task Apply(DbSession session, EvacuationStatusChanged change, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            INSERT INTO request_projection (request_id, people, status, status_sequence)
            VALUES (@id, @people, @status, @sequence)
            ON CONFLICT (request_id) DO UPDATE SET status = excluded.status, status_sequence = excluded.status_sequence
            WHERE request_projection.status_sequence < excluded.status_sequence
            """);
        command.Parameters.AddWithValue("id", change.RequestId);
        command.Parameters.AddWithValue("people", change.GroupSize);
        command.Parameters.AddWithValue("status", change.Status);
        command.Parameters.AddWithValue("sequence", change.Sequence);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps an offer's seat figures, taking an account of its capacity only if it is newer than the one held.</summary>
    public async Task Apply(DbSession session, Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            INSERT INTO offer_projection (offer_id, status, seats, seats_allocated, version)
            VALUES (@id, @status, @seats, @allocated, @version)
            ON CONFLICT (offer_id) DO UPDATE SET status = excluded.status, seats = excluded.seats,
                seats_allocated = excluded.seats_allocated, version = excluded.version
            WHERE offer_projection.version < excluded.version
            """);
        var p = command.Parameters;
        p.AddWithValue("id", offerId);
        p.AddWithValue("status", capacity.Status);
        p.AddWithValue("seats", capacity.Seats);
        p.AddWithValue("allocated", capacity.SeatsAllocated);
        p.AddWithValue("version", capacity.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Summary> Summary(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new("SELECT status, sum(people)::int FROM request_projection GROUP BY status"));
        batch.BatchCommands.Add(new("""
            SELECT n.nationality, sum(n.people)::int,
                   coalesce(sum(n.people) FILTER (WHERE r.status IN ('submitted', 'pending')), 0)::int
            FROM request_nationality n JOIN request_projection r USING (request_id)
            GROUP BY n.nationality ORDER BY 2 DESC, 1
            """));
        batch.BatchCommands.Add(new("""
            SELECT count(*) FILTER (WHERE status = 'open')::int,
                   coalesce(sum(seats) FILTER (WHERE status = 'open'), 0)::int,
                   coalesce(sum(seats_allocated) FILTER (WHERE status = 'open'), 0)::int
            FROM offer_projection
            """));
        batch.BatchCommands.Add(new("SELECT coalesce(sum(people), 0)::int FROM request_projection WHERE status = 'pending' AND needs <> 0"));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var byStatus = new Dictionary<string, int>();
        while (await reader.ReadAsync(cancellationToken))
            byStatus[reader.GetString(0)] = reader.GetInt32(1);

        await reader.NextResultAsync(cancellationToken);
        var byNationality = new List<NationalityFigures>();
        while (await reader.ReadAsync(cancellationToken))
            byNationality.Add(new NationalityFigures(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var offers = new OfferFigures(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var unmatchedVulnerable = reader.GetInt32(0);

        int People(string status) => byStatus.GetValueOrDefault(status);
        return new Summary(
            new PeopleFigures(People(RequestStatus.Submitted), People(RequestStatus.Pending), People(RequestStatus.Matched),
                People(RequestStatus.Manifested), People(RequestStatus.Departed), People(RequestStatus.InTransit),
                People(RequestStatus.Completed), People(RequestStatus.Cancelled)),
            byNationality, offers, unmatchedVulnerable, [], []);
    }
}

public sealed record Summary(
    PeopleFigures People, IReadOnlyList<NationalityFigures> ByNationality, OfferFigures Offers, int UnmatchedVulnerable,
    IReadOnlyList<SiteFigures> Sites, IReadOnlyList<Alert> Alerts);

public sealed record PeopleFigures(int Submitted, int Pending, int Matched, int Manifested, int Departed, int InTransit, int Completed, int Cancelled);

public sealed record NationalityFigures(string Nationality, int People, int Waiting);

public sealed record OfferFigures(int Open, int Seats, int Allocated);

public sealed record SiteFigures(string Code, int ArrivedToday, int Expected);

public sealed record Alert(string Kind, string Message, DateTimeOffset At);
