using System.Text.Json;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.IntegrationTests.Infrastructure;
using Micic.IntegrationTests.Messaging;
using Micic.ServiceDefaults.Http;

namespace Micic.IntegrationTests.Projections;

/// <summary>
/// Check-in alerts on a real database of the dashboard's own: the latest answer wins whatever order answers arrive in, a
/// redelivered answer counts once, an acknowledgement closes an alert until the household asks again, and a rebuild from
/// the history gives the same alerts.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardCheckInAlertTests(Platform platform)
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 2, 24, 9, 0, 0, TimeSpan.Zero);

    static CheckInAnswered Answer(Guid registration, int answer, DateTimeOffset at, string nationality = "BGD") =>
        new() { CrisisId = Crisis, RegistrationId = registration, Nationality = nationality, Answer = answer, At = at };

    [Fact]
    public async Task The_latest_answer_wins_once_each_an_acknowledgement_closes_the_alert_and_a_rebuild_gives_the_same()
    {
        var database = await platform.Servers.NewDatabase("dashboard");
        using var host = await MessagingHost.StartDashboard(database, platform.Servers.RabbitMq.ConnectionString, "dashboard-check-in-alerts");
        Guid called = Guid.NewGuid(), safeSince = Guid.NewGuid(), lateSafe = Guid.NewGuid(), unknownDigit = Guid.NewGuid();
        var redelivered = (Guid.NewGuid(), (object)Answer(called, 2, T0));
        (Guid, object)[] events =
        [
            redelivered,
            redelivered,
            (Guid.NewGuid(), Answer(safeSince, 2, T0)),
            (Guid.NewGuid(), Answer(safeSince, 1, T0.AddHours(1))),
            (Guid.NewGuid(), Answer(lateSafe, 2, T0.AddHours(1), "EGY")),
            (Guid.NewGuid(), Answer(lateSafe, 1, T0, "EGY")), // given before the "need help", delivered after it
            (Guid.NewGuid(), Answer(unknownDigit, 9, T0)),
            (Guid.NewGuid(), new CheckInAlertAcknowledged
            {
                CrisisId = Crisis, RegistrationId = called, Nationality = "BGD", AnsweredAt = T0, OrganisationId = "consulate-bgd", At = T0.AddMinutes(20),
            }),
        ];
        foreach (var (messageId, message) in events)
            await host.InTransaction<DashboardProjection>(projection => projection.Project([new NewEvent(messageId, message, T0)], CancellationToken.None));

        var now = T0.AddHours(2);
        var open = await host.Read<CheckInAlerts, IReadOnlyList<CheckInAlertCount>>(alerts => alerts.Counts(Crisis, CancellationToken.None));
        Assert.Equal([new CheckInAlertCount(Crisis, "EGY", 1, T0.AddHours(1))], open);
        var bangladesh = await host.Read<CheckInAlerts, (IReadOnlyList<CheckInAlert> Items, long Total)>(alerts =>
            alerts.For(new HashSet<string> { "BGD" }, Crisis, acknowledgedToo: true, new PageRequest(1, 50), CancellationToken.None));
        var acknowledged = Assert.Single(bangladesh.Items);
        Assert.Equal((called, false, "consulate-bgd"), (acknowledged.RegistrationId, acknowledged.IsOpen, acknowledged.AcknowledgedBy));

        // Asking again after the call opens it again.
        await host.InTransaction<DashboardProjection>(projection =>
            projection.Project([new NewEvent(Guid.NewGuid(), Answer(called, 2, T0.AddHours(1.5)), T0)], CancellationToken.None));
        var live = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(now, CancellationToken.None));
        Assert.Equal([new CheckInAlertCount(Crisis, "BGD", 1, T0.AddHours(1.5)), new CheckInAlertCount(Crisis, "EGY", 1, T0.AddHours(1))],
            live.CheckInAlerts.OrderBy(count => count.Nationality));

        long counted = 0;
        await host.InTransaction<DashboardProjection>(async projection => counted = await projection.Rebuild(CancellationToken.None));
        var rebuilt = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(now, CancellationToken.None));
        Assert.Equal(8, counted);
        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(rebuilt));
        Assert.Equal(1, await Sql.Number(database,
            $"SELECT count(*) FROM check_in_alert WHERE registration_id = '{called}' AND acknowledged_by = 'consulate-bgd'"));
    }
}
