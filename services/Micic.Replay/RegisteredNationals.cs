using System.Globalization;
using System.Text;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Sms;

namespace Micic.Replay;

/// <summary>A household its consulate registered before the crisis, and what it will answer when asked "are you safe?".</summary>
/// <param name="Index">The group's place in the replay's intake.</param>
/// <param name="Answer">1 safe, 2 need help, 3 want to leave; null: it stays silent.</param>
/// <param name="AnswerAfterHours">Crisis hours between the question and the answer.</param>
public sealed record RegisteredHousehold(GeneratedGroup Group, int Index, string Consulate, string Area, string Phone, int? Answer, double AnswerAfterHours)
{
    public string Nationality => Group.People[0].Nationality;
}

/// <summary>What the check-ins came to, as the platform counts them (the coordinator's counts, the consulates' views).</summary>
public sealed record CheckInFigures(int Registered, int People, int Asked, int Safe, int NeedHelp, int WantToLeave, int Silent, int Requests, int Matched,
    int Refused)
{
    public override string ToString() =>
        $"{Registered} households ({People} people) registered before the crisis, {Asked} asked \"are you safe?\"; answered: {Safe} safe (1), " +
        $"{NeedHelp} need help (2), {WantToLeave} want to leave (3), {Silent} silent; {Requests} evacuation requests from \"3\", {Matched} of them matched" +
        (Refused > 0 ? $", {Refused} could not be made" : "");
}

