using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Domain;
using Micic.Dashboard.Live;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Npgsql;

using Micic.ServiceDefaults.Time;

namespace Micic.Dashboard.Data;

/// <summary>
/// The dashboard's figures, kept from integration events. Each event is applied once (the inbox guarantees it) and
/// in any order: a status change arriving before its request creates the row, and an older change never overwrites
/// a newer one. Every event is also kept in the <see cref="EventHistory"/>, so the figures can be rebuilt from scratch.
/// </summary>
public sealed class DashboardProjection(DbSession session, EventHistory history, FiguresChanged changed, TimeProvider clock)
{
    /// <summary>The tables the figures live in, emptied by a rebuild (the history is not one of them).</summary>
    static readonly string[] Figures = ["request_projection", "request_nationality", "offer_projection", "site_departure", "site_arrival",
        "alert", "escalation", "referral_projection", "feedback_projection", "call_back_projection", "crisis_projection", "check_in_alert", "fund_projection"];

    /// <summary>Keeps a consumed event in the history and counts it, in the consumer's transaction.</summary>
    public Task Project<T>(ConsumeContext<T> context) where T : class => Project([Received(context)], context.CancellationToken);

    /// <summary>Keeps a batch of consumed events in the history and counts them, in the consumer's transaction.</summary>
    public Task Project<T>(IEnumerable<ConsumeContext<T>> batch, CancellationToken cancellationToken) where T : class =>
        Project([.. batch.Select(Received)], cancellationToken);

    /// <summary>
    /// Keeps the events not kept before in the history — in one statement, in the order given — and counts them, in the
    /// consumer's transaction.
    /// </summary>
    public async Task Project(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        var kept = await history.Append(events, cancellationToken);
        if (kept.Count == 0)
            return;
        foreach (var recorded in events.Where(recorded => kept.Contains(recorded.MessageId)))
            await Apply(recorded.Message, recorded.SentAt, cancellationToken);
        session.AfterCommit(changed.Raise);
    }

    NewEvent Received<T>(ConsumeContext<T> context) where T : class => new(
        context.MessageId ?? throw new InvalidOperationException($"A {typeof(T).Name} came without a message id."),
        context.Message, SentAt(context));

    /// <summary>
    /// The events an envelope carries, each as an event of its own, under an id made from the envelope's and its place in
    /// it: a redelivered envelope is counted once, like any event.
    /// </summary>
    public IEnumerable<NewEvent> Carried<TEnvelope>(ConsumeContext<TEnvelope> envelope, IReadOnlyList<object> events) where TEnvelope : class
    {
        var id = envelope.MessageId ?? throw new InvalidOperationException($"A {typeof(TEnvelope).Name} came without a message id.");
        return events.Select((message, index) => new NewEvent(EnvelopeParts.IdOf(id, index), message, SentAt(envelope)));
    }

    // MassTransit stamps a message with real time; the dashboard speaks the platform's (crisis time in a replay or an exercise).
    DateTimeOffset SentAt(ConsumeContext context) => context.SentTime is { } sent ? clock.TimeAt(new DateTimeOffset(sent, TimeSpan.Zero)) : clock.GetUtcNow();

    /// <summary>
    /// Empties the figures and counts every event of the history again, in one transaction: readers see the old
    /// figures until it commits, and consumers wait for it (the history is locked against appends meanwhile).
    /// </summary>
    /// <returns>How many events were counted.</returns>
    public async Task<long> Rebuild(CancellationToken cancellationToken)
    {
        await history.LockAgainstAppends(cancellationToken);
        await using (var truncate = await session.Command($"TRUNCATE {string.Join(", ", Figures)}", cancellationToken))
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        session.AfterCommit(changed.Raise);
        long counted = 0;
        await foreach (var recorded in history.ReadAll(cancellationToken: cancellationToken))
        {
            await Apply(recorded.Message, recorded.SentAt, cancellationToken);
            counted++;
        }
        return counted;
    }

