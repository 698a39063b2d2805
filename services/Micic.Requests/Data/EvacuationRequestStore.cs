using Micic.Contracts;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Data;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>The requests database: requests, their people, their status history, and the audit of personal-data reads.</summary>
public sealed class EvacuationRequestStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the request and its people; false, storing nothing, if its reference is already taken.</summary>
    public async Task<bool> TryInsert(DbSession session, EvacuationRequest request, CancellationToken cancellationToken)
    {
        await using (var command = session.Command("""
            WITH request AS (
                INSERT INTO evacuation_request (id, reference, organisation_id, crisis_id, pickup_place, destination_country,
                    accepts_third_country, earliest_departure, consent_to_share_with_consulate, contact_phone, notes, group_size,
                    submitted_at, status, status_sequence)
                VALUES (@id, @reference, @organisation, @crisis, @pickup, @destination, @third_country, @earliest, @consent, @phone,
                    @notes, @group_size, @submitted_at, @status, 0)
                ON CONFLICT (reference) DO NOTHING
                RETURNING id)
            INSERT INTO request_status_history (request_id, sequence, status, at)
            SELECT id, 0, @status, @submitted_at FROM request
            """))
        {
            var p = command.Parameters;
            p.AddWithValue("id", request.Id);
            p.AddWithValue("reference", request.Reference);
            p.AddWithValue("organisation", request.OrganisationId);
            p.AddWithValue("crisis", request.CrisisId);
            p.AddWithValue("pickup", request.PickupPlace);
            p.AddWithValue("destination", request.DestinationCountry);
            p.AddWithValue("third_country", request.AcceptsThirdCountry);
            p.Add(Parameters.Optional<DateTimeOffset>("earliest", request.EarliestDeparture, NpgsqlDbType.TimestampTz));
            p.AddWithValue("consent", request.ConsentToShareWithConsulate);
            p.Add(Parameters.OptionalText("phone", request.ContactPhone));
            p.Add(Parameters.OptionalText("notes", request.Notes));
            p.AddWithValue("group_size", request.People.Count);
            p.AddWithValue("submitted_at", request.SubmittedAt);
            p.AddWithValue("status", RequestStatus.Submitted);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }

        // One round trip for the whole group.
        await using var people = session.Batch();
        foreach (var (person, position) in request.People.Select((person, position) => (person, position)))
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO person (id, request_id, position, given_name, family_name, sex, birth_date, age, nationality,
                    document_kind, document_number, document_expires_on, needs)
                VALUES (@id, @request, @position, @given, @family, @sex, @birth_date, @age, @nationality, @document_kind,
                    @document_number, @document_expires_on, @needs)
                """);
            var p = command.Parameters;
            p.AddWithValue("id", person.Id);
            p.AddWithValue("request", request.Id);
            p.AddWithValue("position", position);
            p.AddWithValue("given", person.GivenName);
            p.AddWithValue("family", person.FamilyName);
            p.AddWithValue("sex", person.Sex);
            p.Add(Parameters.Optional<DateOnly>("birth_date", person.BirthDate, NpgsqlDbType.Date));
            p.Add(Parameters.Optional<int>("age", person.Age, NpgsqlDbType.Integer));
            p.AddWithValue("nationality", person.Nationality);
            p.AddWithValue("document_kind", person.DocumentKind);
            p.Add(Parameters.OptionalText("document_number", person.DocumentNumber));
            p.Add(Parameters.Optional<DateOnly>("document_expires_on", person.DocumentExpiresOn, NpgsqlDbType.Date));
            p.AddWithValue("needs", person.Needs.ToArray());
            people.BatchCommands.Add(command);
        }
        await people.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Mirrors matching's status; an older change arriving late is ignored, a repeated one is harmless.</summary>
    public async Task ApplyStatus(DbSession session, EvacuationStatusChanged change, CancellationToken cancellationToken)
    {
        await using var command = session.Command("""
            UPDATE evacuation_request
            SET status = @status, status_sequence = @sequence, priority = @priority, offer_id = @offer,
                matched_since = CASE WHEN @offer IS NULL THEN NULL WHEN offer_id IS DISTINCT FROM @offer THEN @at ELSE matched_since END,
                unmatched_reason = CASE WHEN @status = 'pending' THEN @reason END
            WHERE id = @id AND status_sequence < @sequence;
            INSERT INTO request_status_history (request_id, sequence, status, at, reason)
            SELECT @id, @sequence, @status, @at, @reason WHERE EXISTS (SELECT 1 FROM evacuation_request WHERE id = @id)
            ON CONFLICT DO NOTHING;
            """);
        var p = command.Parameters;
        p.AddWithValue("id", change.RequestId);
        p.AddWithValue("status", change.Status);
        p.AddWithValue("sequence", change.Sequence);
        p.AddWithValue("priority", change.Priority);
        p.Add(Parameters.Optional<Guid>("offer", change.OfferId, NpgsqlDbType.Uuid));
        p.AddWithValue("at", change.At);
        p.Add(Parameters.OptionalText("reason", change.Reason));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StoredRequest?> Find(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT id, reference, organisation_id, status, priority, offer_id, matched_since, unmatched_reason,
                   consent_to_share_with_consulate, crisis_id, pickup_place, destination_country, accepts_third_country,
                   earliest_departure, submitted_at
            FROM evacuation_request WHERE id = @id
            """) { Parameters = { new("id", id) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT id, given_name, family_name, sex, birth_date, age, nationality, document_kind, document_number,
                   document_expires_on, needs
            FROM person WHERE request_id = @id ORDER BY position
            """) { Parameters = { new("id", id) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT status, at, reason FROM request_status_history WHERE request_id = @id ORDER BY sequence")
            { Parameters = { new("id", id) } });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var request = new StoredRequest
        {
            Id = reader.GetGuid(0),
            Reference = reader.GetString(1),
            OrganisationId = reader.GetString(2),
            Status = reader.GetString(3),
            Priority = reader.GetInt32(4),
            OfferId = reader.IsDBNull(5) ? null : reader.GetGuid(5),
            MatchedSince = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            UnmatchedReason = reader.IsDBNull(7) ? null : reader.GetString(7),
            ConsentToShareWithConsulate = reader.GetBoolean(8),
            CrisisId = reader.GetString(9),
            PickupPlace = reader.GetString(10),
            DestinationCountry = reader.GetString(11),
            AcceptsThirdCountry = reader.GetBoolean(12),
            EarliestDeparture = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
            SubmittedAt = reader.GetFieldValue<DateTimeOffset>(14),
        };

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            request.People.Add(new StoredPerson(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateOnly>(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5),
                reader.GetString(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9),
                reader.GetFieldValue<string[]>(10)));

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            request.History.Add(new StatusEntry(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return request;
    }

    /// <summary>Records who read whose personal data (DESIGN.md: every read of personal data is audited).</summary>
    public async Task AuditRead(string organisationId, Guid requestId, int people, string purpose, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO personal_data_read (organisation_id, request_id, people, purpose) VALUES (@organisation, @request, @people, @purpose)");
        command.Parameters.AddWithValue("organisation", organisationId);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.AddWithValue("people", people);
        command.Parameters.AddWithValue("purpose", purpose);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class StoredRequest
{
    public required Guid Id { get; init; }
    public required string Reference { get; init; }
    public required string OrganisationId { get; init; }
    public required string Status { get; init; }
    public required int Priority { get; init; }
    public Guid? OfferId { get; init; }
    public DateTimeOffset? MatchedSince { get; init; }
    public string? UnmatchedReason { get; init; }
    public required bool ConsentToShareWithConsulate { get; init; }
    public required string CrisisId { get; init; }
    public required string PickupPlace { get; init; }
    public required string DestinationCountry { get; init; }
    public required bool AcceptsThirdCountry { get; init; }
    public DateTimeOffset? EarliestDeparture { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public List<StoredPerson> People { get; } = [];
    public List<StatusEntry> History { get; } = [];
}

public sealed record StoredPerson(
    Guid Id, string GivenName, string FamilyName, string Sex, DateOnly? BirthDate, int? Age, string Nationality,
    string DocumentKind, string? DocumentNumber, DateOnly? DocumentExpiresOn, IReadOnlyList<string> Needs);

public sealed record StatusEntry(string Status, DateTimeOffset At, string? Reason);
