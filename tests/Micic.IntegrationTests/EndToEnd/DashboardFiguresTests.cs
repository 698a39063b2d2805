using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>The dashboard's projections on the real broker: the same event delivered twice, or late, counts once.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardFiguresTests(Platform platform)
{
    [Fact]
    public async Task The_same_event_twice_counts_once_and_an_older_status_never_overwrites_a_newer_one()
    {
        using var iom = await platform.Coordinator();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            var requestId = Guid.NewGuid();
            var requested = new EvacuationRequested
            {
                RequestId = requestId, CrisisId = "libya-2011", PickupPlace = "LY-ZUWARA", DestinationCountry = "BTN", AcceptsThirdCountry = false,
                GroupSize = 4, Nationalities = [new NationalityCount("BTN", 4)], Needs = Needs.None, HasElderly = false, SubmittedAt = DateTimeOffset.UtcNow,
            };
            // Two copies (a publisher's retry gives a new message id), then the status changes, the older one last.
            await bus.Publish(requested);
            await bus.Publish(requested);
            EvacuationStatusChanged Change(string status, int sequence) => new()
            {
                RequestId = requestId, Status = status, Sequence = sequence, GroupSize = 4, Priority = 0, At = DateTimeOffset.UtcNow,
            };
            await bus.Publish(Change(RequestStatus.Matched, 2));
            await bus.Publish(Change(RequestStatus.Matched, 2));
            await bus.Publish(Change(RequestStatus.Pending, 1));
            var arrival = new PersonArrived
            {
                ArrivalId = Guid.NewGuid(), SiteCode = "MT-VALLETTA-PORT", PersonId = Guid.NewGuid(), WalkIn = true, Needs = Needs.None,
                AtDestination = false, ArrivedAt = DateTimeOffset.UtcNow,
            };
            await bus.Publish(arrival);
            await bus.Publish(arrival);

            var summary = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
                s => s.GetProperty("byNationality").EnumerateArray().Any(n => n.GetProperty("nationality").GetString() == "BTN")
                     && s.GetProperty("sites").EnumerateArray().Any(site => site.GetProperty("code").GetString() == "MT-VALLETTA-PORT"),
                what: "the dashboard to count the Bhutanese group and the arrival at Valletta");
            await Task.Delay(TimeSpan.FromSeconds(2)); // late duplicates would land by now

            summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
            var bhutanese = summary.GetProperty("byNationality").EnumerateArray().Single(n => n.GetProperty("nationality").GetString() == "BTN");
            Assert.Equal(4, bhutanese.GetProperty("people").GetInt32());
            Assert.Equal(0, bhutanese.GetProperty("waiting").GetInt32()); // matched (sequence 2) stands; the late "pending" (1) is ignored
            Assert.Equal(1, summary.GetProperty("sites").EnumerateArray().Single(site => site.GetProperty("code").GetString() == "MT-VALLETTA-PORT")
                .GetProperty("arrivedToday").GetInt32());
            Assert.Equal(1, await platform.Number("micic_dashboard", $"SELECT count(*) FROM request_projection WHERE request_id = '{requestId}'"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// A consulate's after-action report counts its nationals only in groups that agreed to sharing with it — an event
    /// from before the flag counts as not agreed — and names no request. The groups leave from a place of their own, so
    /// the report's line for it holds them alone.
    /// </summary>
    [Fact]
    public async Task A_consulates_report_counts_only_its_nationals_who_agreed_to_sharing()
    {
        using var iom = await platform.Coordinator();
        using var pakistan = await platform.LoginAs("consulate-pak", "dev-pak-secret");
        var place = $"TEST-{Guid.NewGuid():N}"[..20];
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        Guid[] groups = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        try
        {
            var submittedAt = DateTimeOffset.UtcNow.AddHours(-3);
            bool?[] consents = [true, false, null];
            for (var i = 0; i < groups.Length; i++)
            {
                await bus.Publish(new EvacuationRequested
                {
                    RequestId = groups[i], CrisisId = "libya-2011", PickupPlace = place, DestinationCountry = "PAK", AcceptsThirdCountry = false,
                    GroupSize = 3, Nationalities = [new NationalityCount("EGY", 1), new NationalityCount("PAK", 2)], Needs = Needs.None, HasElderly = false,
                    SubmittedAt = submittedAt, ConsentToShareWithConsulate = consents[i],
                });
                await bus.Publish(new EvacuationStatusChanged
                {
                    RequestId = groups[i], Status = RequestStatus.Matched, Sequence = 1, GroupSize = 3, Priority = 0, At = submittedAt.AddHours(1),
                });
            }
            static int PeopleAt(JsonElement report, string place) => report.GetProperty("waitToMatch").GetProperty("byPickupPlace").EnumerateArray()
                .Where(line => line.GetProperty("key").GetString() == place).Sum(line => line.GetProperty("people").GetInt32());
            await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011"),
                report => PeopleAt(report, place) == 9, what: "the coordinators' report to count the three groups");

            var answer = await pakistan.GetAsync("/api/reports/after-action?crisisId=libya-2011");
            var text = await answer.Content.ReadAsStringAsync();
            var nationals = JsonDocument.Parse(text).RootElement;
            Assert.Equal(2, PeopleAt(nationals, place)); // the Pakistanis of the group that agreed; not its Egyptian, nor the others
            Assert.All(nationals.GetProperty("waitToMatch").GetProperty("byNationality").EnumerateArray(),
                line => Assert.Equal("PAK", line.GetProperty("key").GetString()));
            Assert.All(groups, id => Assert.DoesNotContain(id.ToString(), text));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// The report folds the history from its checkpoint on (the suite keeps one every 2 s, on both dashboard instances):
    /// a group requested and matched before the checkpoint, which departs after it, and a group that comes after it are
    /// all counted, from the checkpoint and the events since, and the same once the checkpoint has caught up.
    /// </summary>
    [Fact]
    public async Task The_report_takes_up_its_checkpoint_and_the_events_since()
    {
        using var iom = await platform.Coordinator();
        var place = $"TEST-{Guid.NewGuid():N}"[..20];
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            var submittedAt = DateTimeOffset.UtcNow.AddHours(-6);
            EvacuationRequested Requested(Guid id, int people) => new()
            {
                RequestId = id, CrisisId = "libya-2011", PickupPlace = place, DestinationCountry = "NPL", AcceptsThirdCountry = false,
                GroupSize = people, Nationalities = [new NationalityCount("NPL", people)], Needs = Needs.None, HasElderly = false, SubmittedAt = submittedAt,
            };
            EvacuationStatusChanged Changed(Guid id, string status, int sequence, int people, double hours) => new()
            {
                RequestId = id, Status = status, Sequence = sequence, GroupSize = people, Priority = 0, At = submittedAt.AddHours(hours),
            };
            Task<int> CheckpointBehind() => platform.Number("micic_dashboard",
                "SELECT ((SELECT max(sequence) FROM projected_event) - coalesce((SELECT folded_through FROM report_checkpoint), 0))::int");

            var before = Guid.NewGuid();
            await bus.Publish(Requested(before, 3));
            await bus.Publish(Changed(before, RequestStatus.Matched, 2, 3, 2));
            await Eventually.Get(() => platform.Number("micic_dashboard",
                    $"SELECT count(*)::int FROM projected_event WHERE body->>'requestId' = '{before}'"), count => count >= 2,
                what: "the dashboard to keep the first group's events (matching adds its own status for it)");
            await Eventually.Get(CheckpointBehind, behind => behind == 0, what: "the report's checkpoint to take in the first group");

            var after = Guid.NewGuid();
            await bus.Publish(Changed(before, RequestStatus.Departed, 3, 3, 4));
            await bus.Publish(Requested(after, 2));
            await bus.Publish(Changed(after, RequestStatus.Matched, 2, 2, 1));
            static int PeopleAt(JsonElement report, string wait, string place) => report.GetProperty(wait).GetProperty("byPickupPlace").EnumerateArray()
                .Where(line => line.GetProperty("key").GetString() == place).Sum(line => line.GetProperty("people").GetInt32());
            var report = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011"),
                report => PeopleAt(report, "waitToMatch", place) == 5 && PeopleAt(report, "waitToDeparture", place) == 3,
                what: "the report to count both groups' matches and the first group's departure");

            await Eventually.Get(CheckpointBehind, behind => behind == 0, what: "the report's checkpoint to take in the rest");
            report = await iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011");
            Assert.Equal(5, PeopleAt(report, "waitToMatch", place));
            Assert.Equal(3, PeopleAt(report, "waitToDeparture", place));
            var departure = report.GetProperty("waitToDeparture").GetProperty("byPickupPlace").EnumerateArray()
                .Single(line => line.GetProperty("key").GetString() == place);
            Assert.Equal(4, departure.GetProperty("median").GetDouble(), 3); // submitted (before the checkpoint) to departed (after it)
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// The platform runs two dashboard instances and the gateway deals connections out in turn, so four open pages are
    /// served by both; the request's events are counted by one instance only, yet every page hears of it.
    /// </summary>
    [Fact]
    public async Task Every_open_dashboard_sees_every_change_whichever_instance_serves_it()
    {
        using var iom = await platform.Coordinator();
        var pages = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var response = await iom.GetAsync("/api/dashboard/live", HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
                pages.Add((response, new StreamReader(await response.Content.ReadAsStreamAsync())));
            }

            var submitted = await iom.PostAsJsonAsync("/api/requests", Requests.Family(consent: false, Requests.Person("LKA", "Nimal"), Requests.Person("LKA", "Kumari")));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await Task.WhenAll(pages.Select(page => LiveStreams.UntilSummary(page.Reader,
                summary => summary.GetProperty("byNationality").EnumerateArray().Any(n => n.GetProperty("nationality").GetString() == "LKA"), timeout.Token)));
        }
        finally
        {
            foreach (var (response, reader) in pages)
            {
                reader.Dispose();
                response.Dispose();
            }
        }
    }
}
