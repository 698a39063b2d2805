using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Micic.IntegrationTests.EndToEnd.CheckInsTests;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// "Need help" answers as dashboard alerts for the household's consulate, with answers published on the real broker as
/// Messaging publishes them: a consulate sees its own nationals' alerts (ids and times), not another State's; coordinators
/// count them by nationality; the consulate acknowledges one once it has called, once; a redelivered answer counts once.
/// Each test declares a crisis of its own (at level 1: nobody is asked anything), so its counts are its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CheckInAlertsTests(Platform platform, ITestOutputHelper output)
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    async Task<string> Declare(HttpClient iom, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/crises")
        {
            Content = JsonContent.Create(new { name, country = "LBY", alertLevel = 1 }), Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        return (await Ok(await iom.SendAsync(request))).GetProperty("id").GetString()!;
    }

    static async Task<List<JsonElement>> Alerts(HttpClient client, string crisis, string query = "") =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/dashboard/check-in-alerts?crisisId={crisis}&pageSize=500{query}")).GetProperty("items").EnumerateArray()];

    static Guid Registration(JsonElement alert) => alert.GetProperty("registrationId").GetGuid();

    static Task<HttpResponseMessage> Acknowledge(HttpClient client, string id) => client.PostAsync($"/api/dashboard/check-in-alerts/{id}/acknowledge", null);

    [Fact]
    public async Task Need_help_is_an_alert_for_its_consulate_only_counted_for_coordinators_acknowledged_once_and_counted_once()
    {
        using var iom = await platform.Coordinator();
        using var bgd = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var egy = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        using var tunisia = await platform.LoginAs("transit-tunisia", "dev-tunisia-secret");
        var crisis = await Declare(iom, $"Libya check-in alerts {Random.Shared.Next(1000, 9999)}");
        var family = Marker();
        var help = await Register(bgd, Household(family));
        var safeSince = await Register(bgd, Household(family));
        var egyptian = await Register(egy, Household(family, nationality: "EGY"));

        // The broker as Messaging publishes on it, and as a service that would follow the acknowledgements.
        var published = new TaskCompletionSource<CheckInAlertAcknowledged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString));
            rabbit.ReceiveEndpoint($"test-check-in-alerts-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<CheckInAlertAcknowledged>(context =>
                {
                    if (context.Message.RegistrationId == help)
                        published.TrySetResult(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            var now = DateTimeOffset.UtcNow;
            // Redelivered: the same message three times.
            var messageId = NewId.NextGuid();
            for (var delivery = 0; delivery < 3; delivery++)
                await bus.Publish(Answer(help, 2, now, crisis: crisis), context => context.MessageId = messageId);
            await bus.Publish(Answer(safeSince, 2, now.AddMinutes(-10), crisis: crisis));
            await bus.Publish(Answer(safeSince, 1, now.AddMinutes(-5), crisis: crisis));
            await bus.Publish(Answer(egyptian, 2, now, nationality: "EGY", crisis: crisis));
            await bus.Publish(Answer(help, 7, now.AddMinutes(1), crisis: crisis)); // no such answer: nothing changes

            // Bangladesh sees its household that needs help, once; not the one safe since, nor the Egyptian.
            var seen = await Eventually.Get(() => Alerts(bgd, crisis), alerts => alerts.Count > 0, TimeSpan.FromMinutes(1), "Bangladesh's alert");
            await Eventually.Get(() => platform.Number("micic_dashboard", $"SELECT count(*) FROM check_in_alert WHERE crisis_id = '{crisis}'"),
                rows => rows == 3, TimeSpan.FromMinutes(1), "every answer to be kept");
            seen = await Alerts(bgd, crisis);
            var alert = Assert.Single(seen);
            Assert.Equal((help, "BGD", crisis), (Registration(alert), alert.GetProperty("nationality").GetString(), alert.GetProperty("crisisId").GetString()));
            Assert.Equal(now.ToUnixTimeMilliseconds(), alert.GetProperty("needHelpSince").GetDateTimeOffset().ToUnixTimeMilliseconds());
            Assert.DoesNotContain(family, await bgd.GetStringAsync($"/api/dashboard/check-in-alerts?crisisId={crisis}")); // ids and times, no names
            var egyptians = await Eventually.Get(() => Alerts(egy, crisis), alerts => alerts.Count == 1, TimeSpan.FromMinutes(1), "Egypt's alert");
            Assert.Equal(egyptian, Registration(egyptians[0]));
            Assert.Equal(1, await platform.Number("micic_dashboard", $"SELECT count(*) FROM projected_event WHERE message_id = '{messageId}'"));

            // Coordinators count, by nationality, in the alerts API and the summary; nobody's id.
            var counts = await iom.GetStringAsync($"/api/dashboard/check-in-alerts?crisisId={crisis}");
            Assert.DoesNotContain(help.ToString(), counts);
            Assert.Equal([("BGD", 1), ("EGY", 1)], JsonDocument.Parse(counts).RootElement.GetProperty("items").EnumerateArray()
                .Select(line => (line.GetProperty("nationality").GetString(), line.GetProperty("open").GetInt32())).Order());
            var summary = await iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary");
            Assert.Equal([("BGD", 1), ("EGY", 1)], summary.GetProperty("checkInAlerts").EnumerateArray()
                .Where(line => line.GetProperty("crisisId").GetString() == crisis)
                .Select(line => (line.GetProperty("nationality").GetString(), line.GetProperty("open").GetInt32())).Order());
            Assert.Equal(HttpStatusCode.Forbidden, (await tunisia.GetAsync($"/api/dashboard/check-in-alerts?crisisId={crisis}")).StatusCode);

            // Only Bangladesh acknowledges its alert, once.
            var id = alert.GetProperty("id").GetString()!;
            Assert.Equal(HttpStatusCode.Forbidden, (await Acknowledge(egy, id)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Acknowledge(iom, id)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Acknowledge(tunisia, id)).StatusCode);
            var acknowledged = await Ok(await Acknowledge(bgd, id));
            Assert.True(acknowledged.TryGetProperty("acknowledgedAt", out var at) && at.ValueKind == JsonValueKind.String);
            var again = await Acknowledge(bgd, id);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await Alerts(bgd, crisis));
            Assert.Equal([help], (await Alerts(bgd, crisis, "&status=all")).Select(Registration));
            Assert.Equal(["EGY"], (await iom.GetFromJsonAsync<JsonElement>($"/api/dashboard/check-in-alerts?crisisId={crisis}")).GetProperty("items")
                .EnumerateArray().Select(line => line.GetProperty("nationality").GetString()));
            Assert.Equal(1, await platform.Number("micic_dashboard",
                $"SELECT count(*) FROM projected_event WHERE kind = 'CheckInAlertAcknowledged' AND body->>'crisisId' = '{crisis}'"));
            var announced = await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(("consulate-bgd", "BGD", now.ToUnixTimeMilliseconds()),
                (announced.OrganisationId, announced.Nationality, announced.AnsweredAt.ToUnixTimeMilliseconds()));

            // The household asks for help again after the call: a new alert.
            await bus.Publish(Answer(help, 2, now.AddHours(1), crisis: crisis));
            await Eventually.Get(() => Alerts(bgd, crisis), alerts => alerts.Count == 1, TimeSpan.FromMinutes(1), "the new alert");

            // Hostile inputs: refused, nothing stored.
            foreach (var query in new[] { "?pageSize=0", "?page=0", "?pageSize=501", "?status=closed", "?crisisId=" + new string('x', 101) })
                Assert.Equal(HttpStatusCode.BadRequest, (await bgd.GetAsync("/api/dashboard/check-in-alerts" + query)).StatusCode);
            foreach (var bogus in new[] { "not-a-guid", Guid.NewGuid().ToString(), new string('9', 300), "%27%3B%20DROP%20TABLE%20check_in_alert%3B--" })
                Assert.Equal(HttpStatusCode.NotFound, (await Acknowledge(bgd, bogus)).StatusCode);
            // The household safe since never has an alert to acknowledge.
            var safeAlert = await platform.Text("micic_dashboard", $"SELECT id::text FROM check_in_alert WHERE registration_id = '{safeSince}'");
            Assert.Equal(HttpStatusCode.NotFound, (await Acknowledge(bgd, safeAlert!)).StatusCode);
            Assert.Equal(1, await platform.Number("micic_dashboard",
                $"SELECT count(*) FROM projected_event WHERE kind = 'CheckInAlertAcknowledged' AND body->>'crisisId' = '{crisis}'"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task The_dashboard_shows_who_needs_help_live_and_the_consulate_marks_them_called_from_its_view()
    {
        using var iom = await platform.Coordinator();
        using var bgd = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var egy = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        var name = $"Benghazi {Random.Shared.Next(1000, 9999)}";
        var crisis = await Declare(iom, name);
        object Family(string given, string partner, string family, string nationality, string area, string phone) => new
        {
            nationality, countryOfResidence = "LBY", area,
            household = new object[]
            {
                new { givenName = given, familyName = family, sex = "M", birthDate = "1982-06-14" },
                new { givenName = partner, familyName = family, sex = "F", birthDate = "1987-02-03" },
            },
            contact = new { phone, language = "bn" }, consentToContact = true,
        };
        var help = await Register(bgd, Family("Karim", "Nasreen", "Hossain", "BGD", "LY-BEN-PORT", "+218915551202"));
        var safe = await Register(bgd, Family("Jamal", "Rupa", "Ahmed", "BGD", "LY-MRA-PORT", "+218915551303"));
        var egyptian = await Register(egy, Family("Mahmoud", "Aya", "Fathy", "EGY", "LY-BEN-PORT", "+218915551404"));

        var bus = await Broker(platform);
        try
        {
            var now = DateTimeOffset.UtcNow;
            await bus.Publish(new CheckInsAsked { CrisisId = crisis, RegistrationIds = [help, safe, egyptian], Attempt = 1, At = now.AddMinutes(-50) });
            await bus.Publish(Answer(help, 2, now.AddMinutes(-42), crisis: crisis));
            await bus.Publish(Answer(safe, 1, now.AddMinutes(-30), crisis: crisis));
            await bus.Publish(Answer(egyptian, 2, now.AddMinutes(-5), nationality: "EGY", crisis: crisis));
        }
        finally
        {
            await bus.StopAsync();
        }

        // The coordinator's dashboard: who waits for a call, by nationality — counts only.
        // Not iom.officer: the hostile corpus locks that account out with its wrong passwords.
        await using var dashboard = await DashboardBrowser.SignIn(platform.Gateway, output.WriteLine, person: SeededPerson.Named("iom.duty-coordinator"));
        var board = dashboard.Page;
        await board.WaitForSelectorAsync($"#need-help tr:has-text('{name}'):has-text('BGD')", Visible);
        await board.WaitForSelectorAsync($"#need-help tr:has-text('{name}'):has-text('EGY')", Visible);
        await board.WaitForSelectorAsync("#check-in-alerts.raised", Visible);
        Assert.Contains("asked for help", await board.InnerTextAsync("#help-banner")); // above the fold, whatever the panel's place
        Assert.DoesNotContain("Hossain", await board.ContentAsync());
        Assert.Contains("1 household", await board.InnerTextAsync($"#need-help tr:has-text('{name}'):has-text('BGD')"));
        var violations = await Chromium.AccessibilityViolations(board);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        output.WriteLine($"Screenshot: {await dashboard.Screenshot("check-in-alerts.png")}");
        output.WriteLine($"Screenshot: {await dashboard.Screenshot("check-in-alerts-panel.png", "#check-in-alerts")}");

        // Bangladesh's consular officer sees the household in the consulate's view with its alert, and marks it called.
        await using var chromium = await Chromium.Launch(output.WriteLine, 1400, 1000);
        var view = await chromium.Open(new Uri(platform.Gateway, "/consulate/?crisis=" + crisis));
        await DashboardBrowser.SignInThroughPages(view, SeededPerson.Named("consulate-bgd.officer"), "/consulate/");
        var row = $"#need-help tr:has-text('Karim Hossain')";
        await view.WaitForSelectorAsync($"{row} button.called", Visible);
        Assert.Equal("1 open alert", await view.InnerTextAsync("#open-alerts"));
        Assert.DoesNotContain("Mahmoud", await view.ContentAsync());
        Assert.Empty(await Chromium.AccessibilityViolations(view));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(view, "consulate-alert.png")}");
        await view.ClickAsync($"{row} button.called");
        await view.WaitForSelectorAsync($"{row} td.muted:has-text('called')", Visible);
        Assert.True(await view.IsHiddenAsync("#open-alerts"));
        Assert.Empty(chromium.Refused);

        // The dashboard follows without a reload: Bangladesh's line is gone, Egypt's household still waits.
        await board.WaitForSelectorAsync($"#need-help tr:has-text('{name}'):has-text('BGD')", new() { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        Assert.Contains("EGY", await board.InnerTextAsync($"#need-help tr:has-text('{name}')"));
        Assert.Empty(dashboard.Refused);
    }
}
