using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Micic.AppHost.Servers;
using Micic.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The README's run command with a small, fast replay: the AppHost starts its own PostgreSQL and RabbitMQ, plays the
/// Libya scenario through the gateway as its organisations would, and the figures agree at the end — the dashboard's
/// with the requests service's own, and a rebuild of the dashboard from its history with both.
/// </summary>
public sealed class CrisisReplayTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly string[] Statuses = ["submitted", "pending", "matched", "manifested", "departed", "in-transit", "completed", "cancelled"];

    readonly string _data = Path.Combine(Path.GetTempPath(), $"micic-replay-{Guid.NewGuid():N}");
    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    Uri _gateway = null!;
    readonly ResourceLogTail _logs = new();
    DistributedApplication _appHost = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source == "replay" && (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling")))
                _replayEnded.TrySetResult(line);
        };
        _appHost = await AppHosts.Start(
            ["--data", _data, "--port", LoopbackPorts.Free().ToString(), "--replay", "libya-2011", "--replay-people", "150", "--replay-speed", "3600"], _logs);
        _gateway = AppHosts.Gateway(_appHost);
    }

    public async Task DisposeAsync()
    {
        await _appHost.DisposeAsync();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { } // a server's file still closing: the temp folder is swept anyway
        catch (UnauthorizedAccessException) { } // owned by the server accounts
    }

    [Fact]
    public async Task A_small_crisis_replayed_through_the_gateway_ends_with_figures_that_agree()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(6));
        Assert.True(ended.Contains("replay finished"), $"The replay did not finish: {ended}\n{_logs}");

        using var iom = new HttpClient { BaseAddress = _gateway };
        var login = await iom.PostAsJsonAsync("/api/auth/token", new { clientId = "iom-coordination", clientSecret = "dev-iom-secret" });
        iom.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

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

        // What a coordinator sees at the end of it, kept for people to look at.
        await using var browser = await DashboardBrowser.SignIn(_gateway, output.WriteLine);
        await browser.Page.WaitForSelectorAsync("#sites tr");
        output.WriteLine($"Screenshot: {await browser.Screenshot("dashboard-replay.png")}");
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
