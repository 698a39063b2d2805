using Micic.Contracts;
using Micic.Messaging.Domain;
using Micic.Persistence.Data;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Messaging.Data;

/// <summary>The group a phone belongs to (its newest, should a phone be given for two), where its journey stands and how it is written to.</summary>
public sealed record GroupOfPhone(Guid RequestId, string? Reference, string Language, string? Status, Guid? OfferId);

/// <summary>Offers, journeys and contacts: what Messaging keeps of the flow to know whom to tell what, and how.</summary>
public sealed class JourneyStore(DbSession session)
{
    public async Task SaveOffer(OfferPublished offer, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer_departure (offer_id, from_place, to_place, departs_at, version) VALUES (@offer, @from, @to, @departs, @version)
            ON CONFLICT (offer_id) DO UPDATE SET departs_at = EXCLUDED.departs_at, version = EXCLUDED.version
            WHERE offer_departure.version < EXCLUDED.version
            """, cancellationToken);
        command.Parameters.AddWithValue("offer", offer.OfferId);
        command.Parameters.AddWithValue("from", offer.FromPlace);
        command.Parameters.AddWithValue("to", offer.ToPlace);
        command.Parameters.AddWithValue("departs", offer.Capacity.DepartsAt);
        command.Parameters.AddWithValue("version", offer.Capacity.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A newer account of an offer; true when it moved the departure (an older or repeated one changes nothing).</summary>
    public async Task<bool> MoveDeparture(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT departs_at, version FROM offer_departure WHERE offer_id = @offer FOR UPDATE", cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        DateTimeOffset departed;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken) || reader.GetInt64(1) >= capacity.Version)
                return false;
            departed = reader.GetFieldValue<DateTimeOffset>(0);
        }
        await using var update = await session.Command(
            "UPDATE offer_departure SET departs_at = @departs, version = @version WHERE offer_id = @offer", cancellationToken);
        update.Parameters.AddWithValue("offer", offerId);
        update.Parameters.AddWithValue("departs", capacity.DepartsAt);
        update.Parameters.AddWithValue("version", capacity.Version);
        await update.ExecuteNonQueryAsync(cancellationToken);
        // PostgreSQL keeps microseconds: an unchanged departure is the same to them.
        return Math.Abs((departed - capacity.DepartsAt).TotalMilliseconds) >= 1;
    }

    /// <summary>The groups holding seats on an offer now.</summary>
    public async Task<IReadOnlyList<Guid>> OnOffer(Guid offerId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT request_id FROM journey WHERE offer_id = @offer AND status IN ('matched', 'manifested') ORDER BY request_id", cancellationToken);
        command.Parameters.AddWithValue("offer", offerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            groups.Add(reader.GetGuid(0));
        return groups;
    }

    /// <summary>Where these groups' journeys stood, locked until the unit of work ends (in id order: two batches never wait on each other).</summary>
    public async Task<Dictionary<Guid, JourneyState>> Journeys(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "SELECT request_id, status, sequence, offer_id FROM journey WHERE request_id = ANY(@ids) ORDER BY request_id FOR UPDATE", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", requestIds.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var journeys = new Dictionary<Guid, JourneyState>();
        while (await reader.ReadAsync(cancellationToken))
            journeys[reader.GetGuid(0)] = new JourneyState(reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetGuid(3));
        return journeys;
    }

    /// <summary>Records the newest change of each group; an older one changes nothing. A group that left its offer keeps it named, for the notices after.</summary>
    public async Task SaveJourneys(IReadOnlyCollection<EvacuationStatusChanged> newest, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO journey (request_id, status, sequence, offer_id)
            SELECT * FROM unnest(@ids, @statuses, @sequences, @offers)
            ON CONFLICT (request_id) DO UPDATE SET status = EXCLUDED.status, sequence = EXCLUDED.sequence,
                offer_id = coalesce(EXCLUDED.offer_id, journey.offer_id),
                seat_confirmed_at = CASE WHEN EXCLUDED.offer_id IS DISTINCT FROM journey.offer_id AND EXCLUDED.offer_id IS NOT NULL THEN NULL
                                         ELSE journey.seat_confirmed_at END
            WHERE journey.sequence < EXCLUDED.sequence
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", newest.Select(change => change.RequestId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("statuses", newest.Select(change => change.Status).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("sequences", newest.Select(change => change.Sequence).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("offers", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = newest.Select(change => change.OfferId).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Notes that these groups' contacts are asked for; returns those not asked before (the others are answered or on their way).</summary>
    public async Task<IReadOnlyList<Guid>> AskContacts(IReadOnlyCollection<Guid> requestIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO contact (request_id, asked_at) SELECT id, @at FROM unnest(@ids) AS id ORDER BY id
            ON CONFLICT (request_id) DO NOTHING RETURNING request_id
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", requestIds.ToArray()));
        command.Parameters.AddWithValue("at", at);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var asked = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            asked.Add(reader.GetGuid(0));
        return asked;
    }

    /// <summary>Requests' answer: each group's contact, its language decided here; a group Requests no longer has is unreachable.</summary>
    public async Task AnswerContacts(MessageContactsOfGroups answer, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var groups = answer.Groups.OrderBy(group => group.RequestId).ToList();
        await using var command = await session.Command("""
            INSERT INTO contact (request_id, asked_at, answered_at, reference, organisation_id, phone, language, person_ids)
            SELECT id, @at, @at, reference, organisation, phone, language, people::uuid[]
            FROM unnest(@ids, @references, @organisations, @phones, @languages, @people) AS given (id, reference, organisation, phone, language, people)
            ON CONFLICT (request_id) DO UPDATE SET answered_at = EXCLUDED.answered_at, reference = EXCLUDED.reference,
                organisation_id = EXCLUDED.organisation_id, phone = EXCLUDED.phone, language = EXCLUDED.language, person_ids = EXCLUDED.person_ids;
            UPDATE contact SET answered_at = @at, phone = NULL WHERE request_id = ANY(@not_found);
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("at", at);
        p.Add(new NpgsqlParameter<Guid[]>("ids", groups.Select(group => group.RequestId).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("references", groups.Select(group => group.Reference).ToArray()));
        p.Add(new NpgsqlParameter<string[]>("organisations", groups.Select(group => group.OrganisationId).ToArray()));
        p.Add(new NpgsqlParameter("phones", NpgsqlDbType.Array | NpgsqlDbType.Text)
            { Value = groups.Select(group => group.ConsentToMessages ? Phones.E164(group.Phone) : null).ToArray() });
        p.Add(new NpgsqlParameter<string[]>("languages", groups.Select(group => MessageLanguage.For(group.Language, group.MainNationality)).ToArray()));
        // One text per group (uuids joined), unnested back into its array: unnest cannot take an array of arrays of different lengths.
        p.Add(new NpgsqlParameter<string[]>("people", groups.Select(group => "{" + string.Join(',', group.PersonIds) + "}").ToArray()));
        p.Add(new NpgsqlParameter<Guid[]>("not_found", answer.NotFound.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The group a phone that wrote in belongs to: the newest to give that number, or null when Micic does not know it.</summary>
    public async Task<GroupOfPhone?> OfPhone(string phone, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT c.request_id, c.reference, c.language, j.status, j.offer_id
            FROM contact c LEFT JOIN journey j ON j.request_id = c.request_id
            WHERE c.phone = @phone ORDER BY c.answered_at DESC, c.request_id DESC LIMIT 1
            FOR UPDATE OF c
            """, cancellationToken);
        command.Parameters.AddWithValue("phone", phone);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new GroupOfPhone(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? MessageLanguage.English : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4))
            : null;
    }

    public async Task ConfirmSeat(Guid requestId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("UPDATE journey SET seat_confirmed_at = coalesce(seat_confirmed_at, @at) WHERE request_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", requestId);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The people of groups whose messages are listed, for the audit of a read that shows their phones.</summary>
    public async Task<IReadOnlyList<(Guid RequestId, IReadOnlyList<Guid> PersonIds)>> People(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT request_id, person_ids FROM contact WHERE request_id = ANY(@ids)", cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", requestIds.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var people = new List<(Guid, IReadOnlyList<Guid>)>();
        while (await reader.ReadAsync(cancellationToken))
            people.Add((reader.GetGuid(0), reader.GetFieldValue<Guid[]>(1)));
        return people;
    }

    /// <summary>The organisation that registered a group, which may read its messages; null when Messaging never heard from Requests of it.</summary>
    public async Task<string?> OwnerOf(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("SELECT organisation_id FROM contact WHERE request_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Retention: the group's phone goes from its contact, its messages, its feedback and its call-backs (with what the caller
    /// noted); true when a phone was held (a group
    /// that never agreed to messages left none here).
    /// </summary>
    public async Task<bool> Erase(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH contact_erased AS (
                UPDATE contact SET phone = NULL, reference = NULL WHERE request_id = @id AND phone IS NOT NULL RETURNING 1),
            messages_erased AS (
                UPDATE message SET phone = NULL, text = NULL WHERE request_id = @id AND (phone IS NOT NULL OR text IS NOT NULL) RETURNING 1),
            feedback_erased AS (
                UPDATE feedback SET phone = NULL, text = NULL WHERE request_id = @id AND (phone IS NOT NULL OR text IS NOT NULL) RETURNING 1),
            call_backs_erased AS (
                UPDATE call_back SET phone = '', note = NULL WHERE request_id = @id AND (phone <> '' OR note IS NOT NULL) RETURNING 1)
            SELECT (SELECT count(*) FROM contact_erased) + (SELECT count(*) FROM messages_erased) + (SELECT count(*) FROM feedback_erased)
                 + (SELECT count(*) FROM call_backs_erased)
            """, cancellationToken);
        command.Parameters.AddWithValue("id", requestId);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }
}