    /// <summary>The one place an event becomes figures, for live events and for rebuilds alike.</summary>
    Task Apply(object message, DateTimeOffset sentAt, CancellationToken cancellationToken) => message switch
    {
        EvacuationRequested requested => Apply(requested, cancellationToken),
        EvacuationStatusChanged change => Apply(change, cancellationToken),
        OfferPublished published => Apply(published, cancellationToken),
        OfferCapacityChanged changed => Apply(changed.OfferId, changed.Capacity, cancellationToken),
        OfferWithdrawn withdrawn => Apply(withdrawn.OfferId, withdrawn.Capacity, cancellationToken),
        SeatsHeld held => Apply(held.OfferId, held.Capacity, cancellationToken),
        SeatsReleased released => Apply(released.OfferId, released.Capacity, cancellationToken),
        MovementDeparted departed => Apply(departed, cancellationToken),
        PersonArrived arrived => Apply(arrived, cancellationToken),
        VulnerableGroupWaitingTooLong escalated => Apply(escalated, cancellationToken),
        PeopleMissingAfterDeparture missing => Apply(missing, sentAt, cancellationToken),
        ReferralChanged referral => Apply(referral, cancellationToken),
        ReferralOverdue overdue => Apply(overdue, sentAt, cancellationToken),
        ManifestHoldsSameDocument same => Apply(same, cancellationToken),
        FeedbackReceived received => Apply(received, cancellationToken),
        FeedbackAnswered answered => Apply(answered, cancellationToken),
        CallBackRequested callBack => Apply(callBack, cancellationToken),
        CallBackClosed closed => Apply(closed, cancellationToken),
        CrisisDeclared declared => Apply(declared, cancellationToken),
        CrisisAlertLevelChanged change => Apply(change, cancellationToken),
        // Kept in the history only, for the exercise's evaluation: how many households were asked.
        CheckInsAsked => Task.CompletedTask,
        CheckInAnswered answered => Apply(answered, cancellationToken),
        CheckInAlertAcknowledged acknowledged => Apply(acknowledged, cancellationToken),
        FundPositionChanged position => Apply(position, cancellationToken),
        FundRunningLow low => Apply(low, cancellationToken),
        MovementChargeRefused refused => Apply(refused, cancellationToken),
        // Kept in the history only, for the after-action report's costs.
        MovementCharged or FundCharged or ClaimApproved => Task.CompletedTask,
        ExerciseInjectDelivered delivered => Raise($"inject:{delivered.Scenario}:{delivered.InjectId}", "exercise-inject",
            RegisteredInject.AlertOf(delivered), delivered.At, cancellationToken),
        _ => throw new ArgumentException($"The dashboard does not count {message.GetType().Name}.", nameof(message)),
    };

