using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Network = Micic.ServiceDefaults.Sms.SimulatedPhones;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A drill as the README runs it, started once for the exercise's tests: the Libya exercise of 400 people at high speed,
/// Tunisia's transit authority played by people (nobody, here). As soon as the platform is up the controller delivers one
/// inject ahead of its time, as a controller does while the drill runs; the tests read what happened once it has ended.
/// </summary>
public sealed class ExercisePlatform : IAsyncLifetime
{
    public const int Speed = 1800; // a crisis hour every 2 s: the dashboard's sweep (every second) is half an hour of crisis time

    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<string> _lastLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentQueue<string> _replayLines = new();

    public ResourceLogTail Logs { get; } = new();
    public OwnPlatform Platform { get; private set; } = null!;
    public System.Diagnostics.Stopwatch Took { get; } = new();

    /// <summary>The controller's early delivery of a message inject, and its repetitions: (status, body) each.</summary>
    public (HttpStatusCode Status, string Body) EarlyDelivery { get; private set; }
    public HttpStatusCode DeliveredAgain { get; private set; }
    public HttpStatusCode UnknownInject { get; private set; }
    public HttpStatusCode DeliveredByATransitAuthority { get; private set; }

    /// <summary>What Tunisia's players read of the master events list just after the early delivery.</summary>
    public IReadOnlyList<JsonElement> HandedToTunisia { get; private set; } = [];

    public IReadOnlyList<string> ReplayLines => [.. _replayLines];

