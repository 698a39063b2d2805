using Micic.Contracts;
using Micic.Manifests.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Manifests.Data;

/// <summary>The manifests database: manifests, the groups on them and their passengers.</summary>
public sealed class ManifestStore(DbSession session, TimeProvider clock)
{
    public async Task CreateFor(OfferPublished offer, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO manifest (id, offer_id, organisation_id, crisis_id, mode, from_place, to_place, destination_country, departs_at)
            VALUES (@id, @offer, @organisation, @crisis, @mode, @from, @to, @destination, @departs_at)
            ON CONFLICT (offer_id) DO NOTHING
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", Guid.CreateVersion7());
        p.AddWithValue("offer", offer.OfferId);
        p.AddWithValue("organisation", offer.OrganisationId);
        p.AddWithValue("crisis", offer.CrisisId);
        p.AddWithValue("mode", offer.Mode);
        p.AddWithValue("from", offer.FromPlace);
        p.AddWithValue("to", offer.ToPlace);
        p.AddWithValue("destination", offer.DestinationCountry);
        p.AddWithValue("departs_at", offer.Capacity.DepartsAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateDeparture(Guid offerId, DateTimeOffset departsAt, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE manifest SET departs_at = @departs_at WHERE offer_id = @offer AND status = @open", cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        command.Parameters.AddWithValue("open", ManifestStatus.Open.WireName());
        command.Parameters.AddWithValue("departs_at", departsAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Takes the newest status change of each group, locking the groups' rows in a fixed order; returns, for each group
    /// whose change is newer than the last one applied, the sequence of that last one (0 for a group new here).
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, int>> TakeChanges(IReadOnlyCollection<(Guid RequestId, int Sequence)> changes, CancellationToken cancellationToken)
    {
        var requests = changes.Select(change => change.RequestId).ToArray();
        await using (var ensure = await session.Command("""
            INSERT INTO manifest_group (request_id, status_sequence) SELECT id, 0 FROM unnest(@requests) AS id ORDER BY id
            ON CONFLICT (request_id) DO NOTHING
            """, cancellationToken))
        {
            ensure.Parameters.AddWithValue("requests", requests);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        var applied = new Dictionary<Guid, int>();
        await using (var read = await session.Command(
            "SELECT request_id, status_sequence FROM manifest_group WHERE request_id = ANY(@requests) ORDER BY request_id FOR UPDATE", cancellationToken))
        {
            read.Parameters.AddWithValue("requests", requests);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                applied.Add(reader.GetGuid(0), reader.GetInt32(1));
        }

        var newer = changes.Where(change => change.Sequence > applied[change.RequestId]).ToList();
        await using var command = await session.Command("""
            UPDATE manifest_group g SET status_sequence = c.sequence FROM unnest(@requests, @sequences) AS c(request_id, sequence)
            WHERE g.request_id = c.request_id
            """, cancellationToken);
        command.Parameters.AddWithValue("requests", newer.Select(change => change.RequestId).ToArray());
        command.Parameters.AddWithValue("sequences", newer.Select(change => change.Sequence).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return newer.ToDictionary(change => change.RequestId, change => applied[change.RequestId]);
    }

    /// <summary>Takes groups off any manifest they are on, except passengers already recorded at boarding or departed.</summary>
    public async Task TakeOff(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        if (requestIds.Count == 0)
            return;
        var requests = requestIds.ToArray();
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("""
            DELETE FROM passenger p USING manifest m
            WHERE p.manifest_id = m.id AND p.request_id = ANY(@requests) AND m.status <> @departed AND p.boarding = @expected
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]>("requests", requests), new NpgsqlParameter<string>("departed", ManifestStatus.Departed.WireName()),
                new NpgsqlParameter<string>("expected", Boarding.Expected.WireName()),
            },
        });
        batch.BatchCommands.Add(new("""
            UPDATE manifest_group SET manifest_id = NULL, awaiting_people = 0 WHERE request_id = ANY(@requests)
            """) { Parameters = { new NpgsqlParameter<Guid[]>("requests", requests) } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Matched groups join their offers' manifests, counted at once, their people's details awaited from Requests; anyone
    /// of them on another manifest (and not yet recorded at boarding) comes off that one.
    /// </summary>
    public async Task Await(IReadOnlyCollection<(Guid ManifestId, Guid RequestId, int People)> groups, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
            return;
        await TakeOff(groups.Select(group => group.RequestId).ToList(), cancellationToken);
        await using var command = await session.Command("""
            UPDATE manifest_group g SET manifest_id = a.manifest_id, awaiting_people = a.people
            FROM unnest(@manifests, @requests, @people) AS a(manifest_id, request_id, people) WHERE g.request_id = a.request_id
            """, cancellationToken);
        command.Parameters.AddWithValue("manifests", groups.Select(group => group.ManifestId).ToArray());
        command.Parameters.AddWithValue("requests", groups.Select(group => group.RequestId).ToArray());
        command.Parameters.AddWithValue("people", groups.Select(group => group.People).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The manifests groups are on now, locking their rows; a group on none (taken off meanwhile) is left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, Guid>> ManifestsOf(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT request_id, manifest_id FROM manifest_group WHERE request_id = ANY(@requests) AND manifest_id IS NOT NULL
            ORDER BY request_id FOR UPDATE
            """, cancellationToken);
        command.Parameters.AddWithValue("requests", requestIds.ToArray());
        return await ReadPairs(command, cancellationToken);
    }

    /// <summary>Nobody of these groups is awaited any longer (Requests no longer has them).</summary>
    public async Task StopAwaiting(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        if (requestIds.Count == 0)
            return;
        await using var command = await session.Command("UPDATE manifest_group SET awaiting_people = 0 WHERE request_id = ANY(@requests)", cancellationToken);
        command.Parameters.AddWithValue("requests", requestIds.ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Erases passengers' names and documents, their journeys' retention over; returns the manifests they were on.</summary>
    public async Task<IReadOnlyList<Guid>> Erase(IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE passenger SET given_name = NULL, family_name = NULL, document_number = NULL, document_key = NULL, document_expires_on = NULL,
                travel_document_number = NULL, age = NULL
            WHERE person_id = ANY(@people) AND (given_name IS NOT NULL OR document_number IS NOT NULL OR travel_document_number IS NOT NULL)
            RETURNING manifest_id
            """, cancellationToken);
        command.Parameters.AddWithValue("people", personIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var manifests = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            manifests.Add(reader.GetGuid(0));
        return manifests.Distinct().ToList();
    }

    /// <summary>Puts groups' people on the manifests of the offers they hold seats on.</summary>
    public async Task PutOn(IReadOnlyCollection<(Guid ManifestId, PassengerDetails Group)> groups, CancellationToken cancellationToken)
    {
        if (groups.Count == 0)
            return;
        await TakeOff(groups.Select(joining => joining.Group.RequestId).ToList(), cancellationToken);
        var people = groups.SelectMany(joining => joining.Group.People.Select(person => (joining.ManifestId, joining.Group.RequestId, Person: person))).ToList();
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("""
            UPDATE manifest_group g SET manifest_id = j.manifest_id, consent_to_consulate = j.consent, destination_country = j.destination, awaiting_people = 0
            FROM unnest(@manifests, @requests, @consents, @destinations) AS j(manifest_id, request_id, consent, destination)
            WHERE g.request_id = j.request_id
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]>("manifests", [.. groups.Select(joining => joining.ManifestId)]),
                new NpgsqlParameter<Guid[]>("requests", [.. groups.Select(joining => joining.Group.RequestId)]),
                new NpgsqlParameter<bool[]>("consents", [.. groups.Select(joining => joining.Group.ConsentToShareWithConsulate)]),
                new NpgsqlParameter<string[]>("destinations", [.. groups.Select(joining => joining.Group.DestinationCountry)]),
            },
        });
        batch.BatchCommands.Add(new("""
            INSERT INTO passenger (person_id, request_id, manifest_id, given_name, family_name, nationality, document_kind, document_number,
                document_expires_on, sex, age, document_key)
            SELECT * FROM unnest(@people, @requests, @manifests, @given, @family, @nationality, @kind, @number, @expires, @sex, @age, @key)
            ON CONFLICT (manifest_id, person_id) DO NOTHING
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]>("people", [.. people.Select(p => p.Person.PersonId)]),
                new NpgsqlParameter<Guid[]>("requests", [.. people.Select(p => p.RequestId)]),
                new NpgsqlParameter<Guid[]>("manifests", [.. people.Select(p => p.ManifestId)]),
                new NpgsqlParameter<string[]>("given", [.. people.Select(p => p.Person.GivenName)]),
                new NpgsqlParameter<string[]>("family", [.. people.Select(p => p.Person.FamilyName)]),
                new NpgsqlParameter<string[]>("nationality", [.. people.Select(p => p.Person.Nationality)]),
                new NpgsqlParameter<string[]>("kind", [.. people.Select(p => p.Person.DocumentKind)]),
                new NpgsqlParameter<string?[]>("number", [.. people.Select(p => p.Person.DocumentNumber)]),
                new NpgsqlParameter<DateOnly?[]>("expires", [.. people.Select(p => p.Person.DocumentExpiresOn)]),
                new NpgsqlParameter<string?[]>("sex", [.. people.Select(p => p.Person.Sex)]),
                new NpgsqlParameter<int?[]>("age", [.. people.Select(p => p.Person.Age)]),
                new NpgsqlParameter<string?[]>("key", [.. people.Select(p => SameDocument.KeyOf(p.Person.DocumentKind, p.Person.Nationality, p.Person.DocumentNumber))]),
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The manifests of offers, by offer, with whether each is still open (a group joining a full ship need not read its
    /// passengers). The rows are share-locked, so a manifest cannot close for boarding while groups are joining it.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, (Guid ManifestId, bool Open)>> ManifestsOfOffers(IReadOnlyCollection<Guid> offerIds,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT offer_id, id, status = @open FROM manifest WHERE offer_id = ANY(@offers) ORDER BY id FOR SHARE", cancellationToken);
        command.Parameters.AddWithValue("offers", offerIds.ToArray());
        command.Parameters.AddWithValue("open", ManifestStatus.Open.WireName());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var manifests = new Dictionary<Guid, (Guid, bool)>();
        while (await reader.ReadAsync(cancellationToken))
            manifests.Add(reader.GetGuid(0), (reader.GetGuid(1), reader.GetBoolean(2)));
        return manifests;
    }

    /// <param name="withPassengers">False to read the manifest alone, its passengers left empty.</param>
    public async Task<Manifest?> Find(Guid id, CancellationToken cancellationToken, bool forUpdate = false, bool withPassengers = true)
    {
        Manifest? manifest;
        await using (var command = await session.Command($"""
            SELECT m.id, m.offer_id, m.organisation_id, m.crisis_id, m.mode, m.from_place, m.to_place, m.destination_country,
                   m.departs_at, m.status, m.departed_at, m.closed_at,
                   (SELECT coalesce(sum(g.awaiting_people), 0)::int FROM manifest_group g WHERE g.manifest_id = m.id)
            FROM manifest m WHERE m.id = @id {(forUpdate ? "FOR UPDATE OF m" : "")}
            """, cancellationToken))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            manifest = new Manifest(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), WireNames<ManifestStatus>.Parse(reader.GetString(9)),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10), [])
            {
                ClosedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                AwaitingDetails = reader.GetInt32(12),
            };
        }
        return withPassengers ? manifest with { Passengers = await PassengersOn(manifest.Id, cancellationToken) } : manifest;
    }

    public async Task<IReadOnlyList<Passenger>> PassengersOn(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            {PassengerColumns}
            WHERE p.manifest_id = @manifest ORDER BY p.family_name, p.given_name, p.person_id
            """, cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        return (await ReadPassengers(command, cancellationToken)).Select(on => on.Passenger).ToList();
    }

    /// <summary>
    /// The passengers carrying any of the documents (<see cref="SameDocument.KeyOf(string, string, string?)"/>) given for each manifest,
    /// with the manifest they are on: only they can share a document with a group joining.
    /// </summary>
    public async Task<IReadOnlyList<(Guid ManifestId, Passenger Passenger)>> HoldersOf(IReadOnlyCollection<(Guid ManifestId, string DocumentKey)> documents,
        CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
            return [];
        await using var command = await session.Command($"""
            {PassengerColumns}
            JOIN unnest(@manifests, @keys) AS d(manifest_id, document_key) ON d.manifest_id = p.manifest_id AND d.document_key = p.document_key
            ORDER BY p.manifest_id, p.person_id
            """, cancellationToken);
        command.Parameters.AddWithValue("manifests", documents.Select(document => document.ManifestId).ToArray());
        command.Parameters.AddWithValue("keys", documents.Select(document => document.DocumentKey).ToArray());
        return await ReadPassengers(command, cancellationToken);
    }

    const string PassengerColumns = """
            SELECT p.person_id, p.request_id, p.given_name, p.family_name, p.nationality, p.document_kind, p.document_number,
                   p.document_expires_on, p.travel_document_kind, p.travel_document_number, p.boarding, coalesce(g.consent_to_consulate, false),
                   coalesce(g.destination_country, ''), p.sex, p.age, p.manifest_id
            FROM passenger p LEFT JOIN manifest_group g USING (request_id)
            """;

    static async Task<IReadOnlyList<(Guid ManifestId, Passenger Passenger)>> ReadPassengers(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var passengers = new List<(Guid, Passenger)>();
        while (await reader.ReadAsync(cancellationToken))
            passengers.Add((reader.GetGuid(15), new Passenger(reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), WireNames<Boarding>.Parse(reader.GetString(10)), reader.GetBoolean(11), reader.GetString(12))
            {
                Sex = reader.IsDBNull(13) ? null : reader.GetString(13),
                Age = reader.IsDBNull(14) ? null : reader.GetInt32(14),
            }));
        return passengers;
    }

    static async Task<IReadOnlyDictionary<Guid, Guid>> ReadPairs(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new Dictionary<Guid, Guid>();
        while (await reader.ReadAsync(cancellationToken))
            pairs.Add(reader.GetGuid(0), reader.GetGuid(1));
        return pairs;
    }

    /// <summary>Manifests, soonest departure first: of one offer, or all those a caller may see.</summary>
    public async Task<(IReadOnlyList<ManifestSummary> Items, long Total)> List(Guid? offerId, string? organisationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(Parameters.Optional("offer", offerId, NpgsqlDbType.Uuid));
        command.Parameters.Add(Parameters.OptionalText("organisation", organisationId));
        return await PagedQuery.Read(command,
            """
            m.id, m.offer_id, m.status, m.from_place, m.to_place, m.departs_at,
            ((SELECT count(*) FROM passenger p WHERE p.manifest_id = m.id)
             + (SELECT coalesce(sum(g.awaiting_people), 0) FROM manifest_group g WHERE g.manifest_id = m.id))::int
            """,
            "FROM manifest m WHERE (@offer::uuid IS NULL OR m.offer_id = @offer) AND (@organisation::text IS NULL OR m.organisation_id = @organisation)",
            "m.departs_at, m.id", (page.PageSize, page.Offset),
            reader => new ManifestSummary(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6)),
            cancellationToken);
    }

    public async Task RecordTravelDocument(Guid manifestId, Guid personId, string kind, string number, string issuedBy,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE passenger SET travel_document_kind = @kind, travel_document_number = @number, travel_document_by = @by
            WHERE manifest_id = @manifest AND person_id = @person
            """, cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        command.Parameters.AddWithValue("person", personId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("by", issuedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetStatus(Guid manifestId, ManifestStatus status, DateTimeOffset? departedAt, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE manifest SET status = @status,
                closed_at = CASE WHEN @closing THEN @now ELSE closed_at END,
                departed_at = coalesce(@departed_at, departed_at)
            WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", manifestId);
        command.Parameters.AddWithValue("status", status.WireName());
        command.Parameters.AddWithValue("closing", status == ManifestStatus.Closed);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.Add(Parameters.Optional("departed_at", departedAt, NpgsqlDbType.TimestampTz));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records passengers' boarding, a list of any length in one statement.</summary>
    public async Task Board(Guid manifestId, IReadOnlyList<(Guid PersonId, Boarding Boarding)> boardings, CancellationToken cancellationToken)
    {
        if (boardings.Count == 0)
            return;
        await using var command = await session.Command("""
            UPDATE passenger p SET boarding = b.boarding FROM unnest(@people, @boardings) AS b(person_id, boarding)
            WHERE p.manifest_id = @manifest AND p.person_id = b.person_id
            """, cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        command.Parameters.AddWithValue("people", boardings.Select(b => b.PersonId).ToArray());
        command.Parameters.AddWithValue("boardings", boardings.Select(b => b.Boarding.WireName()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record ManifestSummary(Guid Id, Guid OfferId, string Status, string FromPlace, string ToPlace, DateTimeOffset DepartsAt, int Passengers);
