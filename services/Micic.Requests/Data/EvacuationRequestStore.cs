using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>The requests database: requests, their people, their status history, and the audit of personal-data reads.</summary>
public sealed class EvacuationRequestStore(DbSession session)
{
    /// <summary>
    /// Stores requests and their people in one statement, however many there are (a CSV import stores thousands).
    /// Returns the requests whose reference was already taken, of which nothing is stored.
    /// </summary>
    public async Task<IReadOnlyList<EvacuationRequest>> TryInsert(IReadOnlyList<EvacuationRequest> requests,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH request AS (
                INSERT INTO evacuation_request (id, reference, organisation_id, crisis_id, pickup_place, destination_country,
                    accepts_third_country, earliest_departure, consent_to_share_with_consulate, contact_phone, notes, group_size,
                    submitted_at, registered_by_id, registered_by_name, sent_by_id, sent_by_name, contact_language, consent_to_messages,
                    status, status_sequence)
                SELECT *, @status, 0 FROM unnest(@id, @reference, @organisation, @crisis, @pickup, @destination, @third_country,
                    @earliest, @consent, @phone, @notes, @group_size, @submitted_at, @registered_by_id, @registered_by_name, @sent_by_id,
                    @sent_by_name, @language, @consent_to_messages)
                ON CONFLICT (reference) DO NOTHING
                RETURNING id, submitted_at),
            history AS (
                INSERT INTO request_status_history (request_id, sequence, status, at)
                SELECT id, 0, @status, submitted_at FROM request),
            people AS (
                INSERT INTO person (id, request_id, position, given_name, family_name, sex, birth_date, age, nationality,
                    document_kind, document_number, document_expires_on, needs, document_key, identity_key)
                SELECT id, request_id, position, given_name, family_name, sex, birth_date, age, nationality, document_kind,
                    document_number, document_expires_on, string_to_array(needs, ','), document_key, identity_key
                FROM unnest(@person_id, @person_request, @position, @given, @family, @sex, @birth_date, @age, @nationality,
                    @document_kind, @document_number, @document_expires_on, @needs, @document_key, @identity_key)
                    AS person (id, request_id, position, given_name, family_name, sex, birth_date, age, nationality, document_kind,
                        document_number, document_expires_on, needs, document_key, identity_key)
                WHERE request_id IN (SELECT id FROM request))
            SELECT id FROM request
            """, cancellationToken);
        var people = requests.SelectMany(request => request.People.Select((person, position) => (request, person, position))).ToList();
        var p = command.Parameters;
        p.AddWithValue("status", RequestStatus.Submitted);
        p.Add(Parameters.Column("id", NpgsqlDbType.Uuid, requests.Select(request => request.Id)));
        p.Add(Parameters.Column("reference", NpgsqlDbType.Text, requests.Select(request => request.Reference)));
        p.Add(Parameters.Column("organisation", NpgsqlDbType.Text, requests.Select(request => request.OrganisationId)));
        p.Add(Parameters.Column("crisis", NpgsqlDbType.Text, requests.Select(request => request.CrisisId)));
        p.Add(Parameters.Column("pickup", NpgsqlDbType.Text, requests.Select(request => request.PickupPlace)));
        p.Add(Parameters.Column("destination", NpgsqlDbType.Text, requests.Select(request => request.DestinationCountry)));
        p.Add(Parameters.Column("third_country", NpgsqlDbType.Boolean, requests.Select(request => request.AcceptsThirdCountry)));
        p.Add(Parameters.Column("earliest", NpgsqlDbType.TimestampTz, requests.Select(request => request.EarliestDeparture)));
        p.Add(Parameters.Column("consent", NpgsqlDbType.Boolean, requests.Select(request => request.ConsentToShareWithConsulate)));
        p.Add(Parameters.Column("phone", NpgsqlDbType.Text, requests.Select(request => request.ContactPhone)));
        p.Add(Parameters.Column("notes", NpgsqlDbType.Text, requests.Select(request => request.Notes)));
        p.Add(Parameters.Column("group_size", NpgsqlDbType.Integer, requests.Select(request => request.People.Count)));
        p.Add(Parameters.Column("submitted_at", NpgsqlDbType.TimestampTz, requests.Select(request => request.SubmittedAt)));
        p.Add(Parameters.Column("registered_by_id", NpgsqlDbType.Text, requests.Select(request => request.RegisteredBy?.Id)));
        p.Add(Parameters.Column("registered_by_name", NpgsqlDbType.Text, requests.Select(request => request.RegisteredBy?.Name)));
        p.Add(Parameters.Column("sent_by_id", NpgsqlDbType.Text, requests.Select(request => request.SentBy?.Id)));
        p.Add(Parameters.Column("sent_by_name", NpgsqlDbType.Text, requests.Select(request => request.SentBy?.Name)));
        p.Add(Parameters.Column("language", NpgsqlDbType.Text, requests.Select(request => request.ContactLanguage)));
        p.Add(Parameters.Column("consent_to_messages", NpgsqlDbType.Boolean, requests.Select(request => request.ConsentToMessages)));
        p.Add(Parameters.Column("person_id", NpgsqlDbType.Uuid, people.Select(row => row.person.Id)));
        p.Add(Parameters.Column("person_request", NpgsqlDbType.Uuid, people.Select(row => row.request.Id)));
        p.Add(Parameters.Column("position", NpgsqlDbType.Integer, people.Select(row => row.position)));
        p.Add(Parameters.Column("given", NpgsqlDbType.Text, people.Select(row => row.person.GivenName)));
        p.Add(Parameters.Column("family", NpgsqlDbType.Text, people.Select(row => row.person.FamilyName)));
        p.Add(Parameters.Column("sex", NpgsqlDbType.Text, people.Select(row => row.person.Sex)));
        p.Add(Parameters.Column("birth_date", NpgsqlDbType.Date, people.Select(row => row.person.BirthDate)));
        p.Add(Parameters.Column("age", NpgsqlDbType.Integer, people.Select(row => row.person.Age)));
        p.Add(Parameters.Column("nationality", NpgsqlDbType.Text, people.Select(row => row.person.Nationality)));
        p.Add(Parameters.Column("document_kind", NpgsqlDbType.Text, people.Select(row => row.person.DocumentKind)));
        p.Add(Parameters.Column("document_number", NpgsqlDbType.Text, people.Select(row => row.person.DocumentNumber)));
        p.Add(Parameters.Column("document_expires_on", NpgsqlDbType.Date, people.Select(row => row.person.DocumentExpiresOn)));
        // Need words are kebab-case, so a comma joins a person's needs into one array element.
        p.Add(Parameters.Column("needs", NpgsqlDbType.Text, people.Select(row => string.Join(',', row.person.Needs))));
        p.Add(Parameters.Column("document_key", NpgsqlDbType.Text, people.Select(row => PossibleDuplicates.DocumentKey(row.person.Identity))));
        p.Add(Parameters.Column("identity_key", NpgsqlDbType.Text, people.Select(row => PossibleDuplicates.IdentityKey(row.person.Identity))));

        var stored = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            stored.Add(reader.GetGuid(0));
        return requests.Where(request => !stored.Contains(request.Id)).ToList();
    }

    /// <summary>
    /// Mirrors matching's status; an older change arriving late is ignored, a repeated one is harmless. A request
    /// cancelled here stays cancelled whatever matching reported before it heard of the cancellation, and its history
    /// ends with the cancellation (matching's own "cancelled" is not repeated). Returns the cancellation to announce
    /// again when matching reports a newer step of a request cancelled here: the cancellation may have reached matching
    /// before the request did, and been discarded.
    /// </summary>
    /// <returns>The cancellation to announce again, if any, and how long the group had waited when this change applied.</returns>
    public async Task<(EvacuationRequestCancelled? Announce, TimeSpan? Waited)> ApplyStatus(EvacuationStatusChanged change,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE evacuation_request SET status_sequence = @sequence
            WHERE id = @id AND status_sequence < @sequence AND cancelled_at IS NOT NULL
            RETURNING cancel_reason, cancelled_at;
            UPDATE evacuation_request
            SET status = @status, status_sequence = @sequence, priority = @priority, offer_id = @offer,
                matched_since = CASE WHEN @offer IS NULL THEN NULL WHEN offer_id IS DISTINCT FROM @offer THEN @at ELSE matched_since END,
                unmatched_reason = CASE WHEN @waiting THEN @reason END,
                journey_ended_at = CASE WHEN @ended THEN @at END
            WHERE id = @id AND status_sequence < @sequence AND cancelled_at IS NULL
            RETURNING submitted_at;
            INSERT INTO request_status_history (request_id, sequence, status, at, reason)
            SELECT id, @sequence, @status, @at, @reason FROM evacuation_request
            WHERE id = @id AND (cancelled_at IS NULL OR @at < cancelled_at)
            ON CONFLICT DO NOTHING;
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", change.RequestId);
        p.AddWithValue("status", change.Status);
        p.AddWithValue("waiting", change.Status == RequestStatus.Pending); // only a waiting group has a reason it is unmatched
        p.AddWithValue("ended", change.Status is RequestStatus.Completed or RequestStatus.Cancelled); // retention counts from here
        p.AddWithValue("sequence", change.Sequence);
        p.AddWithValue("priority", change.Priority);
        p.Add(Parameters.Optional<Guid>("offer", change.OfferId, NpgsqlDbType.Uuid));
        p.AddWithValue("at", change.At);
        p.Add(Parameters.OptionalText("reason", change.Reason));

        EvacuationRequestCancelled? announce = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && change.Status != RequestStatus.Cancelled)
            announce = new EvacuationRequestCancelled
            {
                RequestId = change.RequestId, Reason = reader.GetString(0), CancelledAt = reader.GetFieldValue<DateTimeOffset>(1),
            };
        await reader.NextResultAsync(cancellationToken);
        TimeSpan? waited = await reader.ReadAsync(cancellationToken) ? change.At - reader.GetFieldValue<DateTimeOffset>(0) : null;
        while (await reader.NextResultAsync(cancellationToken))
        {
        }
        return (announce, waited);
    }

    /// <summary>Locks a request against concurrent changes; its owner and status, or null if there is no such request.</summary>
    public async Task<(string OrganisationId, string Status)?> Lock(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT organisation_id, status FROM evacuation_request WHERE id = @id FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    /// <summary>Cancels a locked request: it no longer waits for or holds an offer, and its history says why.</summary>
    public async Task Cancel(Guid id, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE evacuation_request
            SET status = @status, cancelled_at = @at, cancel_reason = @reason, offer_id = NULL, matched_since = NULL, unmatched_reason = NULL,
                journey_ended_at = @at
            WHERE id = @id;
            INSERT INTO request_status_history (request_id, sequence, status, at, reason) VALUES (@id, NULL, @status, @at, @reason);
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", RequestStatus.Cancelled);
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("reason", reason);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Requests the caller may see, filtered, in the order they were submitted (so that pages stay put while new
    /// requests arrive). A request is listed when the caller may see at least one of its people — of the nationality
    /// asked for, if any: a consulate's nationals in groups that consented to sharing, a requester's own organisation's
    /// requests, everything for a coordinator.
    /// </summary>
    public async Task<(IReadOnlyList<RequestSummary> Items, long Total)> List(
        RequestScope scope, string? status, string? nationality, string? pickupPlace, PageRequest page, CancellationToken cancellationToken)
    {
        const string visible = "(@all OR r.organisation_id = @organisation OR (r.consent_to_share_with_consulate AND p.nationality = ANY(@nationalities)))";
        await using var command = await session.Command("", cancellationToken);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<bool>("all", scope.Everything));
        p.Add(Parameters.OptionalText("organisation", scope.OrganisationId));
        p.Add(new NpgsqlParameter<string[]>("nationalities", scope.Nationalities.ToArray()));
        p.Add(Parameters.OptionalText("status", status));
        p.Add(Parameters.OptionalText("nationality", nationality));
        p.Add(Parameters.OptionalText("pickup", pickupPlace));
        return await PagedQuery.Read(command,
            """
            r.id, r.reference, r.status, r.priority, r.crisis_id, r.pickup_place, r.destination_country, r.group_size,
            r.submitted_at, r.unmatched_reason
            """,
            $"""
            FROM evacuation_request r
            WHERE (@status::text IS NULL OR r.status = @status)
              AND (@pickup::text IS NULL OR r.pickup_place = @pickup)
              AND EXISTS (SELECT 1 FROM person p WHERE p.request_id = r.id AND (@nationality::text IS NULL OR p.nationality = @nationality) AND {visible})
            """,
            "r.submitted_at, r.id", (page.PageSize, page.Offset),
            reader => new RequestSummary(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9)),
            cancellationToken);
    }

    public async Task<StoredRequest?> Find(Guid id, CancellationToken cancellationToken) =>
        (await Read([id], withHistory: true, cancellationToken)).SingleOrDefault();

    /// <summary>Requests and their people, without their history, in no particular order; ids of no request are left out.</summary>
    public Task<IReadOnlyList<StoredRequest>> FindMany(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        Read(ids, withHistory: false, cancellationToken);

    async Task<IReadOnlyList<StoredRequest>> Read(IReadOnlyCollection<Guid> ids, bool withHistory, CancellationToken cancellationToken)
    {
        var idArray = ids.ToArray();
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT id, reference, organisation_id, status, priority, offer_id, matched_since, unmatched_reason,
                   consent_to_share_with_consulate, crisis_id, pickup_place, destination_country, accepts_third_country,
                   earliest_departure, submitted_at, personal_data_erased_at, registered_by_id, registered_by_name, sent_by_id, sent_by_name
            FROM evacuation_request WHERE id = ANY(@ids)
            """) { Parameters = { new NpgsqlParameter<Guid[]>("ids", idArray) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT request_id, id, given_name, family_name, sex, birth_date, age, nationality, document_kind, document_number,
                   document_expires_on, needs
            FROM person WHERE request_id = ANY(@ids) ORDER BY request_id, position
            """) { Parameters = { new NpgsqlParameter<Guid[]>("ids", idArray) } });
        if (withHistory)
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                SELECT h.request_id, h.status, h.at, h.reason, h.person_id, p.nationality
                FROM request_status_history h LEFT JOIN person p ON p.id = h.person_id
                WHERE h.request_id = ANY(@ids) ORDER BY h.at, h.id
                """) { Parameters = { new NpgsqlParameter<Guid[]>("ids", idArray) } });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var requests = new Dictionary<Guid, StoredRequest>();
        while (await reader.ReadAsync(cancellationToken))
            requests.Add(reader.GetGuid(0), new StoredRequest
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
                PersonalDataErasedAt = reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15),
                RegisteredBy = reader.IsDBNull(16) ? null : new FieldWorker(reader.GetString(16), reader.GetString(17)),
                SentBy = reader.IsDBNull(18) ? null : new FieldWorker(reader.GetString(18), reader.GetString(19)),
            });

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            requests[reader.GetGuid(0)].People.Add(new StoredPerson(
                reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.GetString(7), reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateOnly>(10),
                reader.GetFieldValue<string[]>(11)));

        if (withHistory && await reader.NextResultAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                requests[reader.GetGuid(0)].History.Add(new HistoryLine(
                    new StatusEntry(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3)),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return [.. requests.Values];
    }

    /// <summary>
    /// How groups may be reached by SMS, with their people's ids (for the audit) and the nationality most of them hold;
    /// groups erased or unknown are left out. A phone leaves only with the group's consent to messages.
    /// </summary>
    public async Task<IReadOnlyList<MessageContact>> MessageContacts(IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT r.id, r.reference, CASE WHEN r.consent_to_messages THEN r.contact_phone END, r.contact_language, r.consent_to_messages,
                   r.organisation_id,
                   (SELECT p.nationality FROM person p WHERE p.request_id = r.id GROUP BY p.nationality ORDER BY count(*) DESC, min(p.position) LIMIT 1),
                   ARRAY(SELECT p.id FROM person p WHERE p.request_id = r.id ORDER BY p.position)
            FROM evacuation_request r
            WHERE r.id = ANY(@ids) AND r.personal_data_erased_at IS NULL
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var contacts = new List<MessageContact>();
        while (await reader.ReadAsync(cancellationToken))
            contacts.Add(new MessageContact
            {
                RequestId = reader.GetGuid(0), Reference = reader.GetString(1),
                Phone = reader.IsDBNull(2) ? null : reader.GetString(2), Language = reader.IsDBNull(3) ? null : reader.GetString(3),
                ConsentToMessages = reader.GetBoolean(4), OrganisationId = reader.GetString(5),
                MainNationality = reader.IsDBNull(6) ? "XXX" : reader.GetString(6), PersonIds = reader.GetFieldValue<Guid[]>(7),
            });
        return contacts;
    }

    /// <summary>
    /// Takes a person out of their group (to travel on a request of their own); false if they are no longer in it, so a
    /// repeated no-show changes nothing.
    /// </summary>
    public async Task<bool> RemovePerson(Guid requestId, Guid personId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH removed AS (DELETE FROM person WHERE id = @person AND request_id = @request RETURNING request_id)
            UPDATE evacuation_request SET group_size = group_size - 1 WHERE id IN (SELECT request_id FROM removed)
            """, cancellationToken);
        command.Parameters.AddWithValue("person", personId);
        command.Parameters.AddWithValue("request", requestId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A line in a request's history that does not change its status: why its group changed, because of whom.</summary>
    public async Task Note(Guid requestId, Guid? aboutPersonId, string why, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO request_status_history (request_id, sequence, status, at, reason, person_id)
            SELECT id, NULL, status, @at, @why, @person FROM evacuation_request WHERE id = @request
            """, cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.Add(Parameters.Optional("person", aboutPersonId, NpgsqlDbType.Uuid));
        command.Parameters.AddWithValue("at", at);
        command.Parameters.AddWithValue("why", why);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Erases the personal data of up to <paramref name="batch"/> groups whose journeys ended before
    /// <paramref name="endedBefore"/>, claimed with <c>SKIP LOCKED</c>; returns each group's id and its people's ids.
    /// </summary>
    public async Task<IReadOnlyList<(Guid RequestId, IReadOnlyList<Guid> PersonIds)>> EraseEnded(DateTimeOffset endedBefore, int batch,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT id FROM evacuation_request
                WHERE journey_ended_at < @before AND personal_data_erased_at IS NULL
                ORDER BY journey_ended_at LIMIT @batch FOR UPDATE SKIP LOCKED),
            erased AS (
                UPDATE evacuation_request r SET contact_phone = NULL, contact_language = NULL, notes = NULL, personal_data_erased_at = now()
                FROM due WHERE r.id = due.id RETURNING r.id),
            people AS (
                UPDATE person p SET given_name = NULL, family_name = NULL, birth_date = NULL, age = NULL, document_number = NULL, document_expires_on = NULL,
                    document_key = NULL, identity_key = NULL
                FROM erased WHERE p.request_id = erased.id RETURNING p.request_id, p.id)
            SELECT erased.id, coalesce(array_agg(people.id) FILTER (WHERE people.id IS NOT NULL), '{}')
            FROM erased LEFT JOIN people ON people.request_id = erased.id GROUP BY erased.id
            """, cancellationToken);
        command.Parameters.AddWithValue("before", endedBefore);
        command.Parameters.AddWithValue("batch", batch);
        return await Erased(command, cancellationToken);
    }

    /// <summary>What an erasure returns: each group's id and its people's ids.</summary>
    internal static async Task<IReadOnlyList<(Guid Id, IReadOnlyList<Guid> PersonIds)>> Erased(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var erased = new List<(Guid, IReadOnlyList<Guid>)>();
        while (await reader.ReadAsync(cancellationToken))
            erased.Add((reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1)));
        return erased;
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
    /// <summary>When the people's names, documents, contact and notes were erased, the journey's retention period over.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; init; }
    public FieldWorker? RegisteredBy { get; init; }
    public FieldWorker? SentBy { get; init; }
    public List<StoredPerson> People { get; } = [];
    public List<HistoryLine> History { get; } = [];
}

public sealed record StoredPerson(
    Guid Id, string? GivenName, string? FamilyName, string Sex, DateOnly? BirthDate, int? Age, string Nationality,
    string DocumentKind, string? DocumentNumber, DateOnly? DocumentExpiresOn, IReadOnlyList<string> Needs);

public sealed record StatusEntry(string Status, DateTimeOffset At, string? Reason);

/// <summary>
/// A line of a request's history; one that speaks of one person names them (<see cref="AboutPersonId"/>), with their
/// nationality while Micic holds them, so that it is shown only to those who may see that person.
/// </summary>
public sealed record HistoryLine(StatusEntry Entry, Guid? AboutPersonId, string? AboutNationality);

/// <summary>Whose requests a caller may see: everything, an organisation's own, and/or a consulate's nationals (where consent allows).</summary>
public sealed record RequestScope(bool Everything, string? OrganisationId, IReadOnlySet<string> Nationalities);

/// <summary>A request in a list: where it stands, with no one's name or document, so a list is not a read of personal data.</summary>
public sealed record RequestSummary(
    Guid Id, string Reference, string Status, int Priority, string CrisisId, string PickupPlace, string DestinationCountry,
    int GroupSize, DateTimeOffset SubmittedAt, string? UnmatchedReason);
