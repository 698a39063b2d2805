using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.Transit.Domain;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Transit.Data;

public sealed record ExpectedPerson(
    Guid ManifestId, Guid PersonId, Guid RequestId, string SiteCode, string? GivenName, string? FamilyName, string Nationality,
    string DestinationCountry, bool ConsentToShareWithConsulate, DateTimeOffset DepartedAt)
{
    public string? Sex { get; init; }

    public int? Age { get; init; }
}

public sealed record ArrivalRecord(
    Guid Id, string SiteCode, Guid PersonId, Guid? RequestId, bool WalkIn, string? GivenName, string? FamilyName, string Nationality,
    DateTimeOffset ArrivedAt, IReadOnlyList<string> Needs, Guid? OnwardRequestId)
{
    /// <summary>As a walk-in gave them at reception, or as the person's movement brought them.</summary>
    public string? Sex { get; init; }

    public int? Age { get; init; }
}

public sealed record Reconciliation(Guid ManifestId, string SiteCode, IReadOnlyList<ExpectedPerson> Expected, IReadOnlySet<Guid> Arrived);

/// <summary>The transit database: who is expected where, who arrived, referrals, and the journeys still to finish.</summary>
public sealed class TransitStore(DbSession session, TimeProvider clock)
{
    /// <summary>Records a departed movement and the people on board, expected at its site; false if it was known already.</summary>
    public async Task<bool> Expect(DepartedPassengers departed, CancellationToken cancellationToken)
    {
        await using (var movement = await session.Command("""
            INSERT INTO departed_movement (manifest_id, site_code, departed_at) VALUES (@manifest, @site, @departed_at)
            ON CONFLICT (manifest_id) DO NOTHING
            """, cancellationToken))
        {
            movement.Parameters.AddWithValue("manifest", departed.ManifestId);
            movement.Parameters.AddWithValue("site", departed.ToPlace);
            movement.Parameters.AddWithValue("departed_at", departed.DepartedAt);
            if (await movement.ExecuteNonQueryAsync(cancellationToken) == 0)
                return false;
        }
        await using var batch = await session.Batch(cancellationToken);
        foreach (var person in departed.People)
        {
            batch.BatchCommands.Add(new("""
                INSERT INTO expected_person (manifest_id, person_id, request_id, site_code, given_name, family_name, nationality,
                    destination_country, consent_to_consulate, departed_at, sex, age)
                VALUES (@manifest, @person, @request, @site, @given, @family, @nationality, @destination, @consent, @departed_at, @sex, @age)
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("manifest", departed.ManifestId), new NpgsqlParameter<Guid>("person", person.PersonId),
                    new NpgsqlParameter<Guid>("request", person.RequestId), new NpgsqlParameter<string>("site", departed.ToPlace),
                    new NpgsqlParameter<string>("given", person.GivenName), new NpgsqlParameter<string>("family", person.FamilyName),
                    new NpgsqlParameter<string>("nationality", person.Nationality), new NpgsqlParameter<string>("destination", person.DestinationCountry),
                    new NpgsqlParameter<bool>("consent", person.ConsentToShareWithConsulate),
                    new NpgsqlParameter<DateTimeOffset>("departed_at", departed.DepartedAt), Parameters.OptionalText("sex", person.Sex),
                    Parameters.Optional("age", person.Age, NpgsqlDbType.Integer),
                },
            });
            batch.BatchCommands.Add(new("INSERT INTO journey_member (request_id, person_id) VALUES (@request, @person) ON CONFLICT DO NOTHING")
            {
                Parameters = { new NpgsqlParameter<Guid>("request", person.RequestId), new NpgsqlParameter<Guid>("person", person.PersonId) },
            });
        }
        if (batch.BatchCommands.Count > 0)
            await batch.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>People expected at a site and not yet arrived there, most recent departure first.</summary>
    public async Task<IReadOnlyList<ExpectedPerson>> ExpectedAt(string siteCode, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {ExpectedColumns} FROM expected_person e
            WHERE e.site_code = @site AND NOT EXISTS (SELECT 1 FROM arrival a WHERE a.site_code = e.site_code AND a.person_id = e.person_id)
            ORDER BY e.departed_at DESC, e.family_name, e.given_name
            """, cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        return await ReadExpected(command, cancellationToken);
    }

    public async Task<ExpectedPerson?> FindExpected(string siteCode, Guid personId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command($"""
            SELECT {ExpectedColumns} FROM expected_person e WHERE e.site_code = @site AND e.person_id = @person ORDER BY e.departed_at DESC LIMIT 1
            """, cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        command.Parameters.AddWithValue("person", personId);
        return (await ReadExpected(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> HasArrived(string siteCode, Guid personId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT 1 FROM arrival WHERE site_code = @site AND person_id = @person", cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        command.Parameters.AddWithValue("person", personId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task Insert(ArrivalRecord arrival, Guid? manifestId, string? notes, string recordedBy, Registration? registration,
        IReadOnlyList<OpenedReferral> referrals, CancellationToken cancellationToken)
    {
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("""
            INSERT INTO arrival (id, site_code, person_id, request_id, manifest_id, walk_in, given_name, family_name, nationality, arrived_at,
                needs, screening_notes, onward_request_id, recorded_by, sex, age, registered_by_id, registered_by_name, sent_by_id, sent_by_name)
            VALUES (@id, @site, @person, @request, @manifest, @walk_in, @given, @family, @nationality, @arrived_at, @needs, @notes, @onward, @by,
                @sex, @age, @registered_by_id, @registered_by_name, @sent_by_id, @sent_by_name)
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid>("id", arrival.Id), new NpgsqlParameter<string>("site", arrival.SiteCode),
                new NpgsqlParameter<Guid>("person", arrival.PersonId), Parameters.Optional("request", arrival.RequestId, NpgsqlDbType.Uuid),
                Parameters.Optional("manifest", manifestId, NpgsqlDbType.Uuid), new NpgsqlParameter<bool>("walk_in", arrival.WalkIn),
                Parameters.OptionalText("given", arrival.GivenName), Parameters.OptionalText("family", arrival.FamilyName),
                new NpgsqlParameter<string>("nationality", arrival.Nationality), new NpgsqlParameter<DateTimeOffset>("arrived_at", arrival.ArrivedAt),
                new NpgsqlParameter<string[]>("needs", arrival.Needs.ToArray()), Parameters.OptionalText("notes", notes),
                Parameters.Optional("onward", arrival.OnwardRequestId, NpgsqlDbType.Uuid), new NpgsqlParameter<string>("by", recordedBy),
                Parameters.OptionalText("sex", arrival.Sex), Parameters.Optional("age", arrival.Age, NpgsqlDbType.Integer),
                Parameters.OptionalText("registered_by_id", registration?.RegisteredBy.Id),
                Parameters.OptionalText("registered_by_name", registration?.RegisteredBy.Name),
                Parameters.OptionalText("sent_by_id", registration?.SentBy.Id), Parameters.OptionalText("sent_by_name", registration?.SentBy.Name),
            },
        });
        foreach (var referral in referrals)
            batch.BatchCommands.Add(new("""
                INSERT INTO referral (id, arrival_id, person_id, site_code, service, consent, status, partner_id, created_at, due_by, best_interest)
                VALUES (@id, @arrival, @person, @site, @service, @consent, @status, @partner, @created_at, @due_by, @best_interest)
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("id", referral.Id), new NpgsqlParameter<Guid>("arrival", arrival.Id),
                    new NpgsqlParameter<Guid>("person", arrival.PersonId), new NpgsqlParameter<string>("site", arrival.SiteCode),
                    new NpgsqlParameter<string>("service", referral.Service.WireName()), new NpgsqlParameter<bool>("consent", referral.Consent),
                    new NpgsqlParameter<string>("status", referral.Status.WireName()), Parameters.OptionalText("partner", referral.PartnerId),
                    new NpgsqlParameter<DateTimeOffset>("created_at", referral.OpenedAt), new NpgsqlParameter<DateTimeOffset>("due_by", referral.DueBy),
                    new NpgsqlParameter<bool>("best_interest", referral.BestInterestAssessment),
                },
            });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>An onward request continues a member's journey: it is finished when the onward request's person arrives.</summary>
    public async Task ContinueJourney(Guid onwardRequestId, Guid onwardPersonId, Guid? requestId, Guid? personId,
        CancellationToken cancellationToken)
    {
        await using var batch = await session.Batch(cancellationToken);
        batch.BatchCommands.Add(new("INSERT INTO journey_member (request_id, person_id) VALUES (@request, @person) ON CONFLICT DO NOTHING")
        {
            Parameters = { new NpgsqlParameter<Guid>("request", onwardRequestId), new NpgsqlParameter<Guid>("person", onwardPersonId) },
        });
        if (requestId is { } original && personId is { } member)
            batch.BatchCommands.Add(new("INSERT INTO onward_journey (onward_request_id, request_id, person_id) VALUES (@onward, @request, @person)")
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid>("onward", onwardRequestId), new NpgsqlParameter<Guid>("request", original),
                    new NpgsqlParameter<Guid>("person", member),
                },
            });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A member reached their destination: their journey, and the one their onward request continued, are done.
    /// Returns the groups every member of which has now arrived.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ReachedDestination(Guid requestId, Guid personId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        // Family members are often logged at the same moment at different desks: each waits for the others' rows, so the
        // last to arrive sees everyone else arrived and finishes the group (otherwise both could see the other missing).
        await using (var lockMembers = await session.Command("""
            SELECT 1 FROM journey_member
            WHERE request_id IN (SELECT @request::uuid UNION SELECT request_id FROM onward_journey WHERE onward_request_id = @request)
            ORDER BY request_id, person_id FOR UPDATE
            """, cancellationToken))
        {
            lockMembers.Parameters.AddWithValue("request", requestId);
            await lockMembers.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = await session.Command("""
            WITH done AS (
                SELECT @request::uuid AS request_id, @person::uuid AS person_id
                UNION SELECT request_id, person_id FROM onward_journey WHERE onward_request_id = @request),
            finished AS (
                UPDATE journey_member m SET arrived_at = @at FROM done
                WHERE m.request_id = done.request_id AND m.person_id = done.person_id AND m.arrived_at IS NULL
                RETURNING m.request_id)
            -- The statement sees the table as it was before the update: the members just finished are left out by hand.
            SELECT DISTINCT f.request_id FROM finished f
            WHERE NOT EXISTS (SELECT 1 FROM journey_member m WHERE m.request_id = f.request_id AND m.arrived_at IS NULL
                                AND (m.request_id, m.person_id) NOT IN (SELECT request_id, person_id FROM done))
            """, cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        command.Parameters.AddWithValue("person", personId);
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var completed = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            completed.Add(reader.GetGuid(0));
        return completed;
    }

    public async Task<(IReadOnlyList<ArrivalRecord> Items, long Total)> ArrivalsAt(string siteCode, PageRequest page,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        command.Parameters.AddWithValue("site", siteCode);
        return await PagedQuery.Read(command,
            "id, site_code, person_id, request_id, walk_in, given_name, family_name, nationality, arrived_at, needs, onward_request_id",
            "FROM arrival WHERE site_code = @site", "arrived_at DESC, id", (page.PageSize, page.Offset),
            reader => new ArrivalRecord(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.GetBoolean(4), Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<string[]>(9), reader.IsDBNull(10) ? null : reader.GetGuid(10)),
            cancellationToken);
    }

    public async Task<Reconciliation?> Reconcile(Guid manifestId, CancellationToken cancellationToken)
    {
        string site;
        await using (var movement = await session.Command("SELECT site_code FROM departed_movement WHERE manifest_id = @manifest", cancellationToken))
        {
            movement.Parameters.AddWithValue("manifest", manifestId);
            if (await movement.ExecuteScalarAsync(cancellationToken) is not string code)
                return null;
            site = code;
        }
        await using var expected = await session.Command($"SELECT {ExpectedColumns} FROM expected_person e WHERE e.manifest_id = @manifest ORDER BY e.family_name, e.given_name", cancellationToken);
        expected.Parameters.AddWithValue("manifest", manifestId);
        var people = await ReadExpected(expected, cancellationToken);
        await using var arrived = await session.Command("""
            SELECT e.person_id FROM expected_person e JOIN arrival a ON a.site_code = e.site_code AND a.person_id = e.person_id
            WHERE e.manifest_id = @manifest
            """, cancellationToken);
        arrived.Parameters.AddWithValue("manifest", manifestId);
        var ids = new HashSet<Guid>();
        await using (var reader = await arrived.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                ids.Add(reader.GetGuid(0));
        return new Reconciliation(manifestId, site, people, ids);
    }

    /// <summary>
    /// Movements that left more than <paramref name="window"/> ago and were not reconciled yet, claimed for this
    /// instance (<c>SKIP LOCKED</c>) and marked, with how many of their people have not arrived.
    /// </summary>
    public async Task<IReadOnlyList<(Guid ManifestId, string SiteCode, int Missing)>> ClaimOverdue(TimeSpan window,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT manifest_id FROM departed_movement
                WHERE missing_flagged_at IS NULL AND departed_at < @now - @window
                ORDER BY departed_at LIMIT 50 FOR UPDATE SKIP LOCKED),
            marked AS (
                UPDATE departed_movement d SET missing_flagged_at = @now FROM due WHERE d.manifest_id = due.manifest_id
                RETURNING d.manifest_id, d.site_code)
            SELECT m.manifest_id, m.site_code,
                   (SELECT count(*) FROM expected_person e
                    WHERE e.manifest_id = m.manifest_id
                      AND NOT EXISTS (SELECT 1 FROM arrival a WHERE a.site_code = e.site_code AND a.person_id = e.person_id))::int
            FROM marked m
            """, cancellationToken);
        command.Parameters.AddWithValue("window", window);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var overdue = new List<(Guid, string, int)>();
        while (await reader.ReadAsync(cancellationToken))
            overdue.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        return overdue;
    }

    const string ExpectedColumns = """
        e.manifest_id, e.person_id, e.request_id, e.site_code, e.given_name, e.family_name, e.nationality, e.destination_country,
        e.consent_to_consulate, e.departed_at, e.sex, e.age
        """;

    static async Task<IReadOnlyList<ExpectedPerson>> ReadExpected(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<ExpectedPerson>();
        while (await reader.ReadAsync(cancellationToken))
            people.Add(new ExpectedPerson(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetString(3), Text(reader, 4),
                Text(reader, 5), reader.GetString(6), reader.GetString(7), reader.GetBoolean(8), reader.GetFieldValue<DateTimeOffset>(9))
            {
                Sex = reader.IsDBNull(10) ? null : reader.GetString(10),
                Age = reader.IsDBNull(11) ? null : reader.GetInt32(11),
            });
        return people;
    }

    static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>Erases these people's names and screening notes, their journeys' retention over; true if anything was left to erase.</summary>
    public async Task<bool> Erase(IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH expected AS (
                UPDATE expected_person SET given_name = NULL, family_name = NULL, age = NULL
                WHERE person_id = ANY(@people) AND given_name IS NOT NULL RETURNING person_id),
            arrived AS (
                UPDATE arrival SET given_name = NULL, family_name = NULL, screening_notes = NULL, age = NULL
                WHERE person_id = ANY(@people) AND given_name IS NOT NULL RETURNING person_id)
            SELECT (SELECT count(*) FROM expected) + (SELECT count(*) FROM arrived)
            """, cancellationToken);
        command.Parameters.AddWithValue("people", personIds.ToArray());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }

    /// <summary>
    /// Erases the names and screening notes of up to <paramref name="batch"/> walk-ins whose journey ended with their
    /// arrival (no request of theirs, no onward journey) before <paramref name="endedBefore"/>; returns who was erased.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> EraseWalkInsArrivedBefore(DateTimeOffset endedBefore, int batch, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH due AS (
                SELECT id FROM arrival
                WHERE walk_in AND request_id IS NULL AND onward_request_id IS NULL AND given_name IS NOT NULL AND arrived_at < @before
                ORDER BY arrived_at LIMIT @batch FOR UPDATE SKIP LOCKED)
            UPDATE arrival a SET given_name = NULL, family_name = NULL, screening_notes = NULL, age = NULL FROM due WHERE a.id = due.id
            RETURNING a.person_id
            """, cancellationToken);
        command.Parameters.AddWithValue("before", endedBefore);
        command.Parameters.AddWithValue("batch", batch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var erased = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            erased.Add(reader.GetGuid(0));
        return erased;
    }
}
