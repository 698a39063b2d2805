using Micic.Contracts;
using Micic.Persistence.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Npgsql;
using NpgsqlTypes;

namespace Micic.Requests.Data;

/// <summary>Possible duplicates: the keys the check locks, the candidates it compares, the flags and their review.</summary>
public sealed class PossibleDuplicateStore(DbSession session)
{
    /// <summary>Requests whose people a new request may duplicate: not cancelled, and the group not gone yet.</summary>
    static readonly string[] Open = [RequestStatus.Submitted, RequestStatus.Pending, RequestStatus.Matched, RequestStatus.Manifested];

    /// <summary>
    /// Before a large intake is compared (<see cref="Candidates"/>): PostgreSQL plans the comparison from what it last
    /// learnt of the tables, and on a new database — or when one intake brings more people than a tenth of those it knew
    /// of — that picture makes it walk every open request for every newcomer: a first import of 5,000 people took half a
    /// minute instead of a second. Re-reading the tables in this unit of work, the people just taken in included, costs
    /// milliseconds. Done before any key is locked, so that two intakes waiting on each other's reading never hold what
    /// the other needs.
    /// </summary>
    public async Task LearnOfNewcomers(int people, CancellationToken cancellationToken)
    {
        if (people < 100)
            return; // a family or a few: the tables' own statistics catch up as they grow
        await using (var known = await session.Command("SELECT reltuples FROM pg_class WHERE oid = 'person'::regclass", cancellationToken))
            if (await known.ExecuteScalarAsync(cancellationToken) is float rows && people * 10 < rows)
                return;
        await using var analyze = await session.Command("ANALYZE person, evacuation_request", cancellationToken);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Locks these keys until the unit of work ends, in one order so that two desks never wait on each other: a desk
    /// taking in someone another desk is taking in at that moment waits for it, then finds its person.
    /// </summary>
    public async Task LockKeys(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO duplicate_check (key_hash)
            SELECT DISTINCT hashtextextended(key, 0) FROM unnest(@keys) AS key ORDER BY 1
            ON CONFLICT (key_hash) DO UPDATE SET key_hash = excluded.key_hash
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys.Distinct().ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The people of these requests paired with the people of other open requests of the same crisis who share a key with
    /// them (for names, where birth dates do not tell them apart already), a key shared by more than
    /// <see cref="PossibleDuplicates.MostSharingAKey"/> counting for nothing; <see cref="PossibleDuplicates.Match"/> decides.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>> Candidates(IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            WITH taken AS (
                SELECT p.id, p.request_id, p.document_key, p.identity_key, p.birth_date, r.crisis_id
                FROM person p JOIN evacuation_request r ON r.id = p.request_id WHERE p.request_id = ANY(@requests)),
            alike AS (
                SELECT t.id AS person, o.id AS other, count(*) OVER (PARTITION BY t.id) AS sharing
                FROM taken t CROSS JOIN LATERAL (
                    SELECT o.id FROM person o JOIN evacuation_request r ON r.id = o.request_id
                    WHERE o.document_key = t.document_key AND o.request_id <> t.request_id
                      AND r.crisis_id = t.crisis_id AND r.cancelled_at IS NULL AND r.status = ANY(@open)
                    LIMIT @most + 1) o
                UNION ALL
                SELECT t.id, o.id, count(*) OVER (PARTITION BY t.id)
                FROM taken t CROSS JOIN LATERAL (
                    SELECT o.id FROM person o JOIN evacuation_request r ON r.id = o.request_id
                    WHERE o.identity_key = t.identity_key AND o.request_id <> t.request_id
                      AND (t.birth_date IS NULL OR o.birth_date IS NULL OR t.birth_date = o.birth_date)
                      AND r.crisis_id = t.crisis_id AND r.cancelled_at IS NULL AND r.status = ANY(@open)
                    LIMIT @most + 1) o)
            SELECT DISTINCT ON (n.id, o.id)
                   n.request_id, n.id, n.given_name, n.family_name, n.sex, n.birth_date, n.age, n.nationality, n.document_number,
                   o.request_id, o.id, o.given_name, o.family_name, o.sex, o.birth_date, o.age, o.nationality, o.document_number
            FROM alike JOIN person n ON n.id = alike.person JOIN person o ON o.id = alike.other
            WHERE alike.sharing <= @most
            """, cancellationToken);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("requests", [.. requestIds]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("open", Open));
        command.Parameters.Add(new NpgsqlParameter<int>("most", PossibleDuplicates.MostSharingAKey));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var candidates = new List<Candidate>();
        while (await reader.ReadAsync(cancellationToken))
            candidates.Add(new Candidate(reader.GetGuid(0), reader.GetGuid(1), Identity(reader, 2), reader.GetGuid(9), reader.GetGuid(10), Identity(reader, 11)));
        return candidates;
    }

    static PersonIdentity Identity(NpgsqlDataReader reader, int at) => new(
        reader.GetString(at), reader.GetString(at + 1), reader.GetString(at + 2),
        reader.IsDBNull(at + 3) ? null : reader.GetFieldValue<DateOnly>(at + 3), reader.IsDBNull(at + 4) ? null : reader.GetInt32(at + 4),
        reader.GetString(at + 5), reader.IsDBNull(at + 6) ? null : reader.GetString(at + 6));

    /// <summary>Stores the flags as open possible duplicates; a pair flagged already is left as it is.</summary>
    public async Task Insert(IReadOnlyList<(DuplicateFlag Flag, string CrisisId)> flags, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (flags.Count == 0)
            return;
        var ids = flags.Select(_ => Guid.CreateVersion7(at)).ToArray();
        var people = flags.SelectMany((flagged, i) => flagged.Flag.People.Select(person => (Duplicate: ids[i], person))).ToList();
        await using var command = await session.Command("""
            WITH flag AS (
                INSERT INTO possible_duplicate (id, crisis_id, first_request_id, second_request_id, reason, status, flagged_at)
                SELECT *, @status, @at FROM unnest(@id, @crisis, @first, @second, @reason)
                ON CONFLICT DO NOTHING
                RETURNING id)
            INSERT INTO possible_duplicate_person (duplicate_id, person_id, request_id)
            SELECT * FROM unnest(@duplicate, @person, @request) AS flagged (duplicate_id, person_id, request_id)
            WHERE duplicate_id IN (SELECT id FROM flag)
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("status", DuplicateStatus.Open);
        p.AddWithValue("at", at);
        p.Add(new NpgsqlParameter<Guid[]>("id", ids));
        p.Add(new NpgsqlParameter<string[]>("crisis", [.. flags.Select(flagged => flagged.CrisisId)]));
        p.Add(new NpgsqlParameter<Guid[]>("first", [.. flags.Select(flagged => flagged.Flag.FirstRequestId)]));
        p.Add(new NpgsqlParameter<Guid[]>("second", [.. flags.Select(flagged => flagged.Flag.SecondRequestId)]));
        p.Add(new NpgsqlParameter<string[]>("reason", [.. flags.Select(flagged => WireName(flagged.Flag.Reason))]));
        p.Add(new NpgsqlParameter<Guid[]>("duplicate", [.. people.Select(row => row.Duplicate)]));
        p.Add(new NpgsqlParameter<Guid[]>("person", [.. people.Select(row => row.person.PersonId)]));
        p.Add(new NpgsqlParameter<Guid[]>("request", [.. people.Select(row => row.person.RequestId)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static string WireName(DuplicateReason reason) => reason switch
    {
        DuplicateReason.Document => "document",
        _ => "identity",
    };

    /// <summary>A possible duplicate, locked against a concurrent review; null if there is none.</summary>
    public async Task<PossibleDuplicate?> Lock(Guid id, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT first_request_id, second_request_id, status FROM possible_duplicate WHERE id = @id FOR UPDATE;
            SELECT person_id, request_id FROM possible_duplicate_person WHERE duplicate_id = @id;
            """, cancellationToken);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var (first, second, status) = (reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2));
        await reader.NextResultAsync(cancellationToken);
        var people = new List<FlaggedPerson>();
        while (await reader.ReadAsync(cancellationToken))
            people.Add(new FlaggedPerson(reader.GetGuid(0), reader.GetGuid(1)));
        return new PossibleDuplicate(id, first, second, status, people);
    }

    /// <summary>Closes the review of a locked possible duplicate: by whom, when, why, and which request was kept.</summary>
    public async Task Resolve(Guid id, string status, Guid? keptRequestId, FieldWorker by, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            UPDATE possible_duplicate
            SET status = @status, kept_request_id = @kept, resolved_by_id = @by_id, resolved_by_name = @by_name,
                resolution_reason = @reason, resolved_at = @at
            WHERE id = @id
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", id);
        p.AddWithValue("status", status);
        p.Add(Parameters.Optional("kept", keptRequestId, NpgsqlDbType.Uuid));
        p.AddWithValue("by_id", by.Id);
        p.AddWithValue("by_name", by.Name);
        p.AddWithValue("reason", reason);
        p.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Possible duplicates the caller may see, newest first: all for a coordinator; for a consulate, those where one of its
    /// nationals looks like someone, in a group that consented to sharing.
    /// </summary>
    public async Task<(IReadOnlyList<ListedDuplicate> Items, long Total)> List(DuplicateScope scope, Guid? id, string? crisisId,
        string? status, PageRequest page, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("", cancellationToken);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<bool>("all", scope.Everything));
        p.Add(new NpgsqlParameter<string[]>("nationalities", [.. scope.Nationalities]));
        p.Add(Parameters.Optional("id", id, NpgsqlDbType.Uuid));
        p.Add(Parameters.OptionalText("crisis", crisisId));
        p.Add(Parameters.OptionalText("status", status));
        return await PagedQuery.Read(command,
            """
            d.id, d.crisis_id, d.first_request_id, d.second_request_id, d.reason, d.status, d.flagged_at, d.resolved_at, d.resolved_by_id,
            d.resolved_by_name, d.resolution_reason, d.kept_request_id,
            (SELECT array_agg(f.person_id ORDER BY f.request_id = d.second_request_id, f.person_id) FROM possible_duplicate_person f WHERE f.duplicate_id = d.id),
            (SELECT array_agg(f.request_id ORDER BY f.request_id = d.second_request_id, f.person_id) FROM possible_duplicate_person f WHERE f.duplicate_id = d.id)
            """,
            """
            FROM possible_duplicate d
            WHERE (@id::uuid IS NULL OR d.id = @id)
              AND (@crisis::text IS NULL OR d.crisis_id = @crisis)
              AND (@status::text IS NULL OR d.status = @status)
              AND (@all OR EXISTS (
                    SELECT 1 FROM possible_duplicate_person f
                    JOIN person p ON p.id = f.person_id JOIN evacuation_request r ON r.id = f.request_id
                    WHERE f.duplicate_id = d.id AND r.consent_to_share_with_consulate AND p.nationality = ANY(@nationalities)))
            """,
            "d.flagged_at DESC, d.id", (page.PageSize, page.Offset),
            reader => new ListedDuplicate(
                reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : new DuplicateResolution(reader.GetFieldValue<DateTimeOffset>(7),
                    new FieldWorker(reader.GetString(8), reader.GetString(9)), reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetGuid(11)),
                reader.GetFieldValue<Guid[]>(12).Zip(reader.GetFieldValue<Guid[]>(13), (person, request) => new FlaggedPerson(person, request)).ToList()),
            cancellationToken);
    }

    /// <summary>The possible duplicates a request is part of, oldest first.</summary>
    public async Task<IReadOnlyList<DuplicateOfRequest>> OfRequest(Guid requestId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            SELECT id, CASE WHEN first_request_id = @request THEN second_request_id ELSE first_request_id END, reason, status
            FROM possible_duplicate WHERE first_request_id = @request OR second_request_id = @request
            ORDER BY flagged_at, id
            """, cancellationToken);
        command.Parameters.AddWithValue("request", requestId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var duplicates = new List<DuplicateOfRequest>();
        while (await reader.ReadAsync(cancellationToken))
            duplicates.Add(new DuplicateOfRequest(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        return duplicates;
    }
}

/// <summary>Whose possible duplicates a caller may see: all, or those of a consulate's nationals.</summary>
public sealed record DuplicateScope(bool Everything, IReadOnlySet<string> Nationalities);

/// <summary>A possible duplicate as listed: its two requests, who looks alike, and its review.</summary>
public sealed record ListedDuplicate(Guid Id, string CrisisId, Guid FirstRequestId, Guid SecondRequestId, string Reason, string Status,
    DateTimeOffset FlaggedAt, DuplicateResolution? Resolution, IReadOnlyList<FlaggedPerson> People);

/// <summary>How the review of a possible duplicate ended.</summary>
public sealed record DuplicateResolution(DateTimeOffset At, FieldWorker By, string Reason, Guid? KeptRequestId);

/// <summary>A possible duplicate as a request's view mentions it.</summary>
public sealed record DuplicateOfRequest(Guid Id, Guid OtherRequestId, string Reason, string Status);
