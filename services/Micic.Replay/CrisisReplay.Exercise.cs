using System.Collections.Concurrent;
using System.Net;
using Micic.Contracts;

namespace Micic.Replay;

/// <summary>
/// The replay in an exercise: it follows the master events list as the dashboard delivers it and plays each inject's world
/// event as the organisation that would make it happen, and it leaves the work of the organisations played by people to
/// them.
/// </summary>
public sealed partial class CrisisReplay
{
    // How long an inject may wait for its target (a ship with people on it, a flight not yet boarding) before the simulator
    // says there was none.
    static readonly TimeSpan TargetPatience = TimeSpan.FromHours(12);

    readonly HashSet<string> _handled = [];
    readonly Dictionary<string, DateTimeOffset> _waitingForTarget = [];
    readonly ConcurrentDictionary<string, DateTimeOffset> _closedUntil = new();
    readonly ConcurrentQueue<Walker> _heldAtBorder = new();
    int _injectsHandled, _leftPeople, _leftWalkIns, _leftMovements, _leftReceptions;

    /// <summary>A person who crosses a border on their own, received at the site where they cross.</summary>
    sealed record Walker(GeneratedGroup Group, int Index, GeneratedPerson Person, int Member, string Site);

    bool Plays(string organisation) => !exercise.IsPlayed(organisation);

    /// <summary>The intake desk the simulator registers people at: the group's own, or none when people play it.</summary>
    string? DeskOf(int index) => IntakeDesks[index % IntakeDesks.Length] is var desk && Plays(desk) ? desk : null;

    string? AnyDesk => IntakeDesks.FirstOrDefault(Plays);

    /// <summary>Every inject delivered has been played, or left to its players, or found no target.</summary>
    bool InjectsSettled => !exercise.Enabled || Volatile.Read(ref _injectsHandled) >= _injectCount;

    readonly int _injectCount = exercise.Plan().Injects.Count;

    void SayWhoPlays()
    {
        if (!exercise.Enabled)
            return;
        log(exercise.Players.Count == 0
            ? $"exercise: {_injectCount} injects; the simulator plays every organisation"
            : $"exercise: {_injectCount} injects; left to players: {string.Join(", ", exercise.Players.Order(StringComparer.Ordinal))} — " +
              "their desks' intake, carriers' boarding and departures, consulates' laissez-passer, sites' arrivals, partners' referrals and the injects they act out are theirs");
    }

    string LeftToPlayers() =>
        $"left to players ({string.Join(", ", exercise.Players.Order(StringComparer.Ordinal))}): {Volatile.Read(ref _leftPeople)} people at their intake desks, " +
        $"{Volatile.Read(ref _leftWalkIns)} walk-ins at their sites, {Volatile.Read(ref _leftMovements)} movements of their carriers, " +
        $"{Volatile.Read(ref _leftReceptions)} movements to receive at their sites";

    /// <summary>The inject desk: every tick, the injects delivered since, each played once; and the people held at a closed border, received once it opens.</summary>
    async Task FollowInjects(CancellationToken cancellationToken)
    {
        await ReceiveHeldWalkers(cancellationToken);
        if (!exercise.Enabled || Volatile.Read(ref _injectsHandled) >= _injectCount)
            return;
        var exerciseNow = await gateway.Get<ExerciseAnswer>(Coordinator, "/api/exercise", cancellationToken);
        foreach (var inject in exerciseNow.Injects.Where(inject => inject.IsDelivered && !_handled.Contains(inject.Id)))
            if (await Play(inject, cancellationToken))
            {
                _handled.Add(inject.Id);
                Interlocked.Increment(ref _injectsHandled);
            }
    }

