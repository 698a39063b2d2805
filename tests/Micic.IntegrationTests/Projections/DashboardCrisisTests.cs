using System.Text.Json;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.IntegrationTests.Infrastructure;
using Micic.IntegrationTests.Messaging;

namespace Micic.IntegrationTests.Projections;

/// <summary>
/// Declared crises on the dashboard, on a real database of its own: the latest alert level wins whatever order the
/// changes arrive in, each change is one event in the feed however often it is delivered, and a rebuild gives the same.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardCrisisTests(Platform platform)
{
    static readonly DateTimeOffset Declared = new(2023, 4, 15, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_crisis_is_shown_at_its_latest_level_and_each_change_once_whatever_the_order()
    {
        var database = await platform.Servers.NewDatabase("dashboard");
        using var host = await MessagingHost.StartDashboard(database, platform.Servers.RabbitMq.ConnectionString, "dashboard-crises");

        const string crisis = "5b0c1f8e-7d4a-4c1e-9a57-0d3c2b1a6f10";
        string[] areas = ["SD-KRT-AIRPORT"];
        var raised = (Guid.NewGuid(), (object)new CrisisAlertLevelChanged { CrisisId = crisis, Country = "SDN", Areas = areas, From = 1, To = 3, At = Declared.AddHours(6) });
        (Guid, object)[] events =
        [
            raised, // before the declaration it follows
            (Guid.NewGuid(), new CrisisDeclared { CrisisId = crisis, Name = "Sudan 2023", Country = "SDN", Areas = areas, AlertLevel = 1, At = Declared }),
            (Guid.NewGuid(), new CrisisAlertLevelChanged { CrisisId = crisis, Country = "SDN", Areas = areas, From = 3, To = 4, At = Declared.AddDays(2) }),
            raised, // redelivered
        ];
        foreach (var (messageId, message) in events)
            await host.InTransaction<DashboardProjection>(projection => projection.Project([new NewEvent(messageId, message, Declared)], CancellationToken.None));

        var now = Declared.AddDays(3);
        var live = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(now, CancellationToken.None));
        var shown = Assert.Single(live.Crises);
        Assert.Equal((crisis, "Sudan 2023", "SDN", 4, Declared.AddDays(2), Declared),
            (shown.Id, shown.Name, shown.Country, shown.AlertLevel, shown.LevelSince, shown.DeclaredAt));
        Assert.Equal(areas, shown.Areas);
        Assert.Equal(
            ["Sudan 2023 (SDN): alert level 3 → 4.", "A declared crisis (SDN): alert level 1 → 3.", "Crisis declared: Sudan 2023 (SDN: SD-KRT-AIRPORT), alert level 1."],
            live.Alerts.Select(alert => alert.Message));

        long counted = 0;
        await host.InTransaction<DashboardProjection>(async projection => counted = await projection.Rebuild(CancellationToken.None));
        var rebuilt = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(now, CancellationToken.None));
        Assert.Equal(3, counted);
        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(rebuilt));
    }
}