/// <summary>
/// The phase before the crisis and its check-ins: each consulate registers a share of its nationals in Libya (a CSV list,
/// with their consent and a phone on the simulated operator), the coordinator declares the crisis at alert level 3 —
/// voluntary departure — and the people answer the "are you safe?" that reaches their phones: some want to leave (their
/// answer becomes an evacuation request the operation serves like any other), some are safe, some need help, some never
/// answer. Those who want to leave come forward by their answer, not at an intake desk.
/// </summary>
public sealed class RegisteredNationals(
    CrisisScenario scenario, SeedData seeds, GatewayClient gateway, SimulatedPhones phones, TimeProvider clock, string run,
    Action<string> log)
{
    const string Coordinator = "iom";
    const int AtOnce = 16;  // phones answering in the same instant
    const int RegisteredDraw = 0x7265;
    static readonly string[] Matched = ["matched", "manifested", "departed", "in-transit", "completed"];
    // However fast the replay, the platform needs a few real seconds to send a cohort and to turn a "3" into a request.
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    IReadOnlyList<RegisteredHousehold> _households = [];
    int _asked, _safe, _needHelp, _wantToLeave;

    /// <summary>The households registered (once <see cref="RegisterAndDeclare"/> has run).</summary>
    public IReadOnlyList<RegisteredHousehold> Households => _households;

    /// <summary>
    /// The households of the intake a consulate registers: a share of each nationality that has a consulate, among those
    /// who do not walk across a border alone; the same for the same seed. Each is registered where a movement home can
    /// take it from — its pickup place when one leaves from there, otherwise the crisis country's first place flights home
    /// leave from — as consulates gather their nationals where their evacuation leaves.
    /// </summary>
    public static IReadOnlyList<RegisteredHousehold> Choose(CrisisScenario scenario, IEnumerable<(GeneratedGroup Group, int Index)> groups, double share,
        Func<string, string?> consulateOf, Func<string, string?> countryOf, int phoneSeed)
    {
        var answers = scenario.CheckIns ?? new CheckInAnswers();
        var chance = new Random(scenario.Seed + RegisteredDraw);
        var phone = new Random(phoneSeed).Next(0, 10_000_000);
        var chosen = new List<RegisteredHousehold>();
        foreach (var (group, index) in groups)
        {
            // Three draws for every group, registered or not: the same groups answer the same way whatever the share.
            var (registers, answerDraw, hoursDraw) = (chance.NextDouble(), chance.NextDouble(), chance.NextDouble());
            if (registers >= share || consulateOf(group.People[0].Nationality) is not { } consulate)
                continue;
            int? answer = answerDraw < answers.WantToLeave ? 3
                : answerDraw < answers.WantToLeave + answers.Safe ? 1
                : answerDraw < answers.WantToLeave + answers.Safe + answers.NeedHelp ? 2
                : null;
            var number = chosen.Count;
            chosen.Add(new RegisteredHousehold(group, index, consulate, AreaOf(scenario, group, countryOf),
                $"+2189{1 + number % 4}{(phone + number) % 10_000_000:D7}", answer, 0.25 + hoursDraw * Math.Max(0, answers.WithinHours - 0.25)));
        }
        return chosen;
    }

    static string AreaOf(CrisisScenario scenario, GeneratedGroup group, Func<string, string?> countryOf)
    {
        var crisisCountry = countryOf(group.PickupPlace);
        bool GoesHome(Route route) => route.Home || route.To is { } to && countryOf(to) == group.DestinationCountry;
        return scenario.Routes.Any(route => route.From == group.PickupPlace && GoesHome(route))
            ? group.PickupPlace
            : scenario.Routes.Where(route => route.Home && countryOf(route.From) == crisisCountry).Select(route => route.From).FirstOrDefault() ?? group.PickupPlace;
    }

    /// <summary>
    /// Registers the chosen households, each consulate its own nationals in one list, then declares the crisis at level 3.
    /// False, and nothing done, when the crisis has an alert level already (a replay played before on this platform: its
    /// registered nationals were asked then, and are not asked twice).
    /// </summary>
    public async Task<bool> RegisterAndDeclare(IReadOnlyList<RegisteredHousehold> chosen, CancellationToken cancellationToken)
    {
        var crisis = await gateway.Get<CrisisAnswer>(Coordinator, $"/api/crises/{scenario.CrisisId}", cancellationToken);
        if (crisis.AlertLevel is { } level)
        {
            log($"{crisis.Name} is at alert level {level} already: its registered nationals were asked before, the replay's check-ins are not played again");
            return false;
        }
        var registered = new List<RegisteredHousehold>();
        foreach (var consulate in chosen.GroupBy(household => household.Consulate))
        {
            using var response = await gateway.PostCsv(consulate.Key, "/api/registrations/import", Csv(consulate), Key("registrations", consulate.Key),
                cancellationToken);
            if (response.IsSuccessStatusCode)
                registered.AddRange(consulate);
            else // the list is taken whole or not at all: those households come forward at an intake desk like anyone else
                log($"{consulate.Key} could not register its {consulate.Count()} households ({(int)response.StatusCode}): " +
                    await response.Content.ReadAsStringAsync(cancellationToken));
        }
        _households = registered;
        log($"before the crisis: {registered.Count} households ({registered.Sum(h => h.Group.People.Count)} people) registered by " +
            $"{registered.Select(h => h.Consulate).Distinct().Count()} consulates; {crisis.Name} declared at alert level 3, voluntary departure");
        using var declared = await gateway.Patch(Coordinator, $"/api/crises/{scenario.CrisisId}", new { alertLevel = 3 }, cancellationToken);
        await GatewayClient.EnsureSuccess(declared, cancellationToken);
        return true;
    }

    /// <summary>A consulate's list: a row per person, the household's columns on each.</summary>
    string Csv(IEnumerable<RegisteredHousehold> households)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var csv = new StringBuilder("household,nationality,countryOfResidence,area,phone,consentToContact,givenName,familyName,sex,birthDate,documentKind,documentNumber\n");
        foreach (var household in households)
            foreach (var (person, i) in household.Group.People.Select((person, i) => (person, i)))
                csv.AppendJoin(',', [$"h{household.Index}", person.Nationality, seeds.Places[household.Area].Country, household.Area, household.Phone, "true",
                    CrisisReplay.Quoted(person.GivenName), CrisisReplay.Quoted(person.FamilyName), person.Sex,
                    today.AddYears(-person.Age).AddDays(-((household.Index * 37 + i * 11) % 300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    person.DocumentKind, person.DocumentNumber ?? ""]).Append('\n');
        return csv.ToString();
    }

    /// <summary>
    /// The registered people's phones: each answers the question that reaches it when its answer is due, many at once; the
    /// desk is done once every household has been asked and has answered (or stayed silent), and the platform has made
    /// the requests the "3"s asked for — or, should the questions never come, once the crisis is over.
    /// </summary>
    /// <param name="outboxFrom">Where the phones' received messages start for this replay (read before the declaration).</param>
    /// <param name="wantsToLeave">Called with the people of a household whose "3" was sent: they come forward by it.</param>
    public async Task Answer(long outboxFrom, DateTimeOffset start, TimeSpan tick, Action<int> wantsToLeave, CancellationToken cancellationToken)
    {
        var byPhone = _households.ToDictionary(household => household.Phone);
        var asked = new HashSet<string>();
        var due = new List<(DateTimeOffset At, RegisteredHousehold Household)>();
        // Answers fall due in crisis time; the desk's patience with a silent platform is real time.
        var (offset, sinceNews) = (outboxFrom, System.Diagnostics.Stopwatch.StartNew());
        while (asked.Count < byPhone.Count || due.Count > 0)
        {
            var now = clock.GetUtcNow();
            var (messages, next) = await phones.ReceivedSince(offset, cancellationToken);
            offset = next;
            foreach (var message in messages)
                if (byPhone.TryGetValue(message.To, out var household) && asked.Add(household.Phone))
                {
                    sinceNews.Restart();
                    Interlocked.Increment(ref _asked);
                    if (household.Answer is not null)
                        due.Add((now + TimeSpan.FromHours(household.AnswerAfterHours), household));
                }
            var answering = due.Where(answer => answer.At <= now).Select(answer => answer.Household).ToList();
            due.RemoveAll(answer => answer.At <= now);
            await Parallel.ForEachAsync(answering, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken },
                async (household, token) =>
                {
                    try
                    {
                        await phones.Send(household.Phone, household.Answer!.Value.ToString(CultureInfo.InvariantCulture), token);
                    }
                    catch (Exception e) when (e is TimeoutException or IOException)
                    {
                        // The simulated network went away (restarting with bearerbox): this household's answer is lost, as an SMS would be.
                        log($"a phone could not send its answer: {e.Message}");
                        return;
                    }
                    if (household.Answer == 1)
                        Interlocked.Increment(ref _safe);
                    else if (household.Answer == 2)
                        Interlocked.Increment(ref _needHelp);
                    else
                    {
                        Interlocked.Increment(ref _wantToLeave);
                        wantsToLeave(household.Group.People.Count);
                    }
                });
            var hour = (now - start).TotalHours;
            if (due.Count == 0 && hour > scenario.Days * 24 && sinceNews.Elapsed > Patience)
            {
                log($"{byPhone.Count - asked.Count} registered households were never asked \"are you safe?\"");
                break;
            }
            await Task.Delay(tick, cancellationToken);
        }
        // The requests the "3"s asked for, before the desk is done: the operation settles only once they are on its list.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            try
            {
                var figures = await Figures(cancellationToken);
                if (figures.Requests + figures.Refused >= Volatile.Read(ref _wantToLeave))
                    return;
            }
            catch (ReplayException e)
            {
                log($"the check-ins could not be read, trying again: {e.Message}");
            }
            await Task.Delay(tick, cancellationToken);
        }
        log("not every \"3\" became an evacuation request within two minutes");
    }

    /// <summary>The progress line's part: what the phones did so far.</summary>
    public string Progress() =>
        $"{_households.Count} registered households: {Volatile.Read(ref _asked)} asked, answered {Volatile.Read(ref _wantToLeave)} × 3, " +
        $"{Volatile.Read(ref _safe)} × 1, {Volatile.Read(ref _needHelp)} × 2";

    /// <summary>The check-ins as the platform has them: the coordinator's counts, and each consulate's view of who asked to leave.</summary>
    public async Task<CheckInFigures> Figures(CancellationToken cancellationToken)
    {
        var counts = (await gateway.Get<CheckInCounts>(Coordinator, $"/api/crises/{scenario.CrisisId}/check-ins", cancellationToken)).Items;
        var leaving = new List<CheckInAnswer>();
        foreach (var consulate in _households.Select(household => household.Consulate).Distinct())
            for (var page = 1; ; page++)
            {
                var answer = await gateway.Get<Page<CheckInAnswer>>(consulate,
                    $"/api/crises/{scenario.CrisisId}/check-ins?answer=want-to-leave&page={page}&pageSize=500", cancellationToken);
                leaving.AddRange(answer.Items);
                if (page * 500 >= answer.Total || answer.Items.Count == 0)
                    break;
            }
        return new CheckInFigures(_households.Count, _households.Sum(household => household.Group.People.Count), counts.Sum(c => c.Asked),
            counts.Sum(c => c.Safe), counts.Sum(c => c.NeedHelp), counts.Sum(c => c.WantToLeave), counts.Sum(c => c.Unanswered),
            leaving.Count(c => c.RequestId is not null), leaving.Count(c => c.RequestStatus is { } status && Matched.Contains(status)),
            leaving.Count(c => c.RequestId is null && c.Problem is not null));
    }

    string Key(string what, string part) => $"replay-{run}-{what}-{part}";

    sealed record CrisisAnswer(string Name, int? AlertLevel);
    sealed record CheckInCounts(List<NationalityCheckIns> Items);
    sealed record NationalityCheckIns(string Nationality, int Asked, int Safe, int NeedHelp, int WantToLeave, int Unanswered, int ToCall);
    sealed record Page<T>(List<T> Items, int Total);
    sealed record CheckInAnswer(Guid? RequestId, string? RequestStatus, string? Problem);
}