    /// <summary>Plays an inject's world event; false while it waits for its target (the next ship with people on it).</summary>
    async Task<bool> Play(DeliveredInject inject, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = InjectActors.ActorOf(inject, scenario, ReceiverAt, AnyDesk);
        var said = $"inject {inject.Id} ({inject.Kind}) delivered at {inject.DeliveredAt:yyyy-MM-dd HH:mm} crisis time";
        if (inject.Kind == InjectKinds.Message)
        {
            log($"{said}: a message for {inject.ForOrganisation ?? "the players"}, nothing to simulate");
            return true;
        }
        if (!InjectActors.Simulated(inject, actor, exercise.Players))
        {
            log($"{said}: left to {actor ?? "the players"}, played by people");
            return true;
        }
        switch (inject.Kind)
        {
            case InjectKinds.Surge:
                log($"{said}: {await Surge(inject, cancellationToken)}");
                return true;
            case InjectKinds.BorderClosed:
                log($"{said}: {await CloseBorder(inject, actor!, now, cancellationToken)}");
                return true;
            case InjectKinds.OfferWithdrawn or InjectKinds.DepartureDelayed:
                var done = inject.Kind == InjectKinds.OfferWithdrawn
                    ? await Withdraw(inject, actor!, now, cancellationToken)
                    : await Delay(inject, actor!, now, cancellationToken);
                if (done is not null)
                {
                    log($"{said}: {done}");
                    return true;
                }
                var since = _waitingForTarget.TryGetValue(inject.Id, out var first) ? first : _waitingForTarget[inject.Id] = now;
                if (now - since < TargetPatience)
                    return false;
                log($"{said}: no {inject.Text("mode")} movement from {inject.Text("from")} to act on within {TargetPatience.TotalHours:0} crisis hours");
                return true;
            default:
                log($"{said}: a kind the simulator does not play");
                return true;
        }
    }

    /// <summary>More people than planned come forward at the place, registered by the intake desks.</summary>
    async Task<string> Surge(DeliveredInject inject, CancellationToken cancellationToken)
    {
        var place = inject.Text("place")!;
        var seed = scenario.Seed ^ (int)Fnv(inject.Id);
        var groups = CrisisPeople.Generate(scenario, inject.People!.Value, seed).Select(group => group with { PickupPlace = place }).ToList();
        var desk = AnyDesk!;
        await Each(groups.Select((group, index) => (group, index)).ToList(), async item =>
        {
            using var response = await gateway.Post(desk, "/api/requests", Request(item.group), Key("surge", inject.Id, item.index), cancellationToken);
            await GatewayClient.EnsureSuccess(response, cancellationToken);
        }, cancellationToken);
        var people = groups.Sum(group => group.People.Count);
        Interlocked.Add(ref _people, people);
        return $"{people} more people came forward at {place} ({groups.Count} groups, registered by {desk})";
    }

    /// <summary>The State's transit authority closes the site; the border desk receives no one there until it opens.</summary>
    async Task<string> CloseBorder(DeliveredInject inject, string authority, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var site = inject.Text("site")!;
        using var response = await gateway.Post(authority, $"/api/transit/sites/{site}/closures",
            new { until = now + TimeSpan.FromHours(inject.Hours!.Value), reason = $"{inject.Id}: the border is closed by the State" },
            Key("closure", inject.Id), cancellationToken);
        SiteAnswer answer;
        if (response.StatusCode == HttpStatusCode.Conflict) // closed already: it stays closed until then
            answer = await gateway.Get<SiteAnswer>(authority, $"/api/transit/sites/{site}", cancellationToken);
        else
            answer = await GatewayClient.Read<SiteAnswer>(response, cancellationToken);
        if (answer.Closure is not { } closure)
            return $"{site} is open again already";
        _closedUntil[site] = closure.Until;
        return $"{authority} closed {site} until {closure.Until:yyyy-MM-dd HH:mm} crisis time; people wait at the border and are received once it opens";
    }