    public async Task InitializeAsync()
    {
        Logs.Line += (source, line) =>
        {
            if (source != "replay")
                return;
            _replayLines.Enqueue(line);
            if (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling"))
                _replayEnded.TrySetResult(line);
            if (line.Contains("replay of "))
                _lastLine.TrySetResult(line);
        };
        Platform = await OwnPlatform.Start("exercise",
            ["--exercise", "libya-2011", "--play", "transit-tun", "--replay-people", "400", "--replay-speed", Speed.ToString()], Logs);
        Took.Start();
        using var iom = await Platform.Coordinator();
        // The controller delivers a message ahead of its time, once; an inject the list does not hold is not found.
        EarlyDelivery = await Eventually.Get(async () =>
        {
            using var response = await iom.PostAsync("/api/exercise/injects/children-at-choucha/deliver", null);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, answer => answer.StatusCode != HttpStatusCode.NotFound && answer.StatusCode != HttpStatusCode.BadGateway, TimeSpan.FromMinutes(1),
            "the dashboard to register the injects");
        using (var again = await iom.PostAsync("/api/exercise/injects/children-at-choucha/deliver", null))
            DeliveredAgain = again.StatusCode;
        using (var unknown = await iom.PostAsync("/api/exercise/injects/earthquake/deliver", null))
            UnknownInject = unknown.StatusCode;
        using (var transit = await Platform.LoginAs("transit-egypt", "dev-egypt-secret"))
        using (var outside = await transit.PostAsync("/api/exercise/injects/salloum-closed/deliver", null))
            DeliveredByATransitAuthority = outside.StatusCode;
        using var tunisia = await Platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        HandedToTunisia = [.. (await tunisia.GetFromJsonAsync<JsonElement>("/api/exercise")).GetProperty("injects").EnumerateArray()];
    }

    /// <summary>Waits for the exercise's end and returns its last line; fails the test, with the logs, if it did not finish.</summary>
    public async Task<string> Ended()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(12));
        Assert.True(ended.Contains("replay finished"), $"The exercise did not finish: {ended}\n{Logs}");
        return await _lastLine.Task.WaitAsync(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

/// <summary>
/// The drill, once it has ended. Its master events list: the dashboard delivers every inject at its crisis time, the controller delivered one
/// ahead of time, and the simulator plays each world event through the API: Egypt closes Salloum and no one is received
/// there while it is closed; the ferry withdrawn from Benghazi has its groups matched again. What Tunisia's authority
/// would do is left to its players: no arrival is logged at a Tunisian site, while Egypt's receive theirs. The report's
/// waits are crisis hours. It says EXERCISE wherever people look: every page (the browser sees the banner), every PDF
/// page's head (its text layer), a workbook's first sheet, the start of every SMS its simulated phones received; its
/// dashboard and audit trail speak crisis time. Its controller rates every objective with its evidence, raises an
/// improvement action in Arabic and prints the after-action report and improvement plan.
/// </summary>
public sealed class ExerciseTests(ExercisePlatform exercise, ITestOutputHelper output) : IClassFixture<ExercisePlatform>
{
    static readonly string[] TunisianSites = ["TN-RAS-AJDIR", "TN-CHOUCHA", "TN-DJERBA-AIRPORT"];
    const string Arabic = "تدريب فريق الاستقبال في رأس جدير على مطابقة الوافدين";

    [Fact]
    public async Task The_master_events_list_is_delivered_on_the_crisis_clock_and_its_effects_are_visible()
    {
        using var iom = await exercise.Platform.Coordinator();
        var early = exercise.EarlyDelivery;
        Assert.True(early.Status == HttpStatusCode.OK, early.Body);
        var delivered = JsonDocument.Parse(early.Body).RootElement;
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal("iom", delivered.GetProperty("deliveredBy").GetString());
        Assert.True(delivered.GetProperty("deliveredAt").GetDateTimeOffset() < delivered.GetProperty("dueAt").GetDateTimeOffset(), early.Body);
        Assert.Equal(HttpStatusCode.Conflict, exercise.DeliveredAgain);
        Assert.Equal(HttpStatusCode.NotFound, exercise.UnknownInject);
        Assert.Equal(HttpStatusCode.Forbidden, exercise.DeliveredByATransitAuthority);

        var last = await exercise.Ended();
        output.WriteLine($"The exercise took {exercise.Took.Elapsed.TotalMinutes:0.0} min after the platform started. {last}");
        // The waits are crisis hours, as the platform keeps crisis time.
        var waits = Regex.Match(last, @"in crisis time: median (\d+) h (\d\d) min, p90 (\d+) h (\d\d) min");
        Assert.True(waits.Success, last);
        Assert.InRange(int.Parse(waits.Groups[3].Value) + int.Parse(waits.Groups[4].Value) / 60.0, 0.5, 24 * 4);

        var lines = exercise.ReplayLines;
        Assert.Contains(lines, line => line.Contains("left to players: transit-tun"));
        Assert.Contains(lines, line => line.Contains("left to players (transit-tun)"));

        // Every inject delivered: at its crisis time (within the sweep's tick), or by the controller ahead of it; the
        // simulator said what it did of each, once.
        var listed = await iom.GetFromJsonAsync<JsonElement>("/api/exercise");
        var injects = listed.GetProperty("injects").EnumerateArray().ToList();
        Assert.True(injects.Count >= 8, listed.ToString());
        foreach (var inject in injects)
        {
            var id = inject.GetProperty("id").GetString()!;
            Assert.Equal("delivered", inject.GetProperty("status").GetString());
            var late = inject.GetProperty("deliveredAt").GetDateTimeOffset() - inject.GetProperty("dueAt").GetDateTimeOffset();
            if (id != "children-at-choucha")
                Assert.True(late >= TimeSpan.Zero && late <= TimeSpan.FromHours(1), $"{id} delivered {late} after its time");
            Assert.Single(lines, line => line.Contains($"inject {id} ("));
            output.WriteLine(lines.Single(line => line.Contains($"inject {id} (")));
        }
        // The players of Tunisia's authority were handed, while the drill ran, the injects delivered to them and nothing of
        // what was still to come; at the end, every one meant for them.
        Assert.Contains("children-at-choucha", exercise.HandedToTunisia.Select(i => i.GetProperty("id").GetString()));
        Assert.All(exercise.HandedToTunisia, inject => Assert.Equal(("delivered", "transit-tun"),
            (inject.GetProperty("status").GetString(), inject.GetProperty("forOrganisation").GetString())));
        using (var tunisia = await exercise.Platform.LoginAs("transit-tunisia", "dev-tunisia-secret"))
            Assert.Equal(injects.Where(i => i.GetProperty("forOrganisation").GetString() == "transit-tun").Select(i => i.GetProperty("id").GetString()).Order(),
                (await tunisia.GetFromJsonAsync<JsonElement>("/api/exercise")).GetProperty("injects").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Order());

        // Tunisia's closure of Ras Ajdir is its players' to make.
        Assert.Contains(lines, line => line.Contains("inject ras-ajdir-closed (") && line.Contains("left to transit-tun"));

        // Salloum closed by Egypt: nobody was received there while it was closed.
        var salloum = await iom.GetFromJsonAsync<JsonElement>("/api/transit/sites/EG-SALLOUM");
        var closure = Assert.Single(salloum.GetProperty("closures").EnumerateArray());
        var (closedAt, endsAt) = (closure.GetProperty("closedAt").GetDateTimeOffset(), closure.GetProperty("endsAt").GetDateTimeOffset());
        // Closed for the inject's 4 hours from the simulator's crisis time, a moment before the site's own: at this speed a
        // quarter of a real second on a busy machine is several crisis minutes.
        Assert.InRange(closure.GetProperty("until").GetDateTimeOffset() - closedAt, TimeSpan.FromHours(3.5), TimeSpan.FromHours(4));
        Assert.Equal("transit-egy", closure.GetProperty("closedBy").GetString());
        var atSalloum = await Arrivals(iom, "EG-SALLOUM");
        Assert.DoesNotContain(atSalloum, arrival => arrival >= closedAt && arrival < endsAt);

        // The Egyptian sites received their people; nobody was logged at a Tunisian site, whose authority no one played.
        Assert.NotEmpty(atSalloum.Concat(await Arrivals(iom, "EG-ALEXANDRIA-PORT")));
        foreach (var site in TunisianSites)
            Assert.Empty(await Arrivals(iom, site));

        // The ferry withdrawn from Benghazi: withdrawn, and every group it held matched again to another offer.
        var withdrawal = Regex.Match(lines.Single(line => line.Contains("inject ferry-withdrawn (")), @"withdrew offer ([0-9a-f-]{36})");
        Assert.True(withdrawal.Success, string.Join('\n', lines.Where(line => line.Contains("inject "))));
        var ferry = withdrawal.Groups[1].Value;
        Assert.Equal("withdrawn", (await iom.GetFromJsonAsync<JsonElement>($"/api/offers/{ferry}")).GetProperty("status").GetString());
        var onTheFerry = new List<(string RequestId, JsonElement Matching)>();
        foreach (var request in await All(iom, "/api/requests?pickupPlace=LY-BEN-PORT"))
        {
            var id = request.GetProperty("id").GetString()!;
            var matching = await iom.GetFromJsonAsync<JsonElement>($"/api/matching/{id}");
            if (matching.GetProperty("history").EnumerateArray().Any(step => OfferOf(step) == ferry))
                onTheFerry.Add((id, matching));
        }
        Assert.NotEmpty(onTheFerry);
        foreach (var (id, matching) in onTheFerry)
        {
            var history = matching.GetProperty("history").EnumerateArray().ToList();
            var lastOnFerry = history.FindLastIndex(step => OfferOf(step) == ferry);
            Assert.True(history.Skip(lastOnFerry + 1).Any(step => OfferOf(step) is { } offer && offer != ferry),
                $"Request {id} was not matched again after the ferry was withdrawn: {matching}");
        }
        output.WriteLine($"{onTheFerry.Count} groups on the withdrawn ferry {ferry}, each matched again.");
    }

    [Fact]
    public async Task Every_page_document_and_message_of_an_exercise_says_EXERCISE_and_the_audit_speaks_crisis_time_too()
    {
        await exercise.Ended();
        using var iom = await exercise.Platform.Coordinator();

        // Pages: the banner first on the page, in a browser, before and after signing in.
        using (var plain = new HttpClient { BaseAddress = exercise.Platform.Gateway })
            foreach (var path in new[] { "/register/", "/intake/", "/consulate/", "/dashboard/" })
            {
                var html = await plain.GetStringAsync(path);
                Assert.Contains("EXERCISE EXERCISE EXERCISE", html);
                Assert.Matches("<title[^>]*>EXERCISE — ", html);
            }
        await using (var browser = await DashboardBrowser.SignIn(exercise.Platform.Gateway, output.WriteLine))
        {
            var banner = browser.Page.Locator(".micic-exercise");
            Assert.True(await banner.IsVisibleAsync());
            Assert.StartsWith("EXERCISE EXERCISE EXERCISE", await banner.InnerTextAsync());
            Assert.StartsWith("EXERCISE — ", await browser.Page.TitleAsync());
            // On top, across the page: nothing of the page above it.
            var box = await banner.BoundingBoxAsync();
            Assert.True(box is { Y: < 1, Width: > 1000 }, $"The banner sits at {box?.X},{box?.Y}, {box?.Width} wide.");
            // The controller's panel: the crisis clock and the master events list, every inject delivered by now.
            await browser.Page.WaitForSelectorAsync("#exercise #injects tr.delivered", new PageWaitForSelectorOptions { Timeout = 30_000 });
            Assert.Equal(0, await browser.Page.Locator("#exercise #injects tr.pending").CountAsync());
            Assert.Contains("Crisis time 2011-", await browser.Page.Locator("#exercise-clock").InnerTextAsync());
            var speed = (await iom.GetFromJsonAsync<JsonElement>("/api/exercise")).GetProperty("clock").GetProperty("speed").GetDouble();
            Assert.Equal(speed.ToString(System.Globalization.CultureInfo.InvariantCulture), await browser.Page.Locator("#exercise-speed").InputValueAsync());
            output.WriteLine($"Screenshot: {await browser.Screenshot("exercise-dashboard.png")}");
            output.WriteLine($"Screenshot: {await browser.Screenshot("exercise-control.png", "#exercise")}");
            // Paused from the page, every service's crisis time stands still; resumed, it goes on.
            await browser.Page.ClickAsync("#exercise-pause");
            await browser.Page.WaitForFunctionAsync("() => document.querySelector('#exercise-clock').textContent.includes('paused')");
            Assert.True((await iom.GetFromJsonAsync<JsonElement>("/api/exercise")).GetProperty("clock").GetProperty("paused").GetBoolean());
            await browser.Page.ClickAsync("#exercise-pause");
            await browser.Page.WaitForFunctionAsync("() => !document.querySelector('#exercise-clock').textContent.includes('paused')");
            Assert.False((await iom.GetFromJsonAsync<JsonElement>("/api/exercise")).GetProperty("clock").GetProperty("paused").GetBoolean());
            var signIn = await new HttpClient { BaseAddress = exercise.Platform.Gateway }.GetStringAsync("/account/login");
            Assert.Contains("EXERCISE EXERCISE EXERCISE", signIn);
        }

        // Documents: every page of the after-action report headed EXERCISE, in the text a reader copies.
        var pdf = await Documents.Download(await iom.GetAsync("/api/reports/after-action.pdf?crisisId=libya-2011"), "application/pdf");
        var pages = Documents.Pages(pdf);
        var text = Documents.Text(pdf);
        Assert.True(pages > 1, $"{pages} pages");
        Assert.Equal(pages, text.Split('\f').Count(page => page.Contains("EXERCISE EXERCISE EXERCISE")));
        output.WriteLine($"Pictures: {string.Join(", ", Documents.Pictures(pdf, "exercise-after-action-report"))}");
        var workbook = await Documents.Download(await iom.GetAsync("/api/reports/after-action.xlsx?crisisId=libya-2011"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Assert.Equal("EXERCISE", Documents.SheetNames(workbook)[0]);

        // Messages: the check-ins and notices the exercise sent, every one beginning with EXERCISE, and only to the simulated phones.
        var sent = (await new Network(Path.Combine(exercise.Platform.DataFolder, "kannel")).ReceivedSince(0)).Messages;
        Assert.NotEmpty(sent);
        Assert.All(sent, message => Assert.StartsWith("EXERCISE: ", message.Text));

        // The dashboard speaks crisis time, its alerts too (the broker stamps messages with real time; the dashboard says them on the clock).
        var summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
        Assert.NotEmpty(summary.GetProperty("alerts").EnumerateArray());
        Assert.All(summary.GetProperty("alerts").EnumerateArray(), alert => Assert.Equal(2011, alert.GetProperty("at").GetDateTimeOffset().Year));

        // The audit: real time, and the crisis time beside it.
        var audit = await iom.GetFromJsonAsync<JsonElement>("/api/audit?pageSize=50");
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, entry =>
        {
            Assert.Equal(DateTimeOffset.UtcNow.Year, entry.GetProperty("at").GetDateTimeOffset().Year);
            Assert.Equal(2011, entry.GetProperty("crisisAt").GetDateTimeOffset().Year);
        });
    }

    [Fact]
    public async Task The_exercise_is_rated_objective_by_objective_and_its_improvement_plan_printed()
    {
        await exercise.Ended();
        using var iom = await exercise.Platform.Coordinator();

        // Every objective of the scenario, measured and rated, with its evidence.
        using var answer = await iom.GetAsync("/api/exercise/evaluation");
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        var evaluation = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("libya-2011", evaluation.GetProperty("scenario").GetString());
        Assert.Equal(2011, evaluation.GetProperty("crisisTime").GetDateTimeOffset().Year); // crisis time, not the day the drill ran
        var objectives = evaluation.GetProperty("objectives").EnumerateArray().ToList();
        Assert.Equal(["medical-first", "families-together", "vulnerable-first", "children-referred", "check-ins-answered", "arrivals-reconciled",
            "rematch-after-withdrawal"], objectives.Select(o => o.GetProperty("id").GetString()));
        foreach (var objective in objectives)
        {
            var rating = objective.GetProperty("rating").GetString();
            Assert.Contains(rating, new[] { "P", "S", "M", "U" });
            Assert.NotEmpty(objective.GetProperty("evidence").EnumerateArray());
            output.WriteLine($"{objective.GetProperty("id").GetString()}: {Measured(objective)} (target {objective.GetProperty("goal").GetString()}) → {rating}");
            foreach (var evidence in objective.GetProperty("evidence").EnumerateArray())
                output.WriteLine($"    {evidence.GetString()}");
        }
        // Waits are crisis hours: a replay of a few minutes' real time spans days of crisis, and the medical groups' wait shows it.
        var medical = objectives[0];
        Assert.Contains("crisis hours", medical.GetProperty("evidence")[0].GetString());
        Assert.Equal(objectives.Count(o => o.GetProperty("rating").GetString() == "P"), evaluation.GetProperty("strengths").GetArrayLength());
        Assert.Equal(objectives.Count(o => o.GetProperty("rating").GetString() != "P"), evaluation.GetProperty("areasForImprovement").GetArrayLength());

        // An improvement action for an objective of the plan, in Arabic, owned by the Tunisian transit authority.
        var due = DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd");
        using var raised = await iom.PostAsJsonAsync("/api/improvements",
            new { objectiveId = "arrivals-reconciled", text = Arabic, ownerOrganisationId = "transit-tun", dueBy = due });
        Assert.True(raised.StatusCode == HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var id = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var notInPlan = await iom.PostAsJsonAsync("/api/improvements",
            new { objectiveId = "cook-lunch", text = "Cook lunch.", ownerOrganisationId = "iom", dueBy = due });
        Assert.Equal(HttpStatusCode.BadRequest, notInPlan.StatusCode);
        Assert.Contains("objectiveId", await notInPlan.Content.ReadAsStringAsync());
        using var otherCrisis = await iom.PostAsJsonAsync("/api/improvements",
            new { text = "Cook lunch.", ownerOrganisationId = "iom", dueBy = due, crisisId = "another-crisis" });
        Assert.Equal(HttpStatusCode.BadRequest, otherCrisis.StatusCode);

        var open = await iom.GetFromJsonAsync<JsonElement>("/api/improvements?status=open");
        var action = open.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal("exercise", action.GetProperty("source").GetString());
        Assert.Equal("libya-2011", action.GetProperty("scenario").GetString());
        Assert.Equal("libya-2011", action.GetProperty("crisisId").GetString());
        Assert.Equal(2011, action.GetProperty("raisedAtCrisisTime").GetDateTimeOffset().Year);
        Assert.True(action.GetProperty("raisedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("iom", action.GetProperty("raisedBy").GetProperty("organisationId").GetString());
        using var started = await iom.PatchAsJsonAsync($"/api/improvements/{id}", new { status = "in-progress" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        // The after-action report and improvement plan: EXERCISE, every rating, the action shaped in Arabic.
        var pdf = await Documents.Download(await iom.GetAsync("/api/exercise/evaluation.pdf"), "application/pdf");
        var pictures = Documents.Pictures(pdf, "exercise-evaluation");
        await File.WriteAllBytesAsync(Path.Combine(Repository.Root, "artifacts", "exercise-evaluation.pdf"), pdf);
        output.WriteLine(string.Join("\n", pictures));
        var printed = Documents.Text(pdf);
        Assert.Contains("EXERCISE", printed);
        Assert.Contains("After-action report and improvement plan", printed);
        Assert.Equal(Documents.Pages(pdf), printed.Split('\f').Count(page => page.Contains("EXERCISE"))); // at the head of every page
        foreach (var objective in objectives)
            Assert.Contains(objective.GetProperty("id").GetString()!, printed);
        // The tally of ratings on the cover, as the objectives were rated.
        foreach (var (rating, meaning) in new[] { ("P", "performed without challenges"), ("S", "performed with some challenges"),
                     ("M", "performed with major challenges"), ("U", "unable to be performed") })
            Assert.Matches($@"{objectives.Count(o => o.GetProperty("rating").GetString() == rating)}\s+{rating}\s+{meaning.Replace(" ", @"\s+")}", printed);
        // The Arabic in typed order: the text layer wraps the line, marks its direction and may space letters apart, none of it the words.
        Assert.Contains(Letters(Arabic), Letters(printed));
        Assert.Contains("in-progress", printed);
    }

    static string Letters(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c is not ('\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E'))));

    static string Measured(JsonElement objective) => objective.TryGetProperty("measured", out var measured) && measured.ValueKind == JsonValueKind.Number
        ? $"{measured.GetDouble()} {objective.GetProperty("unit").GetString()}"
        : "nothing to measure";

    internal static string? OfferOf(JsonElement step) =>
        step.TryGetProperty("offerId", out var offer) && offer.ValueKind == JsonValueKind.String ? offer.GetString() : null;

    internal static async Task<List<DateTimeOffset>> Arrivals(HttpClient client, string site) =>
        [.. (await All(client, $"/api/transit/sites/{site}/arrivals?")).Select(arrival => arrival.GetProperty("arrivedAt").GetDateTimeOffset())];

    internal static async Task<List<JsonElement>> All(HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await client.GetFromJsonAsync<JsonElement>($"{path}{(path.EndsWith('?') ? "" : "&")}page={page}&pageSize=500");
            items.AddRange(answer.GetProperty("items").EnumerateArray());
            if (items.Count >= answer.GetProperty("total").GetInt32() || answer.GetProperty("items").GetArrayLength() == 0)
                return items;
        }
    }
}
