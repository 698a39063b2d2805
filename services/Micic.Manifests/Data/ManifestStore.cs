using Micic.Contracts;
using Micic.Manifests.Domain;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Manifests.Data;

/// <summary>The manifests database: manifests, the groups on them and their passengers.</summary>
public sealed class ManifestStore(DbSession session)
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
    /// Takes a status change of a group if it is newer than the last one applied (locking the group's row), and says
    /// whether it was.
    /// </summary>
    public async Task<bool> TakeChange(Guid requestId, int sequence, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO manifest_group (request_id, status_sequence) VALUES (@request, @sequence)
            ON CONFLICT (request_id) DO UPDATE SET status_sequence = excluded.status_sequence
            WHERE manifest_group.status_sequence < excluded.status_sequence
            """, cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.AddWithValue("sequence", sequence);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Takes a group off any manifest it is on, except passengers already recorded at boarding or departed.</summary>
    public async Task TakeOff(Guid requestId, CancellationToken cancellationToken)
    {
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("""
            DELETE FROM passenger p USING manifest m
            WHERE p.manifest_id = m.id AND p.request_id = @request AND m.status <> @departed AND p.boarding = @expected
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("request", requestId), new NpgsqlParameter<string>("departed", ManifestStatus.Departed.WireName()),
                new NpgsqlParameter<string>("expected", Boarding.Expected.WireName()),
            },
        });
        batch.BatchCommands.Add(new("""
            UPDATE manifest_group SET manifest_id = NULL, awaiting_people = 0 WHERE request_id = @request
            """) { Parameters = { new NpgsqlParameter<Guid>("request", requestId) } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A matched group joins its offer's manifest, counted at once, its people's details awaited from Requests; anyone
    /// of it on another manifest (and not yet recorded at boarding) comes off that one.
    /// </summary>
    public async Task Await(Guid manifestId, Guid requestId, int people, CancellationToken cancellationToken)
    {
        await TakeOff(requestId, cancellationToken);
        await using var command = await session.Command(
            "UPDATE manifest_group SET manifest_id = @manifest, awaiting_people = @people WHERE request_id = @request", cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        command.Parameters.AddWithValue("people", people);
        command.Parameters.AddWithValue("request", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The manifest a group is on now, locking its row; null when it is on none (taken off meanwhile).</summary>
    public async Task<Guid?> ManifestOf(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT manifest_id FROM manifest_group WHERE request_id = @request FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    /// <summary>Nobody of a group is awaited any longer (Requests no longer has them).</summary>
    public async Task StopAwaiting(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE manifest_group SET awaiting_people = 0 WHERE request_id = @request", cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Erases passengers' names and documents, their journeys' retention over; returns the manifests they were on.</summary>
    public async Task<IReadOnlyList<Guid>> Erase(IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE passenger SET given_name = NULL, family_name = NULL, document_number = NULL, document_expires_on = NULL,
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

    /// <summary>Puts a group's people on the manifest of the offer it holds seats on.</summary>
    public async Task PutOn(Guid manifestId, PassengerDetails details, CancellationToken cancellationToken)
    {
        await TakeOff(details.RequestId, cancellationToken);
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("""
            UPDATE manifest_group SET manifest_id = @manifest, consent_to_consulate = @consent, destination_country = @destination,
                awaiting_people = 0
            WHERE request_id = @request
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("manifest", manifestId), new NpgsqlParameter<bool>("consent", details.ConsentToShareWithConsulate),
                new NpgsqlParameter<string>("destination", details.DestinationCountry), new NpgsqlParameter<Guid>("request", details.RequestId),
            },
        });
        foreach (var person in details.People)
            batch.BatchCommands.Add(new("""
                INSERT INTO passenger (person_id, request_id, manifest_id, given_name, family_name, nationality, document_kind, document_number, document_expires_on,
                    sex, age)
                VALUES (@person, @request, @manifest, @given, @family, @nationality, @kind, @number, @expires, @sex, @age)
                ON CONFLICT (manifest_id, person_id) DO NOTHING
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("person", person.PersonId), new NpgsqlParameter<Guid>("request", details.RequestId),
                    new NpgsqlParameter<Guid>("manifest", manifestId), new NpgsqlParameter<string>("given", person.GivenName),
                    new NpgsqlParameter<string>("family", person.FamilyName), new NpgsqlParameter<string>("nationality", person.Nationality),
                    new NpgsqlParameter<string>("kind", person.DocumentKind), Parameters.OptionalText("number", person.DocumentNumber),
                    Parameters.Optional("expires", person.DocumentExpiresOn, NpgsqlDbType.Date), Parameters.OptionalText("sex", person.Sex),
                    Parameters.Optional("age", person.Age, NpgsqlDbType.Integer),
                },
            });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The id of an offer's manifest, without its passengers (a group joining a full ship need not read them all).</summary>
    public async Task<Guid?> IdOf(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT id FROM manifest WHERE offer_id = @offer", cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    public async Task<Manifest?> Find(Guid id, CancellationToken cancellationToken, bool forUpdate = false)
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
        return manifest with { Passengers = await PassengersOn(manifest.Id, cancellationToken) };
    }

    public async Task<IReadOnlyList<Passenger>> PassengersOn(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT p.person_id, p.request_id, p.given_name, p.family_name, p.nationality, p.document_kind, p.document_number,
                   p.document_expires_on, p.travel_document_kind, p.travel_document_number, p.boarding, coalesce(g.consent_to_consulate, false),
                   coalesce(g.destination_country, ''), p.sex, p.age
            FROM passenger p LEFT JOIN manifest_group g USING (request_id)
            WHERE p.manifest_id = @manifest ORDER BY p.family_name, p.given_name, p.person_id
            """, cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var passengers = new List<Passenger>();
        while (await reader.ReadAsync(cancellationToken))
            passengers.Add(new Passenger(reader.GetGuid(0), reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), WireNames<Boarding>.Parse(reader.GetString(10)), reader.GetBoolean(11), reader.GetString(12))
            {
                Sex = reader.IsDBNull(13) ? null : reader.GetString(13),
                Age = reader.IsDBNull(14) ? null : reader.GetInt32(14),
            });
        return passengers;
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
                closed_at = CASE WHEN @closing THEN now() ELSE closed_at END,
                departed_at = coalesce(@departed_at, departed_at)
            WHERE id = @id
            """, cancellationToken);
        command.Parameters.AddWithValue("id", manifestId);
        command.Parameters.AddWithValue("status", status.WireName());
        command.Parameters.AddWithValue("closing", status == ManifestStatus.Closed);
        command.Parameters.Add(Parameters.Optional("departed_at", departedAt, NpgsqlDbType.TimestampTz));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task Board(Guid manifestId, Guid personId, Boarding boarding, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE passenger SET boarding = @boarding WHERE manifest_id = @manifest AND person_id = @person", cancellationToken);
        command.Parameters.AddWithValue("manifest", manifestId);
        command.Parameters.AddWithValue("person", personId);
        command.Parameters.AddWithValue("boarding", boarding.WireName());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed record ManifestSummary(Guid Id, Guid OfferId, string Status, string FromPlace, string ToPlace, DateTimeOffset DepartsAt, int Passengers);
