using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Sms;

namespace Micic.Replay;

/// <summary>What was asked of a replay: which scenario, how many people, how much faster than real time.</summary>
/// <param name="Speed">Crisis time per unit of real time: 720 plays a crisis day in two minutes.</param>
/// <param name="RegisteredShare">The share of each nationality its consulate registers before the crisis.</param>
/// <param name="Phones">The simulated operator's folder, where the registered people answer their check-ins; none: no check-ins.</param>
public sealed record ReplaySettings(string Scenario, int People, double Speed, double RegisteredShare = 0, string? Phones = null)
{
    /// <summary>Real time for a span of crisis time.</summary>
    public TimeSpan Real(double crisisHours) => TimeSpan.FromHours(crisisHours / Speed);
}

/// <summary>How a replay ended.</summary>
public sealed record ReplayReport(int People, int WalkIns, int Movements, int Departed, int Arrived, int Missing, int WaitingWithoutRoute,
    TimeSpan Took, bool Finished)
{
    public override string ToString() =>
        $"{People} people ({WalkIns} of them walked in at a border), {Movements} movements, {Departed} departed, {Arrived} arrivals logged, " +
        $"{Missing} never arrived, {WaitingWithoutRoute} still waiting with no route, in {Took.TotalSeconds:0} s";
}

