using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Micic.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A drill as the README runs it: the Libya exercise of 400 people at high speed, Tunisia's transit authority played by
/// people (nobody, here). The dashboard delivers every inject of the master events list at its crisis time, the controller
/// delivers one ahead of time, and the simulator plays each world event through the API: Egypt closes Salloum and no
/// one is received there while it is closed; the ferry withdrawn from Benghazi has its groups matched again. What
/// Tunisia's authority would do is left to its players: no arrival is logged at a Tunisian site, while Egypt's receive
/// theirs. The report's waits are crisis hours.
/// </summary>
public sealed class ExerciseTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int Speed = 1800; // a crisis hour every 2 s: the dashboard's sweep (every second) is half an hour of crisis time
    static readonly string[] TunisianSites = ["TN-RAS-AJDIR", "TN-CHOUCHA", "TN-DJERBA-AIRPORT"];

    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource<string> _lastLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentQueue<string> _replayLines = new();
    readonly ResourceLogTail _logs = new();
    OwnPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source != "replay")
                return;
            _replayLines.Enqueue(line);
            if (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling"))
                _replayEnded.TrySetResult(line);
            if (line.Contains("replay of "))
                _lastLine.TrySetResult(line);
        };
        _platform = await OwnPlatform.Start("exercise",
            ["--exercise", "libya-2011", "--play", "transit-tun", "--replay-people", "400", "--replay-speed", Speed.ToString()], _logs);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_master_events_list_is_delivered_on_the_crisis_clock_and_its_effects_are_visible()
    {
        var took = System.Diagnostics.Stopwatch.StartNew();
        using var iom = await _platform.Coordinator();

        // The controller delivers a message ahead of its time, once; an inject the list does not hold is not found.
        var early = await Eventually.Get(async () =>
        {
            using var response = await iom.PostAsync("/api/exercise/injects/children-at-choucha/deliver", null);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, answer => answer.StatusCode != HttpStatusCode.NotFound && answer.StatusCode != HttpStatusCode.BadGateway, TimeSpan.FromMinutes(1),
            "the dashboard to register the injects");
        Assert.True(early.StatusCode == HttpStatusCode.OK, early.Body);
        var delivered = JsonDocument.Parse(early.Body).RootElement;
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal("iom", delivered.GetProperty("deliveredBy").GetString());
        Assert.True(delivered.GetProperty("deliveredAt").GetDateTimeOffset() < delivered.GetProperty("dueAt").GetDateTimeOffset(), early.Body);
        using (var again = await iom.PostAsync("/api/exercise/injects/children-at-choucha/deliver", null))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using (var unknown = await iom.PostAsync("/api/exercise/injects/earthquake/deliver", null))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var transit = await _platform.LoginAs("transit-egypt", "dev-egypt-secret"))
        using (var outside = await transit.PostAsync("/api/exercise/injects/salloum-closed/deliver", null))
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);

        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(12));
        Assert.True(ended.Contains("replay finished"), $"The exercise did not finish: {ended}\n{_logs}");
        var last = await _lastLine.Task.WaitAsync(TimeSpan.FromMinutes(1));
        output.WriteLine($"The exercise took {took.Elapsed.TotalMinutes:0.0} min after the platform started. {last}");
        // The waits are crisis hours, as the platform keeps crisis time.
        var waits = Regex.Match(last, @"in crisis time: median (\d+) h (\d\d) min, p90 (\d+) h (\d\d) min");
        Assert.True(waits.Success, last);
        Assert.InRange(int.Parse(waits.Groups[3].Value) + int.Parse(waits.Groups[4].Value) / 60.0, 0.5, 24 * 4);

        var lines = _replayLines.ToArray();
        Assert.Contains(lines, line => line.Contains("left to players: transit-tun"));
        Assert.Contains(lines, line => line.Contains("left to players (transit-tun)"));

        // Every inject delivered: at its crisis time (within the sweep's tick), or by the controller ahead of it; the
        // simulator said what it did of each, once.
        var exercise = await iom.GetFromJsonAsync<JsonElement>("/api/exercise");
        var injects = exercise.GetProperty("injects").EnumerateArray().ToList();
        Assert.True(injects.Count >= 8, exercise.ToString());
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

/// <summary>
/// The same exercise with every organisation simulated: Tunisia closes Ras Ajdir, the busiest crossing, for six hours. No
/// one is received there while it is closed; the buses that reach it meanwhile wait, and their people are received once it
/// opens.
/// </summary>
public sealed class ExerciseWithoutPlayersTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentQueue<string> _replayLines = new();
    readonly ResourceLogTail _logs = new();
    OwnPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source != "replay")
                return;
            _replayLines.Enqueue(line);
            if (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling"))
                _replayEnded.TrySetResult(line);
        };
        _platform = await OwnPlatform.Start("exercise-all", ["--exercise", "libya-2011", "--replay-people", "400", "--replay-speed", "1800"], _logs);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Nobody_is_received_at_Ras_Ajdir_while_Tunisia_keeps_it_closed_and_those_who_waited_are_received_after()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(12));
        Assert.True(ended.Contains("replay finished"), $"The exercise did not finish: {ended}\n{_logs}");
        var lines = _replayLines.ToArray();
        Assert.Contains(lines, line => line.Contains("the simulator plays every organisation"));
        output.WriteLine(string.Join('\n', lines.Where(line => line.Contains("inject "))));

        using var iom = await _platform.Coordinator();
        var site = await iom.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-RAS-AJDIR");
        Assert.Equal("open", site.GetProperty("status").GetString());
        var closure = Assert.Single(site.GetProperty("closures").EnumerateArray());
        Assert.Equal("transit-tun", closure.GetProperty("closedBy").GetString());
        var (closedAt, endsAt) = (closure.GetProperty("closedAt").GetDateTimeOffset(), closure.GetProperty("endsAt").GetDateTimeOffset());
        Assert.InRange(endsAt - closedAt, TimeSpan.FromHours(5.5), TimeSpan.FromHours(6));
        var arrivals = await ExerciseTests.Arrivals(iom, "TN-RAS-AJDIR");
        Assert.DoesNotContain(arrivals, arrival => arrival >= closedAt && arrival < endsAt);
        Assert.Contains(arrivals, arrival => arrival < closedAt);
        Assert.Contains(arrivals, arrival => arrival >= endsAt);
        output.WriteLine($"Ras Ajdir closed {closedAt:HH:mm}–{endsAt:HH:mm}: {arrivals.Count(a => a < closedAt)} arrivals before, "
            + $"{arrivals.Count(a => a >= endsAt && a < endsAt.AddHours(1))} in the hour after it opened, {arrivals.Count} in all.");
    }
}
