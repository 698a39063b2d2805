using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Micic.IntegrationTests.Infrastructure;
using Micic.ServiceDefaults.Documents;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The README's run command with a small, fast replay: the AppHost starts its own PostgreSQL and RabbitMQ, plays the
/// Libya scenario through the gateway as its organisations would, and the figures agree at the end — the dashboard's
/// with the requests service's own, and a rebuild of the dashboard from its history with both. Before the crisis, the
/// consulates register a share of their nationals and the crisis is declared at level 3; the "3"s the registered people
/// answer on the simulated phones become requests that are matched like the others.
/// </summary>
public sealed class CrisisReplayTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly string[] Statuses = ["submitted", "pending", "matched", "manifested", "departed", "in-transit", "completed", "cancelled"];

    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<string> _lastLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<string> _checkInsLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ResourceLogTail _logs = new();
    OwnPlatform _platform = null!;
    Uri _gateway = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source == "replay" && (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling")))
                _replayEnded.TrySetResult(line);
            if (source == "replay" && line.Contains("replay of "))
                _lastLine.TrySetResult(line);
            if (source == "replay" && line.Contains("check-ins: "))
                _checkInsLine.TrySetResult(line);
        };
        _platform = await OwnPlatform.Start("replay", ["--replay", "libya-2011", "--replay-people", "150", "--replay-speed", "3600"], _logs);
        _gateway = _platform.Gateway;
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_small_crisis_replayed_through_the_gateway_ends_with_figures_that_agree()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(6));
        Assert.True(ended.Contains("replay finished"), $"The replay did not finish: {ended}\n{_logs}");
        // Its last line: how long it took, and how long people waited from submission to a seat, as the after-action report has it.
        var last = await _lastLine.Task.WaitAsync(TimeSpan.FromMinutes(1));
        output.WriteLine(last);
        Assert.Matches(@"replay of \d+ people took \d+ min \d\d s; .*, in crisis time: median \d+ h \d\d min, p90 \d+ h \d\d min, p95 \d+ h \d\d min \(\d+ people matched\)$", last);

        using var iom = await _platform.Coordinator();
        await RegisteredNationalsWereAskedAndThoseWhoWantedToLeaveWereMatched(iom);

        // The dashboard counts what the requests service holds, status by status, once the last events are in.
        var requests = new Dictionary<string, List<JsonElement>>();
        JsonElement summary = default;
        await Eventually.Get(async () =>
        {
            foreach (var status in Statuses)
                requests[status] = await All(iom, $"/api/requests?status={status}");
            summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
            // What disagrees, status by status, so that a failure says where the figures part.
            return string.Join("; ", Statuses
                .Select(status => (status, Dashboard: PeopleIn(summary, status), Requests: requests[status].Sum(r => r.GetProperty("groupSize").GetInt32())))
                .Where(figures => figures.Dashboard != figures.Requests)
                .Select(figures => $"{figures.status}: dashboard {figures.Dashboard}, requests {figures.Requests}"));
        }, disagreements => disagreements.Length == 0, TimeSpan.FromSeconds(30), "the dashboard's figures to equal the requests service's counts");

        // The crisis moved: people were received at the Tunisian border, flown home and completed their journeys.
        Assert.True(PeopleIn(summary, "completed") > 50, summary.GetProperty("people").ToString());
        // (Counted from the site's own log: "arrived today" on the dashboard starts again at midnight UTC, which a run may cross.)
        var rasAjdir = await iom.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-RAS-AJDIR/arrivals?page=1&pageSize=1");
        Assert.True(rasAjdir.GetProperty("total").GetInt32() > 0, rasAjdir.ToString());
        Assert.Contains(summary.GetProperty("sites").EnumerateArray(), site => site.GetProperty("code").GetString() == "TN-RAS-AJDIR");
        Assert.Equal(0, summary.GetProperty("offers").GetProperty("allocated").GetInt32()); // every movement has left

        // A group still "departed" is one whose movement lost someone on the way — never a family whose members all
        // arrived (logged at once at several desks) but was left unfinished.
        foreach (var departed in requests["departed"])
        {
            var request = await iom.GetFromJsonAsync<JsonElement>($"/api/requests/{departed.GetProperty("id").GetString()}");
            var offerId = request.GetProperty("match").GetProperty("offerId").GetString();
            var manifest = (await iom.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offerId}")).GetProperty("items")[0];
            var reconciliation = await iom.GetFromJsonAsync<JsonElement>($"/api/transit/reconciliation/{manifest.GetProperty("id").GetString()}");
            var missing = reconciliation.GetProperty("missing").EnumerateArray().Select(id => id.GetString()).ToHashSet();
            Assert.Contains(request.GetProperty("people").EnumerateArray(), person => missing.Contains(person.GetProperty("personId").GetString()));
        }

        // Counting the dashboard's history again from nothing gives the figures counted live. The last "not arrived"
        // alerts may still be coming (Transit sweeps on its own clock), so the figures just before and just after a
        // rebuild are compared until no event fell between the two.
        await Eventually.Get(async () =>
        {
            var live = Figures(await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"));
            using var rebuild = await iom.PostAsync("/api/dashboard/rebuild", null);
            Assert.Equal(HttpStatusCode.OK, rebuild.StatusCode);
            Assert.True((await rebuild.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt64() > 1000);
            return (Live: live, Rebuilt: Figures(await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary")));
        }, figures => figures.Live == figures.Rebuilt, TimeSpan.FromSeconds(60), "a rebuild to give the figures counted live");

        // The after-action report, compiled from the dashboard's history, counts the people the requests service holds.
        int Sum(params string[] statuses) => statuses.Sum(status => requests[status].Sum(r => r.GetProperty("groupSize").GetInt32()));
        var report = await iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011");
        var people = report.GetProperty("people");
        Assert.Equal(Sum(Statuses), people.GetProperty("requested").GetInt32());
        Assert.Equal(Sum("completed"), people.GetProperty("completed").GetInt32());
        Assert.Equal(Sum("cancelled"), people.GetProperty("cancelled").GetInt32());
        Assert.Equal(Sum("submitted", "pending"), people.GetProperty("waiting").GetInt32());
        Assert.Equal(Sum("departed", "in-transit", "completed"), people.GetProperty("departed").GetInt32());
        Assert.InRange(people.GetProperty("matched").GetInt32(), Sum("matched", "manifested", "departed", "in-transit", "completed"), Sum(Statuses));
        Assert.Equal(people.GetProperty("matched").GetInt32(), report.GetProperty("waitToMatch").GetProperty("overall").GetProperty("people").GetInt32());
        var overall = report.GetProperty("waitToMatch").GetProperty("overall");
        Assert.InRange(overall.GetProperty("p95").GetDouble(), overall.GetProperty("p90").GetDouble(), double.MaxValue);
        // The platform kept crisis time: requests were submitted in February 2011, and people waited crisis hours for a
        // seat (charters go when a vehicle fills or after the scenario's six-hour wait), not the seconds of real time the
        // replay took.
        Assert.All(requests.Values.SelectMany(list => list), request =>
            Assert.Equal(2011, request.GetProperty("submittedAt").GetDateTimeOffset().Year));
        Assert.InRange(overall.GetProperty("p90").GetDouble(), 1, 24 * 4);
        Assert.Equal(people.GetProperty("matched").GetInt32(),
            report.GetProperty("waitToMatch").GetProperty("byNationality").EnumerateArray().Sum(n => n.GetProperty("people").GetInt32()));
        Assert.Equal(people.GetProperty("departed").GetInt32(),
            report.GetProperty("evacuationsOverTime").GetProperty("items").EnumerateArray().Sum(p => p.GetProperty("people").GetInt32()));
        Assert.False(string.IsNullOrEmpty(report.GetProperty("fairness").GetProperty("finding").GetString()));
        // Each person once next to the requests: an onward leg counts its people again on requests, not among people.
        Assert.Equal(Sum(Statuses) - people.GetProperty("onwardJourneys").GetInt32(), people.GetProperty("distinctPeople").GetInt32());
        Assert.InRange(people.GetProperty("distinctDeparted").GetInt32(), 1, people.GetProperty("departed").GetInt32());
        // Vulnerable first counts only pairs that could have taken the same seat: fewer than every pair from the same place to the same destination.
        var vulnerableFirst = report.GetProperty("vulnerableFirst");
        Assert.InRange(vulnerableFirst.GetProperty("pairs").GetInt64(), 0, vulnerableFirst.GetProperty("pairsWhateverSeat").GetInt64());
        output.WriteLine($"Vulnerable first: {vulnerableFirst.GetProperty("measure").GetString()} Whatever seat each could take: "
            + $"{vulnerableFirst.GetProperty("vulnerableFirstWhateverSeat").GetInt64()} of {vulnerableFirst.GetProperty("pairsWhateverSeat").GetInt64()} pairs.");
        output.WriteLine($"Fairness: {report.GetProperty("fairness").GetProperty("finding").GetString()} "
            + $"(within need level alone: {report.GetProperty("fairness").GetProperty("pValueWithinNeedLevel")})");
        Assert.True(report.GetProperty("referrals").GetProperty("byService").GetArrayLength() > 0, report.GetProperty("referrals").ToString());
        output.WriteLine(report.ToString());

        // A consulate gets the same report for its own nationals — those whose group agreed to sharing with it, as many as
        // it can read in the requests service — their waits, nobody else's, and nothing per movement or site.
        using var bgd = await _platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        var nationals = await bgd.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011");
        var shared = 0;
        foreach (var request in await All(bgd, "/api/requests?nationality=BGD"))
            shared += (await bgd.GetFromJsonAsync<JsonElement>($"/api/requests/{request.GetProperty("id").GetString()}")).GetProperty("people").GetArrayLength();
        Assert.Equal(shared, nationals.GetProperty("people").GetProperty("requested").GetInt32());
        var bangladeshis = report.GetProperty("waitToMatch").GetProperty("byNationality").EnumerateArray()
            .Single(n => n.GetProperty("key").GetString() == "BGD").GetProperty("people").GetInt32();
        Assert.InRange(nationals.GetProperty("waitToMatch").GetProperty("overall").GetProperty("people").GetInt32(), 1, bangladeshis);
        Assert.Equal(["BGD"], nationals.GetProperty("waitToMatch").GetProperty("byNationality").EnumerateArray().Select(n => n.GetProperty("key").GetString()));
        Assert.False(nationals.TryGetProperty("referrals", out _));
        Assert.False(nationals.TryGetProperty("offers", out _));
        Assert.False(nationals.GetProperty("people").TryGetProperty("missing", out _));

        // The workbook, as a spreadsheet reader opens it: a sheet per breakdown, numbers as numbers, times as dates.
        var workbook = await Documents.Download(await iom.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011"), Workbook.ContentType);
        foreach (var sheet in Documents.SheetNames(workbook))
            Assert.True(Documents.HeaderFrozen(workbook, sheet), sheet);
        var figures = Documents.Sheet(workbook, "Summary").GroupBy(row => (string)row["Figure"]!).ToDictionary(g => g.Key, g => g.First()["Value"]);
        Assert.Equal((double)people.GetProperty("requested").GetInt32(), figures["People requested"]);
        Assert.IsType<DateTime>(figures["Generated at (UTC)"]);
        Assert.Equal(report.GetProperty("waitToMatch").GetProperty("byNeed").GetArrayLength(), Documents.Sheet(workbook, "By need level").Count);
        Assert.All(Documents.Sheet(workbook, "Evacuations"), row => Assert.IsType<DateTime>(row.Values.First()));

        // The printed report: its pictures kept for people to look at, its text saying what the figures say.
        var pdf = await Documents.Download(await iom.GetAsync("/api/reports/after-action.pdf?crisisId=libya-2011"), "application/pdf");
        Assert.NotEmpty(Documents.Pictures(pdf, "after-action-report"));
        var printed = Documents.Text(pdf);
        Assert.Contains("After-action report: Libya 2011", printed);
        Assert.Contains(report.GetProperty("fairness").GetProperty("finding").GetString()![..40], printed.ReplaceLineEndings(" "));
        Assert.Contains($"{people.GetProperty("requested").GetInt32():N0}", printed);
        Assert.Contains(vulnerableFirst.GetProperty("measure").GetString()![..60], printed.ReplaceLineEndings(" "));
        Documents.Pictures(await Documents.Download(await bgd.GetAsync("/api/reports/after-action.pdf?crisisId=libya-2011"), "application/pdf"),
            "after-action-report-bgd");

        // What a coordinator sees at the end of it, kept for people to look at.
        await using var browser = await DashboardBrowser.SignIn(_gateway, output.WriteLine);
        await browser.Page.WaitForSelectorAsync("#sites tr");
        // The map shows the replay's places — where people wait, where they arrived — on outlines shipped with the page.
        await browser.Page.WaitForSelectorAsync("#map circle", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached, Timeout = 30_000 });
        var known = (await iom.GetFromJsonAsync<JsonElement>("/api/places")).EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToHashSet();
        var drawn = await browser.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('#map circle')].map(c => c.dataset.place)");
        Assert.NotEmpty(drawn);
        Assert.All(drawn, code => Assert.Contains(code, known));
        // Every site with arrivals on this crisis day or people still expected is on it. (The crisis clock has run on past
        // the scenario's end by now, so which sites those are depends on how long the replay took to settle.)
        var active = (await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary")).GetProperty("sites").EnumerateArray()
            .Where(site => site.GetProperty("arrivedToday").GetInt32() > 0 || site.GetProperty("expected").GetInt32() > 0)
            .Select(site => site.GetProperty("code").GetString()!).Where(known.Contains);
        Assert.All(active, code => Assert.Contains(code, drawn));
        output.WriteLine($"Map: {await browser.Screenshot("map.png", "#map")}");
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard-replay.png")}");

        // Last, as it adds an offer of its own: the controller's hand on the clock.
        await TheControllerPausesTheCrisisClockAndSetsItGoingAgain(iom);
    }

    static readonly string[] Consulates = ["bgd", "egy", "phl", "ner", "tcd", "gha", "nga", "sdn", "mli", "pak", "vnm"];
    static readonly string[] MatchedOrFurther = ["matched", "manifested", "departed", "in-transit", "completed"];

    /// <summary>
    /// The controller pauses the crisis clock: crisis time stands still in the answers of every service; set going again
    /// at another speed, it goes on from where it stood.
    /// </summary>
    static async Task TheControllerPausesTheCrisisClockAndSetsItGoingAgain(HttpClient iom)
    {
        static async Task<JsonElement> Clock(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clock");
        }
        static DateTimeOffset CrisisTime(JsonElement clock) => clock.GetProperty("crisisTime").GetDateTimeOffset();

        // Played, the crisis goes on at the pace of real time, where it ended.
        var running = await Clock(await iom.GetAsync("/api/exercise"));
        Assert.Equal(2011, CrisisTime(running).Year);
        Assert.Equal(1, running.GetProperty("speed").GetDouble());
        Assert.False(running.GetProperty("paused").GetBoolean());

        // Paused at 3,600 times real time: were any service still running, two hours of crisis time would go by below.
        var paused = await Clock(await iom.PostAsJsonAsync("/api/exercise/clock", new { paused = true, speed = 3600 }));
        Assert.True(paused.GetProperty("paused").GetBoolean());
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(CrisisTime(paused), CrisisTime(await Clock(await iom.GetAsync("/api/exercise"))));
        // Every service keeps it, not only the controller: a request the replay left waiting does not age.
        using var probe = await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "land", fromPlace = "LY-ZUWARA", toPlace = "TN-RAS-AJDIR",
            destinationCountry = "TUN", departsAt = CrisisTime(paused).AddMinutes(30), seats = 1, eligibility = new { },
        });
        // Half an hour after the paused crisis time is still ahead for the offers service.
        Assert.True(probe.StatusCode == HttpStatusCode.Created, await probe.Content.ReadAsStringAsync());

        var going = await Clock(await iom.PostAsJsonAsync("/api/exercise/clock", new { paused = false, speed = 7200 }));
        Assert.Equal(7200, going.GetProperty("speed").GetDouble());
        await Task.Delay(TimeSpan.FromSeconds(2));
        var later = CrisisTime(await Clock(await iom.GetAsync("/api/exercise")));
        Assert.InRange(later - CrisisTime(paused), TimeSpan.FromHours(1), TimeSpan.FromHours(12));
    }

    /// <summary>
    /// The consulates registered their nationals before the seeded crisis was declared (its first alert level, 3); each
    /// household was asked, most answered, and the "3"s became requests the operation matched — as each consulate sees them.
    /// </summary>
    async Task RegisteredNationalsWereAskedAndThoseWhoWantedToLeaveWereMatched(HttpClient iom)
    {
        var line = await _checkInsLine.Task.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine(line);
        var figures = Regex.Match(line, @"check-ins: (?<registered>\d+) households \(\d+ people\) registered before the crisis, (?<asked>\d+) asked .*: (?<safe>\d+) safe \(1\), " +
            @"(?<help>\d+) need help \(2\), (?<leave>\d+) want to leave \(3\), (?<silent>\d+) silent; (?<requests>\d+) evacuation requests from ""3"", (?<matched>\d+) of them matched");
        Assert.True(figures.Success, line);
        int Figure(string name) => int.Parse(figures.Groups[name].Value);
        Assert.Equal(Figure("registered"), Figure("asked"));
        Assert.Equal(Figure("asked"), Figure("safe") + Figure("help") + Figure("leave") + Figure("silent"));
        Assert.True(Figure("leave") > 0 && Figure("safe") + Figure("help") > 0, line);
        Assert.Equal(Figure("leave"), Figure("requests"));

        // The seeded crisis, declared by its first level: still the crisis the operation serves, since 2011.
        var crisis = await iom.GetFromJsonAsync<JsonElement>("/api/crises/libya-2011");
        Assert.Equal(3, crisis.GetProperty("alertLevel").GetInt32());
        Assert.Equal(2011, crisis.GetProperty("startedAt").GetDateTimeOffset().Year);
        var declaredAt = crisis.GetProperty("declaredAt").GetDateTimeOffset();
        Assert.Single(crisis.GetProperty("history").EnumerateArray());
        // The coordinator counts, without names, as many asked as registered.
        var counts = (await iom.GetFromJsonAsync<JsonElement>("/api/crises/libya-2011/check-ins")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Figure("asked"), counts.Sum(c => c.GetProperty("asked").GetInt32()));

        // Each consulate: its nationals registered before the declaration, and where those who asked to leave stand.
        var (registered, leaving, matched) = (0, 0, 0);
        foreach (var code in Consulates)
        {
            using var consulate = await _platform.LoginAs($"consulate-{code}", $"dev-{code}-secret");
            var registrations = await All(consulate, "/api/registrations?countryOfResidence=LBY");
            Assert.All(registrations, registration => Assert.True(registration.GetProperty("registeredAt").GetDateTimeOffset() < declaredAt, registration.ToString()));
            registered += registrations.Count;
            foreach (var checkIn in await All(consulate, "/api/crises/libya-2011/check-ins?answer=want-to-leave"))
            {
                leaving++;
                Assert.Equal(JsonValueKind.String, checkIn.GetProperty("requestId").ValueKind);
                if (MatchedOrFurther.Contains(checkIn.GetProperty("requestStatus").GetString()))
                    matched++;
            }
        }
        Assert.Equal(Figure("registered"), registered);
        Assert.Equal(Figure("leave"), leaving);
        Assert.True(matched > 0, $"none of the {leaving} households that answered 3 was matched");
    }

    static int PeopleIn(JsonElement summary, string status) =>
        summary.GetProperty("people").GetProperty(status == "in-transit" ? "inTransit" : status).GetInt32();

    /// <summary>Every figure a rebuild recounts, and the alerts' messages (their times are when they were counted).</summary>
    static string Figures(JsonElement summary) => string.Join("\n",
        new[] { "people", "byNationality", "byPickupPlace", "offers", "unmatchedVulnerable", "sites" }.Select(figures => summary.GetProperty(figures).ToString())
            .Concat(summary.GetProperty("alerts").EnumerateArray().Select(alert => alert.GetProperty("message").GetString()).Order()));

    static async Task<List<JsonElement>> All(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await client.GetFromJsonAsync<JsonElement>($"{path}&page={page}&pageSize=500");
            items.AddRange(answer.GetProperty("items").EnumerateArray());
            if (items.Count >= answer.GetProperty("total").GetInt32())
                return items;
        }
    }
}