/// <summary>
/// Plays a crisis through the gateway as its real clients would: before it, consulates register a share of their nationals
/// and the crisis is declared at alert level 3, whose check-ins the registered people answer on their phones
/// (<see cref="RegisteredNationals"/>); then intake desks submit families (one by one or as CSV
/// lists), people cross borders on their own and are received there, the movement desk charters buses, ships and
/// flights where people wait, carriers close and board their manifests with consulates issuing laissez-passer, and
/// the receiving sites log who arrives and send them on. Everything goes through the public API with each
/// organisation's own credentials; nothing is written behind the platform's back.
/// </summary>
public sealed partial class CrisisReplay(CrisisScenario scenario, SeedData seeds, GatewayClient gateway, ReplaySettings settings, TimeProvider clock,
    ExerciseMode exercise, Action<string> log)
{
    const string Coordinator = "iom";
    const int CsvThreshold = 25;       // groups due at once: from here on the intake desk uploads a list
    const int InFlight = 4;            // calls in flight at once at a desk: a busy desk, not a flood
    const int MovementsAtOnce = 8;     // movements boarding, departing or arriving side by side, each at its own quay or border
    const int AtTheBorder = 16;        // calls in flight at once receiving people at a site: several officers at their desks
    const int BoardingList = 1000;     // passengers a carrier syncs in one boarding call, the most the platform takes
    const int WaitingListHead = 10_000; // groups at the head of the waiting list the movement desk plans for at each tick
    static readonly string[] IntakeDesks = ["unhcr", "icrc", "iom"];
    const int NoShowDraw = 0x6e6f, MissingDraw = 0x6d69, DeclineDraw = 0x6465, ScreeningDraw = 0x7363;
    static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);
    // The report's waits in the progress lines: a report over 100,000 people costs the dashboard a second or more.
    static readonly TimeSpan WaitsEvery = TimeSpan.FromMinutes(2);
    // However fast the replay, matching, consulates and boarding need a few real seconds between charter and departure.
    static readonly TimeSpan ShortestRealLead = TimeSpan.FromSeconds(15);
    // A machine too small for the chosen size and speed only makes the replay take longer; it gives up only once the
    // crisis is well over and nothing at all has moved for this long.
    static readonly TimeSpan StallLimit = TimeSpan.FromMinutes(5);

    // The desks work side by side (registration, charters, movements, partners): what more than one of them touches is
    // shared safely — the movements under way by charter number, the counts by Interlocked, the undocumented under a lock.
    readonly string _run = Guid.NewGuid().ToString("N")[..8];
    readonly ConcurrentDictionary<int, Movement> _movements = new();
    readonly HashSet<Guid> _undocumented = [];
    readonly CharterDesk _desk = new(scenario, code => seeds.Places.GetValueOrDefault(code)?.Country,
        country => seeds.Places.Values.Where(p => p.Country == country && p.Kind == "airport").Select(p => p.Code).Order(StringComparer.Ordinal).FirstOrDefault());
    // Real time since the replay began: for its own patience and its report; everything it tells the platform is crisis time.
    readonly System.Diagnostics.Stopwatch _running = new();
    int _charters, _departed, _arrived, _missing, _walkIns, _people, _withoutRoute;

    public async Task<ReplayReport> RunAsync(CancellationToken cancellationToken)
    {
        var intake = Intake();
        var total = intake.Sum(due => due.Group.People.Count);
        log($"replaying {Path.GetFileNameWithoutExtension(settings.Scenario)}: {total} people over {scenario.Days} crisis days, a crisis hour every {settings.Real(1).TotalSeconds:0.#} s");
        SayWhoPlays();
        var tick = TimeSpan.FromSeconds(Math.Clamp(settings.Real(1).TotalSeconds, 0.5, 5));
        var (nationals, outboxFrom) = await BeforeTheCrisis(intake, cancellationToken);
        await OpenFunds(cancellationToken);
        _running.Start();
        var start = clock.GetUtcNow();
        // Each desk keeps its own pace: the registration desks the crisis's, the movement desk its movements' clocks, the
        // partners their referrals, the registered people their phones. Boarding a ship of a thousand, or receiving it at a
        // border, never holds back the charters registered for the people who wait, nor the people who come forward meanwhile.
        using var over = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var desks = Task.WhenAll(ComeForward(intake, start, tick, over.Token),
            nationals?.Answer(outboxFrom, start, tick, people => Interlocked.Add(ref _people, people), over.Token) ?? Task.CompletedTask);
        Task[] alongside =
        [
            desks,
            EveryTick("a movement step", Move, tick, over.Token),
            EveryTick("a referral step", WorkReferrals, tick, over.Token),
            EveryTick("an inject step", FollowInjects, tick, over.Token),
            EveryTick("a funds step", token => Finance(start, token), tick, over.Token),
            Watch(start, nationals, over.Token),
        ];
        ReplayReport report;
        try
        {
            report = await CharterUntilSettled(start, tick, desks, alongside, cancellationToken);
        }
        finally
        {
            await over.CancelAsync();
            try
            {
                await Task.WhenAll(alongside);
            }
            catch (OperationCanceledException) when (over.IsCancellationRequested)
            {
                // Over: the desks' last rounds cut short.
            }
        }
        if (nationals is not null)
            log($"check-ins: {await CheckIns(nationals, cancellationToken)}");
        if (exercise.Players.Count > 0)
            log(LeftToPlayers());
        log(await Waits(report, cancellationToken));
        if (KeepsTheBooks)
            log($"costs: {await CostsByMode(cancellationToken)}");
        return report;
    }

    /// <summary>
    /// The consulates register a share of their nationals and the crisis is declared; the households that will answer
    /// "3" leave the intake, as they come forward by their answer. Nothing of it without simulated phones to answer on.
    /// </summary>
    async Task<(RegisteredNationals? Nationals, long OutboxFrom)> BeforeTheCrisis(List<(GeneratedGroup Group, int Index, double Hour, bool WalksIn)> intake,
        CancellationToken cancellationToken)
    {
        if (settings.Phones is null || settings.RegisteredShare <= 0)
        {
            log("no consulate registers its nationals before this replay (no simulated phones to answer check-ins, or a registered share of 0)");
            return (null, 0);
        }
        var phones = new SimulatedPhones(settings.Phones);
        var nationals = new RegisteredNationals(scenario, seeds, gateway, phones, clock, _run, log);
        var chosen = RegisteredNationals.Choose(scenario, intake.Where(item => !item.WalksIn).Select(item => (item.Group, item.Index)), settings.RegisteredShare,
            nationality => seeds.Organisations.FirstOrDefault(o => o.Roles.Contains("consulate") && (o.Nationalities ?? []).Contains(nationality))?.Id,
            code => seeds.Places.GetValueOrDefault(code)?.Country, _run.GetHashCode(StringComparison.Ordinal));
        // What the phones receive from here on is the crisis's.
        var outboxFrom = phones.End;
        try
        {
            if (!await nationals.RegisterAndDeclare(chosen, cancellationToken))
                return (null, 0);
        }
        catch (ReplayException e)
        {
            // The crisis is still played, without its check-ins: everyone comes forward at an intake desk.
            log($"the phase before the crisis could not be played, the replay goes on without check-ins: {e.Message}");
            return (null, 0);
        }
        var leaving = nationals.Households.Where(household => household.Answer == 3).Select(household => household.Index).ToHashSet();
        intake.RemoveAll(item => leaving.Contains(item.Index));
        return (nationals, outboxFrom);
    }

    async Task<string> CheckIns(RegisteredNationals nationals, CancellationToken cancellationToken)
    {
        try
        {
            return (await nationals.Figures(cancellationToken)).ToString();
        }
        catch (ReplayException e)
        {
            return $"unknown, the check-ins could not be read ({e.Message})";
        }
    }

    /// <summary>
    /// The charter desk: registers the movements people need, every tick, until everyone has come forward, every movement
    /// has arrived and no one waits for a charter — or until nothing at all moves long after the crisis's end.
    /// </summary>
    async Task<ReplayReport> CharterUntilSettled(DateTimeOffset start, TimeSpan tick, Task desks, Task[] alongside, CancellationToken cancellationToken)
    {
        var lastMove = (Figures: Progress(), At: _running.Elapsed);
        var quietTicks = 0;
        CharterPlan plan;
        do
        {
            var hour = (clock.GetUtcNow() - start).TotalHours;
            if (alongside.FirstOrDefault(desk => desk.IsFaulted) is { } failed)
                await failed; // what a desk could not get past ends the replay, as it would have in one loop
            try
            {
                plan = await Charter(cancellationToken);
                Volatile.Write(ref _withoutRoute, plan.PeopleWithoutRoute);
            }
            catch (ReplayException e)
            {
                // A refusal the replay did not expect: say so, and try again at the next tick, as a desk would.
                log($"the platform refused a charter step, trying again: {e.Message}");
                plan = new CharterPlan([], 0, 0);
            }

            // In an exercise, settled also means every inject played and no one waiting at a closed border; what is left to
            // players is not waited for.
            quietTicks = desks.IsCompletedSuccessfully && _movements.IsEmpty && plan.Charters.Count == 0 && plan.PeopleStillToCover == 0
                         && _heldAtBorder.IsEmpty && InjectsSettled && _unpaid.IsEmpty ? quietTicks + 1 : 0;
            if (Progress() != lastMove.Figures)
                lastMove = (Progress(), _running.Elapsed);
            if (hour > (scenario.Days + 4) * 24 && _running.Elapsed - lastMove.At >= StallLimit)
            {
                log($"the replay is four crisis days past its end and nothing has moved for {StallLimit.TotalMinutes:0} minutes, without settling: stopping it here");
                return Report(start, finished: false);
            }
            await Task.Delay(tick, cancellationToken);
        }
        while (quietTicks < 3); // onward requests from the last arrivals take a moment to reach the waiting list
        var report = Report(start, finished: true);
        log($"replay finished: {report}");
        return report;
    }

    /// <summary>A desk's round, every tick until the replay is over; a refusal it did not expect is said, and the next round tries again.</summary>
    async Task EveryTick(string what, Func<CancellationToken, Task> round, TimeSpan tick, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await round(cancellationToken);
            }
            catch (ReplayException e)
            {
                log($"the platform refused {what}, trying again: {e.Message}");
            }
            await Task.Delay(tick, cancellationToken);
        }
    }

    /// <summary>Says how the crisis is going every <see cref="ProgressEvery"/>, with the report's waits for a seat now and then.</summary>
    async Task Watch(DateTimeOffset start, RegisteredNationals? nationals, CancellationToken cancellationToken)
    {
        var waits = "";
        var waitsAt = _running.Elapsed;
        while (true)
        {
            await Task.Delay(ProgressEvery, cancellationToken);
            var hour = (clock.GetUtcNow() - start).TotalHours;
            if (_running.Elapsed - waitsAt >= WaitsEvery)
            {
                waitsAt = _running.Elapsed;
                waits = $"; waits for a seat so far {await WaitsToMatch(cancellationToken)}";
            }
            log($"crisis day {(int)(hour / 24) + 1}, {hour % 24:00}:00 — {Volatile.Read(ref _people)} people in, {Volatile.Read(ref _charters)} movements chartered " +
                $"({_movements.Count} under way), {Volatile.Read(ref _departed)} departed, {Volatile.Read(ref _arrived)} arrived, " +
                $"{Volatile.Read(ref _withoutRoute)} waiting with no route{(nationals is null ? "" : $"; {nationals.Progress()}")}{waits}");
        }
    }

    /// <summary>The replay's last line: how long it took, for how many, and how long people waited from submission to a seat.</summary>
    async Task<string> Waits(ReplayReport report, CancellationToken cancellationToken) =>
        $"replay of {report.People} people took {Minutes(report.Took)}; waits from submission to a seat (matched), in crisis time: " +
        await WaitsToMatch(cancellationToken);

    /// <summary>The after-action report's wait to match, overall, as the coordinator reads it.</summary>
    async Task<string> WaitsToMatch(CancellationToken cancellationToken)
    {
        try
        {
            var waits = (await gateway.Get<AfterActionAnswer>(Coordinator, $"/api/reports/after-action?crisisId={scenario.CrisisId}", cancellationToken))
                .WaitToMatch.Overall;
            // The platform keeps crisis time, so the report's hours are crisis hours.
            string Of(double? hours) => hours is { } h ? Hours(TimeSpan.FromHours(h)) : "none";
            return $"median {Of(waits.Median)}, p90 {Of(waits.P90)}, p95 {Of(waits.P95)} ({waits.People} people matched)";
        }
        catch (ReplayException e)
        {
            return $"unknown, the after-action report could not be read ({e.Message})";
        }
    }

    static string Minutes(TimeSpan span) => $"{(int)span.TotalMinutes} min {span.Seconds:00} s";

    static string Hours(TimeSpan span) => $"{(int)span.TotalHours} h {span.Minutes:00} min";

    /// <summary>Submits each crisis hour's people when the hour comes, until everyone has come forward.</summary>
    async Task ComeForward(List<(GeneratedGroup Group, int Index, double Hour, bool WalksIn)> intake, DateTimeOffset start, TimeSpan tick,
        CancellationToken cancellationToken)
    {
        var next = 0;
        List<(GeneratedGroup Group, int Index, double Hour, bool WalksIn)>? due = null;
        while (next < intake.Count)
        {
            var hour = (clock.GetUtcNow() - start).TotalHours;
            // A batch that failed is tried again exactly as it was, under the same idempotency keys: nothing is submitted twice.
            due ??= intake.Skip(next).TakeWhile(item => item.Hour <= hour).ToList();
            try
            {
                await Submit(due, cancellationToken);
                next += due.Count;
                due = null;
            }
            catch (ReplayException e)
            {
                log($"the platform refused an intake, trying again: {e.Message}");
            }
            if (next < intake.Count)
                await Task.Delay(tick, cancellationToken);
        }
    }

    (int, int, int, int, int, int) Progress() =>
        (Volatile.Read(ref _people), Volatile.Read(ref _walkIns), Volatile.Read(ref _charters), Volatile.Read(ref _departed), Volatile.Read(ref _arrived),
            _movements.Count);

    ReplayReport Report(DateTimeOffset start, bool finished) =>
        new(Volatile.Read(ref _people), Volatile.Read(ref _walkIns), Volatile.Read(ref _charters), Volatile.Read(ref _departed),
            Volatile.Read(ref _arrived), Volatile.Read(ref _missing), Volatile.Read(ref _withoutRoute), _running.Elapsed, finished);

    /// <summary>Every group of the crisis with the crisis hour it comes forward, and whether it crosses a border on its own.</summary>
    List<(GeneratedGroup Group, int Index, double Hour, bool WalksIn)> Intake()
    {
        var groups = CrisisPeople.Generate(scenario, settings.People, scenario.Seed).ToList();
        var chance = new Random(scenario.Seed + 1);
        return groups.Select((group, index) => (group, index, scenario.Days * 24.0 * index / groups.Count, chance.NextDouble() < scenario.WalkInShare)).ToList();
    }

    async Task Submit(List<(GeneratedGroup Group, int Index, double Hour, bool WalksIn)> due, CancellationToken cancellationToken)
    {
        // Groups due at a desk people play are theirs to register.
        var requests = due.Where(item => !item.WalksIn && DeskOf(item.Index) is not null).ToList();
        Interlocked.Add(ref _leftPeople, due.Where(item => !item.WalksIn && DeskOf(item.Index) is null).Sum(item => item.Group.People.Count));
        if (requests.Count >= CsvThreshold)
            await Import(requests.Select(item => (item.Group, item.Index)).ToList(), cancellationToken);
        else
            await Each(requests, async item =>
            {
                using var response = await gateway.Post(DeskOf(item.Index)!, "/api/requests", Request(item.Group), Key("request", item.Index), cancellationToken);
                await GatewayClient.EnsureSuccess(response, cancellationToken);
            }, cancellationToken);
        Interlocked.Add(ref _people, requests.Sum(item => item.Group.People.Count));

        // People crossing where the site's authority is played are received by its players; at a closed border they wait.
        var walkers = due.Where(item => item.WalksIn)
            .SelectMany(item => item.Group.People.Select((person, i) => new Walker(item.Group, item.Index, person, i, scenario.WalkInSiteOf(person.Nationality))))
            .ToList();
        var received = walkers.Where(walker => Plays(ReceiverAt(walker.Site))).ToList();
        Interlocked.Add(ref _leftWalkIns, walkers.Count - received.Count);
        foreach (var walker in received.Where(walker => ClosedNow(walker.Site)))
            _heldAtBorder.Enqueue(walker);
        await Each(received.Where(walker => !ClosedNow(walker.Site)).ToList(), AtTheBorder, walker => ReceiveWalker(walker, cancellationToken), cancellationToken);
    }

    /// <summary>The site's authority receives a person who crossed on their own; one who finds the border closed waits there.</summary>
    async Task ReceiveWalker(Walker walker, CancellationToken cancellationToken)
    {
        using var response = await gateway.Post(ReceiverAt(walker.Site), "/api/transit/arrivals", new
        {
            siteCode = walker.Site, arrivedAt = clock.GetUtcNow(),
            walkIn = new
            {
                crisisId = walker.Group.CrisisId, walker.Person.GivenName, walker.Person.FamilyName, walker.Person.Sex, walker.Person.Age,
                walker.Person.Nationality, document = new { kind = walker.Person.DocumentKind, number = walker.Person.DocumentNumber }, walker.Person.Needs,
            },
            screening = new { walker.Person.Needs },
            referrals = Referrals(walker.Person.Needs),
            onward = Onward(walker.Site, walker.Group.DestinationCountry, consent: walker.Group.ConsentToShareWithConsulate),
        }, Key("walk-in", walker.Index, walker.Member), cancellationToken);
        if (await RefusedAsClosed(response, cancellationToken))
        {
            _heldAtBorder.Enqueue(walker);
            return;
        }
        await GatewayClient.EnsureSuccess(response, cancellationToken);
        Interlocked.Increment(ref _walkIns);
        Interlocked.Increment(ref _people);
    }

    /// <summary>A large intake goes up as the registration list it would be in the field: one CSV, a row per person.</summary>
    async Task Import(List<(GeneratedGroup Group, int Index)> groups, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("group,crisisId,pickupPlace,destinationCountry,acceptsThirdCountry,consentToShareWithConsulate,")
            .Append("givenName,familyName,sex,age,nationality,documentKind,documentNumber,needs\n");
        foreach (var (group, index) in groups)
            foreach (var person in group.People)
                csv.AppendJoin(',', [$"g{index}", group.CrisisId, group.PickupPlace, group.DestinationCountry, group.AcceptsThirdCountry ? "true" : "false",
                    group.ConsentToShareWithConsulate ? "true" : "false", Quoted(person.GivenName), Quoted(person.FamilyName), person.Sex,
                    person.Age.ToString(), person.Nationality, person.DocumentKind, person.DocumentNumber ?? "", string.Join('|', person.Needs)]).Append('\n');
        using var response = await gateway.PostCsv(AnyDesk!, "/api/requests/import", csv.ToString(), Key("import", groups[0].Index), cancellationToken);
        var imported = await GatewayClient.Read<ImportAnswer>(response, cancellationToken);
        if (imported.Rejected > 0)
            log($"the platform refused {imported.Rejected} of {groups.Count} generated groups: {string.Join("; ", imported.Errors.Take(3))}");
    }

    internal static string Quoted(string cell) => cell.Contains(',') || cell.Contains('"') ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;

    static object Request(GeneratedGroup group) => new
    {
        group.CrisisId, group.PickupPlace, group.DestinationCountry, group.AcceptsThirdCountry, group.ConsentToShareWithConsulate,
        people = group.People.Select(person => new
        {
            person.GivenName, person.FamilyName, person.Sex, person.Age, person.Nationality,
            document = new { kind = person.DocumentKind, number = person.DocumentNumber }, person.Needs,
        }),
    };

    /// <summary>Registers the movements the desk decides on, from what the platform says is waiting and what is already on its way.</summary>
    async Task<CharterPlan> Charter(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The desk plans for the head of the waiting list, as a planner reads it: the groups that have waited longest or need
        // it most; those behind them come up as the head is moved.
        var waiting = await All<WaitingGroup>($"/api/matching/unmatched?crisisId={scenario.CrisisId}", cancellationToken, WaitingListHead);
        var offers = await All<OfferAnswer>("/api/offers?status=open", cancellationToken);
        var free = offers.Where(offer => offer.DepartsAt > now && offer.CrisisId == scenario.CrisisId)
            .Select(offer => new FreeSeats(offer.FromPlace, offer.DestinationCountry, offer.SeatsAvailable)).ToList();
        // A group no consulate could document stays on the waiting list for the coordinators, but no more charters go for it.
        List<WaitingGroup> documentable;
        lock (_undocumented)
            documentable = waiting.Where(group => !_undocumented.Contains(group.RequestId)).ToList();
        var plan = _desk.Plan(documentable, free, now, TimeSpan.FromHours(scenario.Charter.MaxWaitHours));
        foreach (var charter in plan.Charters)
        {
            var departsAt = clock.GetUtcNow() + Max(TimeSpan.FromHours(scenario.Charter.LeadHours), ShortestRealLead * settings.Speed);
            var number = Interlocked.Increment(ref _charters);
            using var response = await gateway.Post(charter.Route.Provider, "/api/offers", new
            {
                crisisId = scenario.CrisisId, provider = seeds.Organisations.Single(o => o.Id == charter.Route.Provider).Name, charter.Route.Mode,
                fromPlace = charter.Route.From, charter.ToPlace, charter.DestinationCountry, departsAt, charter.Seats,
                eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
                cost = charter.Route.Cost,
            }, Key("charter", number), cancellationToken);
            var offer = await GatewayClient.Read<Registered>(response, cancellationToken);
            await ChooseFund(offer.Id, charter, number, cancellationToken);
            if (Plays(charter.Route.Provider))
                _movements[number] = new Movement(number, offer.Id, charter, departsAt);
            else
                Interlocked.Increment(ref _leftMovements); // its closing, boarding and departure are the carrier's players'
        }
        return plan;
    }

    /// <summary>The movement desk: moves every chartered movement on as its clock says — boarding, departure, arrival — first chartered first.</summary>
    async Task Move(CancellationToken cancellationToken) =>
        // Each movement has its own carrier, quay and consulates at work: one ship waiting for its laissez-passer does not
        // hold back a bus that arrived at the border.
        await Each([.. _movements.Values.OrderBy(movement => movement.Number)], MovementsAtOnce, movement => Move(movement, cancellationToken),
            cancellationToken);

    async Task Move(Movement movement, CancellationToken cancellationToken)
    {
        if (movement.Withdrawn)
            return;
        var now = clock.GetUtcNow();
        var provider = movement.Charter.Route.Provider;
        if (movement.Stage == Stage.Announced && now >= movement.DepartsAt - TimeSpan.FromHours(scenario.Charter.CloseBeforeHours))
            await Board(movement, now, cancellationToken);
        if (movement.Stage == Stage.Boarded && now >= movement.DepartsAt)
        {
            using var response = await gateway.Post(provider, $"/api/manifests/{movement.ManifestId}/depart", new { departedAt = clock.GetUtcNow() }, null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Conflict) // a conflict: it departed already, on an earlier try
                await GatewayClient.EnsureSuccess(response, cancellationToken);
            movement.Stage = Stage.Departed;
            movement.ArrivesAt = now + TimeSpan.FromHours(movement.Charter.Route.Hours);
            Interlocked.Add(ref _departed, movement.Passengers);
            Departed(movement);
        }
        if (movement.Stage == Stage.Departed && now >= movement.ArrivesAt && await Receive(movement, cancellationToken))
            _movements.TryRemove(movement.Number, out _);
    }

    /// <summary>
    /// The carrier closes its manifest and boards it. A passenger without a valid document gets a laissez-passer from
    /// their consulate first; one no consulate can document is released back to matching by the coordinator.
    /// </summary>
    async Task Board(Movement movement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var provider = movement.Charter.Route.Provider;
        var manifests = await gateway.Get<Page<ManifestListed>>(provider, $"/api/manifests?offerId={movement.OfferId}", cancellationToken);
        if (manifests.Items.Count == 0)
        {
            if (now >= movement.DepartsAt)
            {
                using var withdrawn = await gateway.Post(provider, $"/api/offers/{movement.OfferId}/withdraw", new { reason = "Nobody was matched before departure." }, null, cancellationToken);
                _movements.TryRemove(movement.Number, out _);
            }
            return;
        }
        movement.ManifestId = manifests.Items[0].Id;
        var manifest = await gateway.Get<ManifestAnswer>(provider, $"/api/manifests/{movement.ManifestId}", cancellationToken);
        // A carrier closes its list once it holds everyone matched to it: people whose details are still on their way
        // would find the gate closed. Until departure it waits for them.
        if (manifest.Status == "open" && manifest.AwaitingDetails > 0 && now < movement.DepartsAt)
            return;
        if (manifest.Status == "open")
        {
            await Each(manifest.Passengers.Where(p => p.LacksTravelDocument).ToList(), passenger => Document(passenger, movement, cancellationToken), cancellationToken);
            using var closing = await gateway.Post(provider, $"/api/manifests/{movement.ManifestId}/close", new { }, null, cancellationToken);
            if (closing.StatusCode == HttpStatusCode.Conflict)
                return; // a document or a release has not landed yet: the next tick tries again
            manifest = await GatewayClient.Read<ManifestAnswer>(closing, cancellationToken);
        }
        // The gate's list, synced in as few calls as the platform allows; a list that failed leaves its passengers expected,
        // and the next tick boards whoever still is.
        var expected = manifest.Passengers.Where(p => p.Boarding == "expected").ToList();
        foreach (var list in expected.Chunk(BoardingList))
        {
            using var response = await gateway.Post(provider, $"/api/manifests/{movement.ManifestId}/boarding",
                new { passengers = list.Select(passenger => new { passenger.PersonId, status = ShowsUp(passenger, movement) ? "boarded" : "no-show" }) },
                null, cancellationToken);
            await GatewayClient.EnsureSuccess(response, cancellationToken);
        }
        movement.Passengers = manifest.Passengers.Count(p => p.Boarding == "boarded") + expected.Count(p => ShowsUp(p, movement));
        movement.Stage = Stage.Boarded;
    }

    bool ShowsUp(PassengerAnswer passenger, Movement movement) => Chance(passenger.PersonId, movement.OfferId, NoShowDraw) >= scenario.NoShowShare;

    async Task Document(PassengerAnswer passenger, Movement movement, CancellationToken cancellationToken)
    {
        var consulate = seeds.Organisations.FirstOrDefault(o => o.Roles.Contains("consulate") && (o.Nationalities ?? []).Contains(passenger.Nationality));
        // A consulate people play issues its laissez-passer itself; one not issued by departure leaves its group behind.
        if (consulate is not null && !Plays(consulate.Id))
        {
            if (clock.GetUtcNow() < movement.DepartsAt)
                return;
        }
        else if (consulate is not null)
        {
            using var issued = await gateway.Post(consulate.Id, $"/api/manifests/{movement.ManifestId}/travel-documents",
                new { passenger.PersonId, kind = "laissez-passer", number = $"LP-{passenger.Nationality}-{passenger.PersonId.ToString("N")[..8].ToUpperInvariant()}" },
                null, cancellationToken);
            if (issued.IsSuccessStatusCode)
                return;
        }
        // Not released yet on an earlier try, nor by another member's call under way: one release per group.
        bool first;
        lock (movement.Released)
            first = movement.Released.Add(passenger.RequestId);
        if (first)
        {
            lock (_undocumented)
                _undocumented.Add(passenger.RequestId);
            using var released = await gateway.Post(Coordinator, $"/api/matching/{passenger.RequestId}/release",
                new { reason = "No travel document could be issued before departure." }, null, cancellationToken);
        }
    }

    /// <summary>
    /// The receiving site logs everyone who arrives (a few never do) and sends on those not yet home; false while the site
    /// is closed (the movement waits at the border). A site people play is theirs to receive at.
    /// </summary>
    async Task<bool> Receive(Movement movement, CancellationToken cancellationToken)
    {
        var site = movement.Charter.ToPlace;
        var receiver = ReceiverAt(site);
        if (!Plays(receiver))
        {
            Interlocked.Increment(ref _leftReceptions);
            return true;
        }
        if (ClosedNow(site))
            return false;
        var closed = false;
        var expected = await gateway.Get<List<ExpectedAnswer>>(receiver, $"/api/transit/sites/{site}/expected", cancellationToken);
        var aboard = expected.Where(person => person.ManifestId == movement.ManifestId).ToList();
        var arriving = aboard.Where(person => Chance(person.PersonId, movement.OfferId, MissingDraw) >= scenario.MissingShare).ToList();
        await Each(arriving, AtTheBorder, async person =>
        {
            using var response = await gateway.Post(receiver, "/api/transit/arrivals", new
            {
                siteCode = site, arrivedAt = clock.GetUtcNow(), person.PersonId,
                referrals = ScreenedOnArrival(person.PersonId, movement.OfferId),
                onward = scenario.DestinationOf(person.Nationality) is { } destination ? Onward(site, destination, consent: null) : null,
            }, Key("arrival", person.PersonId, site), cancellationToken);
            if (await RefusedAsClosed(response, cancellationToken)) // closed before the simulator heard of it: the next tick tries again
                closed = true;
            else if (response.StatusCode != HttpStatusCode.Conflict) // logged already, on an earlier try
                await GatewayClient.EnsureSuccess(response, cancellationToken);
        }, cancellationToken);
        if (closed)
            return false;
        Interlocked.Add(ref _arrived, arriving.Count);
        Interlocked.Add(ref _missing, aboard.Count - arriving.Count);
        return true;
    }

    /// <summary>Where someone received at <paramref name="site"/> is picked up for the next leg, unless the site is in their destination country.</summary>
    /// <param name="consent">Asked of a walk-in at reception; an expected person keeps their group's answer.</param>
    object? Onward(string site, string destination, bool? consent) =>
        seeds.Places[site].Country != destination && scenario.OnwardPickup.TryGetValue(site, out var pickup)
            ? new { destinationCountry = destination, pickupPlace = pickup, consentToShareWithConsulate = consent }
            : null;

    /// <summary>
    /// What screening at reception finds in people who came on a movement, and what they agree to: a few need
    /// psychosocial support or medical care after the journey, and some want their family traced but not shared.
    /// </summary>
    static object[] ScreenedOnArrival(Guid personId, Guid offerId) => Chance(personId, offerId, ScreeningDraw) switch
    {
        < 0.04 => [new { to = "psychosocial", consent = true }],
        < 0.06 => [new { to = "medical", consent = true }],
        < 0.07 => [new { to = "family-tracing", consent = false }],
        < 0.08 => [new { to = "family-tracing", consent = true }],
        _ => [],
    };

    static object[] Referrals(IReadOnlyList<string> needs) =>
    [
        .. needs.Any(need => need is "unaccompanied-child" or "separated-child") ? [new { to = "child-protection", consent = true }] : Array.Empty<object>(),
        .. needs.Contains("trafficking-survivor") ? [new { to = "trafficking", consent = true }] : Array.Empty<object>(),
        .. needs.Any(need => need is "medical" or "pregnant") ? [new { to = "medical", consent = true }] : Array.Empty<object>(),
    ];

    /// <summary>
    /// Each partner works the referrals routed to it, as its focal point would at the next round: one in ten it cannot
    /// take and declines (it moves on to the next partner), the others it accepts; what it accepted it completes.
    /// </summary>
    async Task WorkReferrals(CancellationToken cancellationToken)
    {
        foreach (var partner in seeds.Organisations.Where(o => o.Roles.Contains("partner") && Plays(o.Id)))
        {
            var accepted = await gateway.Get<Page<ReferralAnswer>>(partner.Id, "/api/referrals?status=accepted&pageSize=500", cancellationToken);
            await Each(accepted.Items, async referral =>
            {
                using var done = await gateway.Post(partner.Id, $"/api/referrals/{referral.Id}/complete",
                    new { outcome = $"{referral.Service} provided at {referral.SiteCode}" }, null, cancellationToken);
            }, cancellationToken);
            var routed = await gateway.Get<Page<ReferralAnswer>>(partner.Id, "/api/referrals?status=routed&pageSize=500", cancellationToken);
            await Each(routed.Items, async referral =>
            {
                // A conflict means another round took it already; the next round sees where it stands.
                using var step = Chance(referral.Id, Guid.Empty, DeclineDraw) < 0.1
                    ? await gateway.Post(partner.Id, $"/api/referrals/{referral.Id}/decline", new { reason = "no capacity at this site today" }, null, cancellationToken)
                    : await gateway.Post(partner.Id, $"/api/referrals/{referral.Id}/accept", new { }, null, cancellationToken);
            }, cancellationToken);
        }
    }

    /// <summary>The State's transit authority for its sites; IOM receives at the others (home airports, Malta).</summary>
    string ReceiverAt(string site) =>
        seeds.Organisations.FirstOrDefault(o => o.Roles.Contains("transit") && (o.Sites ?? []).Contains(site))?.Id ?? Coordinator;

    async Task<List<T>> All<T>(string path, CancellationToken cancellationToken, int limit = int.MaxValue)
    {
        var items = new List<T>();
        for (var page = 1; ; page++)
        {
            var answer = await gateway.Get<Page<T>>(Coordinator, $"{path}{(path.Contains('?') ? '&' : '?')}page={page}&pageSize=500", cancellationToken);
            items.AddRange(answer.Items);
            if (items.Count >= answer.Total || items.Count >= limit || answer.Items.Count == 0)
                return items;
        }
    }

    static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    static Task Each<T>(IReadOnlyList<T> items, Func<T, Task> work, CancellationToken cancellationToken) => Each(items, InFlight, work, cancellationToken);

    static Task Each<T>(IReadOnlyList<T> items, int inFlight, Func<T, Task> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = inFlight, CancellationToken = cancellationToken },
            async (item, _) => await work(item));

    /// <summary>
    /// A draw that depends only on the person, the movement and what is drawn for: a retried step decides the same way,
    /// and someone who missed one movement is not bound to miss the next.
    /// </summary>
    static double Chance(Guid personId, Guid offerId, int draw)
    {
        // FNV-1a over both ids: stable across runs and machines, unlike string or HashCode hashing.
        var hash = 14695981039346656037UL ^ (ulong)draw;
        foreach (var b in personId.ToByteArray().Concat(offerId.ToByteArray()))
            hash = (hash ^ b) * 1099511628211UL;
        return (hash >> 11) / (double)(1UL << 53);
    }

    /// <summary>The idempotency key of a creation: the same on a retry, new on another replay run.</summary>
    string Key(string what, params object[] parts) => $"replay-{_run}-{what}-{string.Join('-', parts)}";

    enum Stage { Announced, Boarded, Departed }

    /// <summary>A chartered movement; only the movement desk moves it on.</summary>
    sealed class Movement(int number, Guid offerId, Charter charter, DateTimeOffset departsAt)
    {
        public int Number { get; } = number;
        public Guid OfferId { get; } = offerId;
        public Charter Charter { get; } = charter;
        /// <summary>Moved later when the carrier delays the departure (an inject).</summary>
        public DateTimeOffset DepartsAt { get; set; } = departsAt;
        /// <summary>Withdrawn by its carrier (an inject): the movement desk leaves it.</summary>
        public bool Withdrawn { get; set; }
        public Stage Stage { get; set; }
        public Guid ManifestId { get; set; }
        public int Passengers { get; set; }
        public DateTimeOffset ArrivesAt { get; set; }
        public HashSet<Guid> Released { get; } = [];
    }

    sealed record Page<T>(List<T> Items, int Total);
    sealed record Registered(Guid Id);
    sealed record ImportAnswer(int Accepted, int Rejected, List<ImportError> Errors);
    sealed record ImportError(int Row, string Field, string Message)
    {
        public override string ToString() => $"row {Row} {Field}: {Message}";
    }
    sealed record OfferAnswer(string CrisisId, string FromPlace, string DestinationCountry, DateTimeOffset DepartsAt, int SeatsAvailable);
    sealed record ManifestListed(Guid Id);
    sealed record ManifestAnswer(Guid Id, string Status, List<PassengerAnswer> Passengers, int AwaitingDetails);
    sealed record PassengerAnswer(Guid PersonId, Guid RequestId, string Nationality, string Boarding, bool LacksTravelDocument);
    sealed record ExpectedAnswer(Guid PersonId, Guid ManifestId, string Nationality);

    sealed record ReferralAnswer(Guid Id, string Service, string SiteCode);
    sealed record AfterActionAnswer(WaitBreakdownAnswer WaitToMatch);
    sealed record WaitBreakdownAnswer(WaitAnswer Overall);
    sealed record WaitAnswer(int People, double? Median, double? P90, double? P95);
}