    async Task Apply(EvacuationRequested requested, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO request_projection (request_id, people, status, status_sequence, needs, pickup_place, submitted_at)
            VALUES (@id, @people, @status, 0, @needs, @pickup, @submitted_at)
            ON CONFLICT (request_id) DO UPDATE SET needs = excluded.needs, pickup_place = excluded.pickup_place,
                submitted_at = excluded.submitted_at;
            INSERT INTO request_nationality (request_id, nationality, people)
            SELECT @id, nationality, people FROM unnest(@nationalities, @counts) AS n(nationality, people)
            ON CONFLICT DO NOTHING;
            """, cancellationToken);
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
        // A passenger who did not board now travels on a request of their own: their group counts them no more.
        if (requested.SplitFromRequestId is { } group)
            foreach (var nationality in requested.Nationalities)
                await Execute("UPDATE request_nationality SET people = people - @people WHERE request_id = @group AND nationality = @nationality",
                    cancellationToken, ("people", nationality.People), ("group", group), ("nationality", nationality.Nationality));
    }

    async Task Apply(EvacuationStatusChanged change, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO request_projection (request_id, people, status, status_sequence)
            VALUES (@id, @people, @status, @sequence)
            ON CONFLICT (request_id) DO UPDATE SET status = excluded.status, status_sequence = excluded.status_sequence,
                people = excluded.people
            WHERE request_projection.status_sequence < excluded.status_sequence
            """, cancellationToken);
        command.Parameters.AddWithValue("id", change.RequestId);
        command.Parameters.AddWithValue("people", change.GroupSize);
        command.Parameters.AddWithValue("status", change.Status);
        command.Parameters.AddWithValue("sequence", change.Sequence);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps an offer's seat figures, taking an account of its capacity only if it is newer than the one held.</summary>
    async Task Apply(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO offer_projection (offer_id, status, seats, seats_allocated, departs_at, version)
            VALUES (@id, @status, @seats, @allocated, @departs_at, @version)
            ON CONFLICT (offer_id) DO UPDATE SET status = excluded.status, seats = excluded.seats,
                seats_allocated = excluded.seats_allocated, departs_at = excluded.departs_at, version = excluded.version
            WHERE offer_projection.version < excluded.version
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("id", offerId);
        p.AddWithValue("status", capacity.Status);
        p.AddWithValue("seats", capacity.Seats);
        p.AddWithValue("allocated", capacity.SeatsAllocated);
        p.AddWithValue("departs_at", capacity.DepartsAt);
        p.AddWithValue("version", capacity.Version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task Apply(OfferPublished offer, CancellationToken cancellationToken)
    {
        await Apply(offer.OfferId, offer.Capacity, cancellationToken);
        await using var command = await session.Command("UPDATE offer_projection SET from_place = @from WHERE offer_id = @id", cancellationToken);
        command.Parameters.AddWithValue("id", offer.OfferId);
        command.Parameters.AddWithValue("from", offer.FromPlace);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    Task Apply(MovementDeparted departed, CancellationToken cancellationToken) =>
        Execute("""
            INSERT INTO site_departure (manifest_id, offer_id, site_code, passengers, departed_at) VALUES (@manifest, @offer, @site, @passengers, @at)
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("manifest", departed.ManifestId), ("offer", departed.OfferId), ("site", departed.ToPlace),
            ("passengers", departed.Passengers), ("at", departed.DepartedAt));

    Task Apply(PersonArrived arrived, CancellationToken cancellationToken) =>
        Execute("""
            INSERT INTO site_arrival (arrival_id, site_code, walk_in, arrived_at) VALUES (@arrival, @site, @walk_in, @at) ON CONFLICT DO NOTHING
            """, cancellationToken, ("arrival", arrived.ArrivalId), ("site", arrived.SiteCode), ("walk_in", arrived.WalkIn), ("at", arrived.ArrivedAt));

    async Task Apply(VulnerableGroupWaitingTooLong escalated, CancellationToken cancellationToken)
    {
        await Execute("INSERT INTO escalation (request_id, escalated_at) VALUES (@request, @at) ON CONFLICT DO NOTHING",
            cancellationToken, ("request", escalated.RequestId), ("at", escalated.EscalatedAt));
        var waited = escalated.EscalatedAt - escalated.SubmittedAt;
        await Raise($"escalated:{escalated.RequestId}", "vulnerable-waiting",
            $"A vulnerable group of {escalated.GroupSize} (priority {escalated.Priority}) has waited {Duration(waited)} for a seat"
            + (escalated.Reason is null ? "." : $": {escalated.Reason}."), escalated.EscalatedAt, cancellationToken);
    }

    Task Apply(PeopleMissingAfterDeparture missing, DateTimeOffset at, CancellationToken cancellationToken) =>
        Raise($"missing:{missing.ManifestId}", "missing",
            $"{missing.Missing} {(missing.Missing == 1 ? "person has" : "people have")} not arrived at {missing.SiteCode} after departure.", at, cancellationToken);

    // A referral's latest step wins, whatever order the steps arrive in.
    Task Apply(ReferralChanged referral, CancellationToken cancellationToken) =>
        Execute("""
            INSERT INTO referral_projection (referral_id, site_code, service, status, at) VALUES (@referral, @site, @service, @status, @at)
            ON CONFLICT (referral_id) DO UPDATE SET status = excluded.status, at = excluded.at WHERE referral_projection.at <= excluded.at
            """, cancellationToken, ("referral", referral.ReferralId), ("site", referral.SiteCode), ("service", referral.Service),
            ("status", referral.Status), ("at", referral.At));

    Task Apply(ReferralOverdue overdue, DateTimeOffset at, CancellationToken cancellationToken) =>
        Raise($"referral-overdue:{overdue.ReferralId}", "referral-overdue",
            $"A {overdue.Service} referral at {overdue.SiteCode}{(overdue.BestInterestAssessment ? " for a child" : "")} has not been accepted"
            + $"{(overdue.PartnerId is null ? "" : $" by {overdue.PartnerId}")}; it was due at {overdue.DueBy:HH:mm} UTC.", at, cancellationToken);

    // Keyed by the people, so the same warning counts once however often it is announced, and a third holder is news.
    Task Apply(ManifestHoldsSameDocument same, CancellationToken cancellationToken) =>
        Raise($"same-document:{same.ManifestId}:{string.Join(',', same.PersonIds.Order())}", "same-document",
            $"Manifest {same.ManifestId} ({same.FromPlace} → {same.ToPlace}, departs {same.DepartsAt:yyyy-MM-dd HH:mm} UTC) holds the same document"
            + $" for {same.PersonIds.Count} people of {same.RequestIds.Count} request(s): the carrier must check them before boarding; merge them if one person is registered twice.",
            same.At, cancellationToken);

    /// <summary>A wait as a person says it: hours, or minutes (or seconds) when it is short, as in a fast replay.</summary>
    static string Duration(TimeSpan wait) =>
        wait >= TimeSpan.FromHours(1) ? $"{wait.TotalHours:0} h" : wait >= TimeSpan.FromMinutes(1) ? $"{wait.TotalMinutes:0} min" : $"{wait.TotalSeconds:0} s";

    Task Raise(string key, string kind, string message, DateTimeOffset at, CancellationToken cancellationToken) =>
        Execute("INSERT INTO alert (key, kind, message, at) VALUES (@key, @kind, @message, @at) ON CONFLICT DO NOTHING",
            cancellationToken, ("key", key), ("kind", kind), ("message", message), ("at", at));

    async Task Execute(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = await session.Command(sql, cancellationToken);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Received and answered may come in either order: each fills in its own columns.
    async Task Apply(FeedbackReceived received, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO feedback_projection (feedback_id, crisis_id, category, channel, received_at) VALUES (@id, @crisis, @category, @channel, @at)
            ON CONFLICT (feedback_id) DO UPDATE SET crisis_id = coalesce(feedback_projection.crisis_id, excluded.crisis_id),
                category = excluded.category, channel = excluded.channel, received_at = excluded.received_at
            """, cancellationToken);
        command.Parameters.AddWithValue("id", received.FeedbackId);
        command.Parameters.Add(Parameters.OptionalText("crisis", received.CrisisId));
        command.Parameters.AddWithValue("category", received.Category);
        command.Parameters.AddWithValue("channel", received.Channel);
        command.Parameters.AddWithValue("at", received.At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task Apply(FeedbackAnswered answered, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO feedback_projection (feedback_id, crisis_id, category, received_at, answered_at) VALUES (@id, @crisis, @category, @received, @at)
            ON CONFLICT (feedback_id) DO UPDATE SET answered_at = excluded.answered_at
            """, cancellationToken);
        command.Parameters.AddWithValue("id", answered.FeedbackId);
        command.Parameters.Add(Parameters.OptionalText("crisis", answered.CrisisId));
        command.Parameters.AddWithValue("category", answered.Category);
        command.Parameters.AddWithValue("received", answered.ReceivedAt);
        command.Parameters.AddWithValue("at", answered.AnsweredAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task Apply(CallBackRequested callBack, CancellationToken cancellationToken)
    {
        await using var command = await session.Command(
            "INSERT INTO call_back_projection (call_back_id, at) VALUES (@id, @at) ON CONFLICT (call_back_id) DO NOTHING", cancellationToken);
        command.Parameters.AddWithValue("id", callBack.CallBackId);
        command.Parameters.AddWithValue("at", callBack.At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // A close may be counted before its request: it then creates the row, dated by the request it carries.
    Task Apply(CallBackClosed closed, CancellationToken cancellationToken) =>
        Execute("""
            INSERT INTO call_back_projection (call_back_id, at, closed_at) VALUES (@id, @at, @closed_at)
            ON CONFLICT (call_back_id) DO UPDATE SET closed_at = excluded.closed_at
            """, cancellationToken, ("id", closed.CallBackId), ("at", closed.RequestedAt), ("closed_at", closed.ClosedAt));

    async Task Apply(CrisisDeclared declared, CancellationToken cancellationToken)
    {
        await Execute("""
            INSERT INTO crisis_projection (crisis_id, name, country, areas, alert_level, level_at, declared_at)
            VALUES (@crisis, @name, @country, @areas, @level, @at, @at)
            ON CONFLICT (crisis_id) DO UPDATE SET name = excluded.name, declared_at = excluded.declared_at
            """, cancellationToken, ("crisis", declared.CrisisId), ("name", declared.Name), ("country", declared.Country),
            ("areas", declared.Areas.ToArray()), ("level", declared.AlertLevel), ("at", declared.At));
        var where = declared.Areas.Count > 0 ? $"{declared.Country}: {string.Join(", ", declared.Areas)}" : declared.Country;
        await Raise($"crisis:{declared.CrisisId}:declared", "crisis-declared",
            $"Crisis declared: {declared.Name} ({where}), alert level {declared.AlertLevel}.", declared.At, cancellationToken);
    }

    async Task Apply(CrisisAlertLevelChanged change, CancellationToken cancellationToken)
    {
        await Execute("""
            INSERT INTO crisis_projection (crisis_id, country, areas, alert_level, level_at) VALUES (@crisis, @country, @areas, @level, @at)
            ON CONFLICT (crisis_id) DO UPDATE SET alert_level = excluded.alert_level, level_at = excluded.level_at
            WHERE crisis_projection.level_at < excluded.level_at
            """, cancellationToken, ("crisis", change.CrisisId), ("country", change.Country), ("areas", change.Areas.ToArray()),
            ("level", change.To), ("at", change.At));
        await Execute("""
            INSERT INTO alert (key, kind, message, at)
            SELECT @key, 'crisis-alert-level', format('%s (%s): alert level %s → %s.', coalesce(name, 'A declared crisis'), country, @from, @to), @at
            FROM crisis_projection WHERE crisis_id = @crisis
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("key", $"crisis:{change.CrisisId}:{change.At.UtcTicks}"), ("crisis", change.CrisisId),
            ("from", change.From), ("to", change.To), ("at", change.At));
    }

    // The latest answer wins, whatever order they arrive in (CheckInAlert.Answered); a digit that is no answer changes nothing.
    Task Apply(CheckInAnswered answered, CancellationToken cancellationToken) => !CheckInAlert.IsAnswer(answered.Answer)
        ? Task.CompletedTask
        : Execute("""
            INSERT INTO check_in_alert (id, crisis_id, registration_id, nationality, answer, answered_at)
            VALUES (@id, @crisis, @registration, @nationality, @answer, @at)
            ON CONFLICT (crisis_id, registration_id) DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at
            WHERE check_in_alert.answered_at < excluded.answered_at
            """, cancellationToken, ("id", CheckInAlert.IdOf(answered.CrisisId, answered.RegistrationId)), ("crisis", answered.CrisisId),
            ("registration", answered.RegistrationId), ("nationality", answered.Nationality), ("answer", answered.Answer), ("at", answered.At));

    // Acknowledgements are made from the row as it stood (CheckInAlert.Acknowledge); on a rebuild the latest one stands.
    Task Apply(CheckInAlertAcknowledged acknowledged, CancellationToken cancellationToken) =>
        Execute("""
            UPDATE check_in_alert SET acknowledged_answer_at = @answered_at, acknowledged_at = @at, acknowledged_by = @by
            WHERE crisis_id = @crisis AND registration_id = @registration
              AND (acknowledged_answer_at IS NULL OR acknowledged_answer_at <= @answered_at)
            """, cancellationToken, ("crisis", acknowledged.CrisisId), ("registration", acknowledged.RegistrationId),
            ("answered_at", acknowledged.AnsweredAt), ("at", acknowledged.At), ("by", acknowledged.OrganisationId));

    // A fund's latest position wins, whatever order positions arrive in; a warning read first leaves its threshold.
    async Task Apply(FundPositionChanged position, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO fund_projection (fund_id, name, donor_organisation_id, currency, pledged, received, committed, spent, balance, days_left, position_at)
            VALUES (@fund, @name, @donor, @currency, @pledged, @received, @committed, @spent, @balance, @days_left, @at)
            ON CONFLICT (fund_id) DO UPDATE SET name = excluded.name, donor_organisation_id = excluded.donor_organisation_id,
                currency = excluded.currency, pledged = excluded.pledged, received = excluded.received, committed = excluded.committed,
                spent = excluded.spent, balance = excluded.balance, days_left = excluded.days_left, position_at = excluded.position_at
            WHERE fund_projection.position_at <= excluded.position_at
            """, cancellationToken);
        var p = command.Parameters;
        p.AddWithValue("fund", position.FundId);
        p.AddWithValue("name", position.Name);
        p.Add(Parameters.OptionalText("donor", position.DonorOrganisationId));
        p.AddWithValue("currency", position.Currency);
        p.AddWithValue("pledged", position.Pledged);
        p.AddWithValue("received", position.Received);
        p.AddWithValue("committed", position.Committed);
        p.AddWithValue("spent", position.Spent);
        p.AddWithValue("balance", position.Balance);
        p.Add(Parameters.Optional("days_left", position.DaysLeftAtRecentBurn, NpgsqlTypes.NpgsqlDbType.Numeric));
        p.AddWithValue("at", position.At);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    async Task Apply(FundRunningLow low, CancellationToken cancellationToken)
    {
        await Execute("""
            INSERT INTO fund_projection (fund_id, name, currency, balance, days_left, position_at, alert_days, running_low_at)
            VALUES (@fund, @name, @currency, @balance, @days_left, '-infinity', @alert_days, @at)
            ON CONFLICT (fund_id) DO UPDATE SET alert_days = excluded.alert_days,
                running_low_at = greatest(fund_projection.running_low_at, excluded.running_low_at)
            """, cancellationToken, ("fund", low.FundId), ("name", low.Name), ("currency", low.Currency), ("balance", low.Balance),
            ("days_left", low.DaysLeft), ("alert_days", low.AlertDays), ("at", low.At));
        await Raise($"fund-running-low:{low.FundId}:{low.At.UtcTicks}", FundAlerts.RunningLowKind, FundAlerts.RunningLow(low), low.At, cancellationToken);
    }

    // Keyed by the movement and the moment, so that a second refusal (another fund chosen that cannot pay either) is news too.
    async Task Apply(MovementChargeRefused refused, CancellationToken cancellationToken)
    {
        string? fromPlace;
        await using (var command = await session.Command("SELECT from_place FROM offer_projection WHERE offer_id = @offer", cancellationToken))
        {
            command.Parameters.AddWithValue("offer", refused.OfferId);
            fromPlace = await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        await Raise($"charge-refused:{refused.ManifestId}:{refused.At.UtcTicks}", FundAlerts.ChargeRefusedKind, FundAlerts.ChargeRefused(refused, fromPlace),
            refused.At, cancellationToken);
    }

    /// <summary>Every figure the dashboard shows, as of <paramref name="now"/>: counts and codes only, never a name.</summary>
    public async Task<Summary> Summary(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = await session.Batch(cancellationToken);
        // The statuses are the words the contracts carry; waiting means submitted or pending.
        void Query(string sql) => batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<DateTimeOffset>("now", now), new NpgsqlParameter<string>("pending", RequestStatus.Pending),
                new NpgsqlParameter<string[]>("waiting", [RequestStatus.Submitted, RequestStatus.Pending]),
                new NpgsqlParameter<string>("open", OfferStatus.Open),
            },
        });
        Query("SELECT status, sum(people)::int FROM request_projection GROUP BY status");
        Query("""
            SELECT n.nationality, sum(n.people)::int,
                   coalesce(sum(n.people) FILTER (WHERE r.status = ANY(@waiting)), 0)::int
            FROM request_nationality n JOIN request_projection r USING (request_id)
            GROUP BY n.nationality ORDER BY 2 DESC, 1
            """);
        Query("""
            SELECT pickup_place, sum(people)::int, coalesce(sum(people) FILTER (WHERE status = ANY(@waiting)), 0)::int
            FROM request_projection WHERE pickup_place IS NOT NULL GROUP BY pickup_place ORDER BY 3 DESC, 2 DESC, 1
            """);
        Query("""
            SELECT count(*) FILTER (WHERE status = @open)::int,
                   coalesce(sum(seats) FILTER (WHERE status = @open), 0)::int,
                   coalesce(sum(seats_allocated) FILTER (WHERE status = @open), 0)::int
            FROM offer_projection
            """);
        Query("SELECT coalesce(sum(people), 0)::int FROM request_projection WHERE status = @pending AND needs <> 0");
        Query("""
            SELECT r.request_id, r.people, r.needs, r.pickup_place, r.submitted_at, e.escalated_at IS NOT NULL
            FROM request_projection r LEFT JOIN escalation e USING (request_id)
            WHERE r.status = @pending AND r.needs <> 0 AND r.submitted_at IS NOT NULL
            ORDER BY r.submitted_at LIMIT 12
            """);
        Query("""
            SELECT site_code, sum(arrived_today)::int, greatest(sum(departed) - sum(arrived_expected), 0)::int FROM (
                SELECT site_code, 0 AS arrived_today, passengers AS departed, 0 AS arrived_expected FROM site_departure
                UNION ALL
                SELECT site_code, CASE WHEN (arrived_at AT TIME ZONE 'UTC')::date = (@now AT TIME ZONE 'UTC')::date THEN 1 ELSE 0 END, 0,
                       CASE WHEN walk_in THEN 0 ELSE 1 END FROM site_arrival) figures
            GROUP BY site_code ORDER BY 3 DESC, 2 DESC, site_code
            """);
        Query("SELECT kind, message, at FROM alert ORDER BY at DESC LIMIT 20");
        Query("SELECT service, status, count(*)::int FROM referral_projection GROUP BY service, status ORDER BY service, status");
        Query("""
            SELECT from_place, seats - seats_allocated, departs_at FROM offer_projection
            WHERE status = @open AND seats > seats_allocated AND departs_at BETWEEN @now AND @now + interval '6 hours'
            ORDER BY departs_at LIMIT 10
            """);
        Query("""
            SELECT o.from_place, d.site_code, sum(d.passengers)::int, max(d.departed_at)
            FROM site_departure d JOIN offer_projection o USING (offer_id)
            WHERE d.departed_at > @now - interval '24 hours' AND o.from_place IS NOT NULL
            GROUP BY o.from_place, d.site_code ORDER BY 3 DESC
            """);
        Query("""
            SELECT bucket, sum(submitted)::int, sum(departed)::int, sum(arrived)::int FROM (
                SELECT date_bin('1 hour', submitted_at, 'epoch') AS bucket, people AS submitted, 0 AS departed, 0 AS arrived
                FROM request_projection WHERE submitted_at > @now - interval '24 hours'
                UNION ALL SELECT date_bin('1 hour', departed_at, 'epoch'), 0, passengers, 0 FROM site_departure WHERE departed_at > @now - interval '24 hours'
                UNION ALL SELECT date_bin('1 hour', arrived_at, 'epoch'), 0, 0, 1 FROM site_arrival WHERE arrived_at > @now - interval '24 hours') t
            GROUP BY bucket ORDER BY bucket
            """);
        Query("""
            SELECT category, count(*) FILTER (WHERE received_at IS NOT NULL)::int, count(*) FILTER (WHERE answered_at IS NOT NULL)::int
            FROM feedback_projection WHERE category IS NOT NULL GROUP BY category ORDER BY category
            """);
        Query("SELECT count(*)::int, count(*) FILTER (WHERE closed_at IS NULL)::int FROM call_back_projection");
        Query("""
            SELECT crisis_id, name, country, areas, alert_level, level_at, declared_at FROM crisis_projection
            WHERE name IS NOT NULL ORDER BY declared_at DESC LIMIT 20
            """);
        Query($"""
            SELECT crisis_id, nationality, count(*)::int, min(answered_at) FROM check_in_alert WHERE {CheckInAlerts.Open}
            GROUP BY crisis_id, nationality ORDER BY 3 DESC, 2, 1
            """);

        Query("""
            SELECT fund_id, name, currency, pledged, received, committed, spent, balance, days_left,
                   coalesce(alert_days, (SELECT max(alert_days) FROM fund_projection))
            FROM fund_projection WHERE position_at > '-infinity' ORDER BY name, fund_id
            """);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        async Task<List<T>> Rows<T>(Func<NpgsqlDataReader, T> read)
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(read(reader));
            await reader.NextResultAsync(cancellationToken);
            return rows;
        }

        var byStatus = (await Rows(r => (Status: r.GetString(0), People: r.GetInt32(1)))).ToDictionary(row => row.Status, row => row.People);
        var byNationality = await Rows(r => new NationalityFigures(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        var byPickupPlace = await Rows(r => new PlaceFigures(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        var offers = (await Rows(r => new OfferFigures(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2)))).Single();
        var unmatchedVulnerable = (await Rows(r => r.GetInt32(0))).Single();
        var queue = await Rows(r => new WaitingGroupFigures(r.GetGuid(0), r.GetInt32(1), NeedNames.Names((Needs)r.GetInt32(2)).ToList(),
            r.GetString(3), r.GetFieldValue<DateTimeOffset>(4), Math.Round((now - r.GetFieldValue<DateTimeOffset>(4)).TotalHours, 1), r.GetBoolean(5)));
        var sites = await Rows(r => new SiteFigures(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        var alerts = await Rows(r => new Alert(r.GetString(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
        var referrals = await Rows(r => new ReferralFigures(r.GetString(0), r.GetString(1), r.GetInt32(2)));
        var departingSoon = await Rows(r => new Alert("seats-unused",
            $"An offer from {r.GetString(0)} leaves at {r.GetFieldValue<DateTimeOffset>(2):HH:mm} UTC with {r.GetInt32(1)} free seats.",
            r.GetFieldValue<DateTimeOffset>(2)));
        var movements = await Rows(r => new MovementFigures(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetFieldValue<DateTimeOffset>(3)));
        var timeline = await Rows(r => new TimelinePoint(r.GetFieldValue<DateTimeOffset>(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3)));
        var feedback = await Rows(r => new FeedbackCategoryFigures(r.GetString(0), r.GetInt32(1), r.GetInt32(2)));
        var callBacks = (await Rows(r => (Asked: r.GetInt32(0), Open: r.GetInt32(1)))).Single();
        var crises = await Rows(r => new DeclaredCrisisFigures(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3),
            r.GetInt32(4), r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<DateTimeOffset>(6)));
        var checkInAlerts = await Rows(CheckInAlerts.ReadCount);
        var funds = await Rows(r => FundFigures.Of(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetDecimal(3), r.GetDecimal(4), r.GetDecimal(5),
            r.GetDecimal(6), r.GetDecimal(7), r.IsDBNull(8) ? null : r.GetDecimal(8), r.IsDBNull(9) ? null : r.GetInt32(9)));

        int People(string status) => byStatus.GetValueOrDefault(status);
        return new Summary(
            new PeopleFigures(People(RequestStatus.Submitted), People(RequestStatus.Pending), People(RequestStatus.Matched),
                People(RequestStatus.Manifested), People(RequestStatus.Departed), People(RequestStatus.InTransit),
                People(RequestStatus.Completed), People(RequestStatus.Cancelled)),
            byNationality, offers, unmatchedVulnerable, sites, [.. departingSoon, .. alerts], byPickupPlace, queue, timeline, referrals, movements,
            new FeedbackFigures(feedback, callBacks.Asked, callBacks.Open), crises, checkInAlerts, now, funds);
    }
}

public sealed record Summary(
    PeopleFigures People, IReadOnlyList<NationalityFigures> ByNationality, OfferFigures Offers, int UnmatchedVulnerable,
    IReadOnlyList<SiteFigures> Sites, IReadOnlyList<Alert> Alerts,
    IReadOnlyList<PlaceFigures> ByPickupPlace, IReadOnlyList<WaitingGroupFigures> VulnerableQueue, IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyList<ReferralFigures> Referrals, IReadOnlyList<MovementFigures> Movements, FeedbackFigures Feedback,
    IReadOnlyList<DeclaredCrisisFigures> Crises, IReadOnlyList<CheckInAlertCount> CheckInAlerts, DateTimeOffset AsOf,
    IReadOnlyList<FundFigures> Funds);

/// <summary>
/// A fund as Funds last told of it, exact money in its currency. <c>daysLeftAtRecentBurn</c> is null while it spent
/// nothing in the last week (the page shows "—"); <c>runningLow</c> when it has run dry or lasts fewer days than
/// coordinators are warned at (<c>alertDays</c>, Funds' threshold, when known).
/// </summary>
public sealed record FundFigures(Guid Id, string Name, string Currency, decimal Pledged, decimal Received, decimal Committed, decimal Spent, decimal Balance,
    decimal? DaysLeftAtRecentBurn, int? AlertDays, bool RunningLow)
{
    public static FundFigures Of(Guid id, string name, string currency, decimal pledged, decimal received, decimal committed, decimal spent,
        decimal balance, decimal? daysLeft, int? alertDays) =>
        new(id, name, currency, pledged, received, committed, spent, balance, daysLeft, alertDays,
            FundAlerts.IsRunningLow(balance, received, daysLeft, alertDays));
}

/// <summary>A crisis coordinators declared, at its current alert level (1 watch … 4 mandatory departure) since <c>levelSince</c>.</summary>
public sealed record DeclaredCrisisFigures(string Id, string Name, string Country, IReadOnlyList<string> Areas, int AlertLevel, DateTimeOffset LevelSince,
    DateTimeOffset DeclaredAt);

/// <summary>
/// What people said, counted by category (received, answered), and the call-backs they asked for — all of them, and those
/// still open, to be called; never a word of it.
/// </summary>
public sealed record FeedbackFigures(IReadOnlyList<FeedbackCategoryFigures> ByCategory, int CallBacks, int OpenCallBacks);

public sealed record FeedbackCategoryFigures(string Category, int Received, int Answered);

/// <summary>People who left one place for another in the last 24 hours (the map draws them as lines).</summary>
public sealed record MovementFigures(string FromPlace, string ToPlace, int Passengers, DateTimeOffset LastDepartedAt);

/// <summary>How many referrals for a service are in a status: counts, never the people.</summary>
public sealed record ReferralFigures(string Service, string Status, int Referrals);

public sealed record PlaceFigures(string Code, int People, int Waiting);

/// <summary>A vulnerable group waiting for a seat: its size, needs and wait — no one's name.</summary>
public sealed record WaitingGroupFigures(Guid RequestId, int People, IReadOnlyList<string> Needs, string PickupPlace, DateTimeOffset SubmittedAt,
    double HoursWaiting, bool Escalated);

public sealed record TimelinePoint(DateTimeOffset Hour, int Submitted, int Departed, int Arrived);

public sealed record PeopleFigures(int Submitted, int Pending, int Matched, int Manifested, int Departed, int InTransit, int Completed, int Cancelled);

public sealed record NationalityFigures(string Nationality, int People, int Waiting);

public sealed record OfferFigures(int Open, int Seats, int Allocated);

public sealed record SiteFigures(string Code, int ArrivedToday, int Expected);

public sealed record Alert(string Kind, string Message, DateTimeOffset At);
