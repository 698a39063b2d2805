using Micic.Persistence.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>The registrations of nationals abroad and their households.</summary>
public sealed class RegistrationStore(DbSession session)
{
    /// <summary>Stores registrations and their people in one statement, however many there are (a CSV file holds thousands).</summary>
    public async Task Insert(IReadOnlyList<ConsularRegistration> registrations, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH registration AS (
                INSERT INTO registration (id, organisation_id, nationality, country_of_residence, area, contact_phone, contact_language,
                    consent_to_contact, registered_at)
                SELECT * FROM unnest(@id, @organisation, @nationality, @country, @area, @phone, @language, @consent, @at)
                RETURNING id)
            INSERT INTO registered_person (id, registration_id, position, given_name, family_name, sex, birth_date, document_kind,
                document_number, document_expires_on)
            SELECT * FROM unnest(@person_id, @person_registration, @position, @given, @family, @sex, @birth_date, @document_kind,
                @document_number, @document_expires_on)
            """, cancellationToken);
        var people = registrations.SelectMany(registration => registration.Household.Select((person, position) => (registration, person, position))).ToList();
        var p = command.Parameters;
        p.Add(Parameters.Column("id", NpgsqlDbType.Uuid, registrations.Select(registration => registration.Id)));
        p.Add(Parameters.Column("organisation", NpgsqlDbType.Text, registrations.Select(registration => registration.OrganisationId)));
        p.Add(Parameters.Column("nationality", NpgsqlDbType.Text, registrations.Select(registration => registration.Nationality)));
        p.Add(Parameters.Column("country", NpgsqlDbType.Text, registrations.Select(registration => registration.CountryOfResidence)));
        p.Add(Parameters.Column("area", NpgsqlDbType.Text, registrations.Select(registration => registration.Area)));
        p.Add(Parameters.Column("phone", NpgsqlDbType.Text, registrations.Select(registration => registration.Phone)));
        p.Add(Parameters.Column("language", NpgsqlDbType.Text, registrations.Select(registration => registration.Language)));
        p.Add(Parameters.Column("consent", NpgsqlDbType.Boolean, registrations.Select(registration => registration.ConsentToContact)));
        p.Add(Parameters.Column("at", NpgsqlDbType.TimestampTz, registrations.Select(registration => registration.RegisteredAt)));
        p.Add(Parameters.Column("person_id", NpgsqlDbType.Uuid, people.Select(row => row.person.Id)));
        p.Add(Parameters.Column("person_registration", NpgsqlDbType.Uuid, people.Select(row => row.registration.Id)));
        p.Add(Parameters.Column("position", NpgsqlDbType.Integer, people.Select(row => row.position)));
        p.Add(Parameters.Column("given", NpgsqlDbType.Text, people.Select(row => row.person.GivenName)));
        p.Add(Parameters.Column("family", NpgsqlDbType.Text, people.Select(row => row.person.FamilyName)));
        p.Add(Parameters.Column("sex", NpgsqlDbType.Text, people.Select(row => row.person.Sex)));
        p.Add(Parameters.Column("birth_date", NpgsqlDbType.Date, people.Select(row => row.person.BirthDate)));
        p.Add(Parameters.Column("document_kind", NpgsqlDbType.Text, people.Select(row => row.person.DocumentKind)));
        p.Add(Parameters.Column("document_number", NpgsqlDbType.Text, people.Select(row => row.person.DocumentNumber)));
        p.Add(Parameters.Column("document_expires_on", NpgsqlDbType.Date, people.Select(row => row.person.DocumentExpiresOn)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ConsularRegistration?> Find(Guid id, CancellationToken cancellationToken) =>
        (await Read([id], cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Registrations of these nationalities, filtered, in the order they were registered (so that pages stay put while
    /// new ones arrive), with their households.
    /// </summary>
    public async Task<(IReadOnlyList<ConsularRegistration> Items, long Total)> List(IReadOnlySet<string> nationalities, string? countryOfResidence,
        string? area, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<string[]>("nationalities", [.. nationalities]));
        command.Parameters.Add(Parameters.OptionalText("country", countryOfResidence));
        command.Parameters.Add(Parameters.OptionalText("area", area));
        var (ids, total) = await PagedQuery.Read(command, "id",
            """
            FROM registration
            WHERE nationality = ANY(@nationalities) AND (@country::text IS NULL OR country_of_residence = @country)
              AND (@area::text IS NULL OR area = @area)
            """,
            "registered_at, id", (page.PageSize, page.Offset), reader => reader.GetGuid(0), cancellationToken);
        return (await Read(ids, cancellationToken), total);
    }

    /// <summary>How many households and people are registered, by nationality and area; <paramref name="nationalities"/> null for all.</summary>
    public async Task<IReadOnlyList<RegistrationCount>> Counts(IReadOnlySet<string>? nationalities, string? countryOfResidence,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT r.country_of_residence, r.nationality, r.area, count(DISTINCT r.id), count(p.id)
            FROM registration r JOIN registered_person p ON p.registration_id = r.id
            WHERE (@all OR r.nationality = ANY(@nationalities)) AND (@country::text IS NULL OR r.country_of_residence = @country)
            GROUP BY r.country_of_residence, r.nationality, r.area
            ORDER BY r.country_of_residence, r.nationality, r.area NULLS LAST
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<bool>("all", nationalities is null));
        command.Parameters.Add(new NpgsqlParameter<string[]>("nationalities", [.. nationalities ?? new HashSet<string>()]));
        command.Parameters.Add(Parameters.OptionalText("country", countryOfResidence));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new List<RegistrationCount>();
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(new RegistrationCount(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                (int)reader.GetInt64(3), (int)reader.GetInt64(4)));
        return counts;
    }

    /// <summary>Erases a registration and its household; the people's ids, or null when there was no such registration.</summary>
    public async Task<IReadOnlyList<Guid>?> Delete(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH people AS (DELETE FROM registered_person WHERE registration_id = @id RETURNING id),
            erased AS (DELETE FROM registration WHERE id = @id RETURNING id)
            SELECT (SELECT count(*) FROM erased), ARRAY(SELECT id FROM people)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? null : reader.GetFieldValue<Guid[]>(1);
    }

    /// <summary>
    /// The consenting households living in a country (in some of its areas, if given), a page at a time in the order of
    /// their ids, after <paramref name="after"/>: one more than <paramref name="limit"/> is read to know whether more follow.
    /// </summary>
    public async Task<IReadOnlyList<RegisteredContactRow>> Contacts(
        string countryOfResidence, IReadOnlyCollection<string>? areas, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT r.id, r.contact_phone, r.contact_language, r.nationality,
                   ARRAY(SELECT p.id FROM registered_person p WHERE p.registration_id = r.id ORDER BY p.position)
            FROM registration r
            WHERE r.country_of_residence = @country AND r.consent_to_contact AND (@after::uuid IS NULL OR r.id > @after)
              AND (@any_area OR r.area = ANY(@areas))
            ORDER BY r.id LIMIT @limit
            """, cancellationToken);
        command.Parameters.AddWithValue("country", countryOfResidence);
        command.Parameters.Add(Parameters.Optional("after", after, NpgsqlDbType.Uuid));
        command.Parameters.Add(new NpgsqlParameter<bool>("any_area", areas is null || areas.Count == 0));
        command.Parameters.Add(new NpgsqlParameter<string[]>("areas", [.. areas ?? []]));
        command.Parameters.AddWithValue("limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var contacts = new List<RegisteredContactRow>();
        while (await reader.ReadAsync(cancellationToken))
            contacts.Add(new RegisteredContactRow(reader.GetGuid(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<Guid[]>(4)));
        return contacts;
    }

    /// <summary>
    /// Erases up to <paramref name="batch"/> registrations whose household has left the country — its evacuation request
    /// completed before <paramref name="endedBefore"/> — claimed with <c>SKIP LOCKED</c>; returns each one's people's ids.
    /// </summary>
    public async Task<IReadOnlyList<(Guid RegistrationId, IReadOnlyList<Guid> PersonIds)>> EraseLeft(DateTimeOffset endedBefore, int batch,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT r.id FROM registration r JOIN evacuation_request q ON q.id = r.request_id
                WHERE q.status = @completed AND q.journey_ended_at < @before
                LIMIT @batch FOR UPDATE OF r SKIP LOCKED),
            people AS (DELETE FROM registered_person p USING due WHERE p.registration_id = due.id RETURNING p.registration_id, p.id),
            erased AS (DELETE FROM registration r USING due WHERE r.id = due.id RETURNING r.id)
            SELECT erased.id, coalesce(array_agg(people.id) FILTER (WHERE people.id IS NOT NULL), '{}')
            FROM erased LEFT JOIN people ON people.registration_id = erased.id GROUP BY erased.id
            """, cancellationToken);
        command.Parameters.AddWithValue("completed", Micic.Contracts.RequestStatus.Completed);
        command.Parameters.AddWithValue("before", endedBefore);
        command.Parameters.AddWithValue("batch", batch);
        return await EvacuationRequestStore.Erased(command, cancellationToken);
    }

    /// <summary>Registrations with their households, in the order of <paramref name="ids"/>; ids of none are left out.</summary>
    async Task<IReadOnlyList<ConsularRegistration>> Read(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
            return [];
        var idArray = ids.ToArray();
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT id, organisation_id, nationality, country_of_residence, area, contact_phone, contact_language, consent_to_contact, registered_at
            FROM registration WHERE id = ANY(@ids)
            """) { Parameters = { new NpgsqlParameter<Guid[]>("ids", idArray) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT registration_id, id, given_name, family_name, sex, birth_date, document_kind, document_number, document_expires_on
            FROM registered_person WHERE registration_id = ANY(@ids) ORDER BY registration_id, position
            """) { Parameters = { new NpgsqlParameter<Guid[]>("ids", idArray) } });

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var registrations = new Dictionary<Guid, (ConsularRegistration Registration, List<RegisteredPerson> People)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var people = new List<RegisteredPerson>();
            registrations.Add(reader.GetGuid(0), (new ConsularRegistration(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetBoolean(7), reader.GetFieldValue<DateTimeOffset>(8),
                people), people));
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            registrations[reader.GetGuid(0)].People.Add(new RegisteredPerson(
                reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8)));
        return [.. ids.Where(registrations.ContainsKey).Select(id => registrations[id].Registration)];
    }
}

/// <summary>How many households and people of one nationality are registered in one area of a country (no area: not given).</summary>
public sealed record RegistrationCount(string CountryOfResidence, string Nationality, string? Area, int Households, int People);

/// <summary>How a consenting household is reached, with its people's ids (for the audit).</summary>
public sealed record RegisteredContactRow(Guid RegistrationId, string Phone, string? Language, string Nationality, IReadOnlyList<Guid> PersonIds);