    /// <summary>The carrier withdraws its next movement of that mode from that place that has people on it: its groups are matched again.</summary>
    async Task<string?> Withdraw(DeliveredInject inject, string carrier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var movement in Candidates(inject, carrier, now))
        {
            var offer = await gateway.Get<OfferSeats>(carrier, $"/api/offers/{movement.OfferId}", cancellationToken);
            if (offer.Status != "open" || offer.SeatsAllocated == 0)
                continue;
            movement.Withdrawn = true;
            using var response = await gateway.Post(carrier, $"/api/offers/{movement.OfferId}/withdraw",
                new { reason = $"{inject.Id}: the carrier withdraws this movement" }, null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                movement.Withdrawn = false; // it closed meanwhile: the next candidate
                continue;
            }
            _movements.TryRemove(movement.Number, out _);
            return $"{carrier} withdrew offer {movement.OfferId} ({movement.Charter.Route.Mode} from {movement.Charter.Route.From}, " +
                   $"{offer.SeatsAllocated} seats taken); its groups go back to matching";
        }
        return null;
    }

    /// <summary>The carrier moves its next departure of that mode from that place later; the movement desk boards and departs it then.</summary>
    async Task<string?> Delay(DeliveredInject inject, string carrier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hours = TimeSpan.FromHours(inject.Hours!.Value);
        foreach (var movement in Candidates(inject, carrier, now))
        {
            var departsAt = movement.DepartsAt + hours;
            using var response = await gateway.Patch(carrier, $"/api/offers/{movement.OfferId}", new { departsAt }, cancellationToken);
            if (!response.IsSuccessStatusCode)
                continue;
            var was = movement.DepartsAt;
            movement.DepartsAt = departsAt;
            return $"{carrier} moved offer {movement.OfferId} ({movement.Charter.Route.Mode} from {movement.Charter.Route.From}) from " +
                   $"{was:yyyy-MM-dd HH:mm} to {departsAt:yyyy-MM-dd HH:mm} crisis time";
        }
        return null;
    }

    /// <summary>The carrier's movements of the inject's mode from its place that are announced and not yet boarding, the next first.</summary>
    List<Movement> Candidates(DeliveredInject inject, string carrier, DateTimeOffset now) =>
    [
        .. _movements.Values.Where(movement => movement.Charter.Route.Provider == carrier && movement.Charter.Route.Mode == inject.Text("mode")
                && movement.Charter.Route.From == inject.Text("from") && movement.Stage == Stage.Announced && !movement.Withdrawn
                && now < movement.DepartsAt - TimeSpan.FromHours(scenario.Charter.CloseBeforeHours))
            .OrderBy(movement => movement.DepartsAt).ThenBy(movement => movement.Number),
    ];

    bool ClosedNow(string site) => _closedUntil.TryGetValue(site, out var until) && clock.GetUtcNow() < until;

    /// <summary>Whether an answer is the site's refusal while it is closed (its closure known to the site before the simulator).</summary>
    static async Task<bool> RefusedAsClosed(HttpResponseMessage response, CancellationToken cancellationToken) =>
        response.StatusCode == HttpStatusCode.Conflict && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("The site is closed.");

    async Task ReceiveHeldWalkers(CancellationToken cancellationToken)
    {
        var held = new List<Walker>();
        while (_heldAtBorder.TryDequeue(out var walker))
            held.Add(walker);
        if (held.Count == 0)
            return;
        var open = held.Where(walker => !ClosedNow(walker.Site)).ToList();
        foreach (var walker in held.Except(open))
            _heldAtBorder.Enqueue(walker);
        try
        {
            await Each(open, AtTheBorder, walker => ReceiveWalker(walker, cancellationToken), cancellationToken);
        }
        catch (ReplayException)
        {
            foreach (var walker in open) // received ones answer 201 again under their key on the next round
                _heldAtBorder.Enqueue(walker);
            throw;
        }
    }

    static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619u;
        return hash;
    }

    sealed record ExerciseAnswer(List<DeliveredInject> Injects);
    sealed record SiteAnswer(string Code, string Status, ClosureAnswer? Closure);
    sealed record ClosureAnswer(DateTimeOffset Until);
    sealed record OfferSeats(string Status, int SeatsAllocated);
}
