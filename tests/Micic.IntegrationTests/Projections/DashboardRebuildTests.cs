using System.Text.Json;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.IntegrationTests.Infrastructure;
using Micic.IntegrationTests.Messaging;
using Microsoft.Extensions.Hosting;

namespace Micic.IntegrationTests.Projections;

/// <summary>
/// The dashboard's figures on a real database of their own: an event kept twice counts once, and a rebuild from
/// the event history gives exactly the figures that were counted live, whatever order the events came in.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardRebuildTests(Platform platform)
{
    static readonly DateTimeOffset Now = new(2011, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Counting_the_history_again_from_nothing_gives_the_same_figures()
    {
        var database = await platform.Servers.NewDatabase("dashboard");
        using var host = await MessagingHost.StartDashboard(database, platform.Servers.RabbitMq.ConnectionString, "dashboard-rebuild");

        // A family of four (three Egyptians, one Sudanese, a medical case) is matched, then departs; a lone pregnant
        // woman waits and is escalated. Events come out of order and some twice, as a broker may deliver them.
        var family = Guid.NewGuid();
        var alone = Guid.NewGuid();
        var offer = Guid.NewGuid();
        var manifest = Guid.NewGuid();
        var matched = Event(new EvacuationStatusChanged { RequestId = family, Status = RequestStatus.Matched, Sequence = 2, GroupSize = 4, Priority = 100, At = Now });
        // Two of the family's people carry one document on the manifest; announced twice (two messages, its people in
        // another order), it is one alert.
        var sameDocument = new ManifestHoldsSameDocument
        {
            ManifestId = manifest, OfferId = offer, FromPlace = "LY-BEN-PORT", ToPlace = "EG-ALEXANDRIA-PORT", DepartsAt = Now.AddHours(-2),
            PersonIds = [Guid.NewGuid(), Guid.NewGuid()], RequestIds = [family], At = Now.AddHours(-4),
        };
        var arrival = Event(new PersonArrived
        {
            ArrivalId = Guid.NewGuid(), SiteCode = "EG-SALLOUM", PersonId = Guid.NewGuid(), RequestId = family, WalkIn = false, Needs = Needs.None,
            AtDestination = true, ArrivedAt = Now.AddHours(-1),
        });
        (Guid, object)[] events =
        [
            matched,
            Event(new EvacuationRequested
            {
                RequestId = family, CrisisId = "libya-2011", PickupPlace = "LY-BEN-PORT", DestinationCountry = "EGY", AcceptsThirdCountry = false,
                GroupSize = 4, Nationalities = [new NationalityCount("EGY", 3), new NationalityCount("SDN", 1)], Needs = Needs.Medical,
                HasElderly = false, SubmittedAt = Now.AddHours(-30),
            }),
            Event(new EvacuationStatusChanged { RequestId = family, Status = RequestStatus.Pending, Sequence = 1, GroupSize = 4, Priority = 100, At = Now }),
            Event(new EvacuationRequested
            {
                RequestId = alone, CrisisId = "libya-2011", PickupPlace = "LY-ZUWARA", DestinationCountry = "GHA", AcceptsThirdCountry = true,
                GroupSize = 1, Nationalities = [new NationalityCount("GHA", 1)], Needs = Needs.Pregnant, HasElderly = false, SubmittedAt = Now.AddHours(-20),
            }),
            Event(new EvacuationStatusChanged { RequestId = alone, Status = RequestStatus.Pending, Sequence = 1, GroupSize = 1, Priority = 60, At = Now }),
            Event(new SeatsHeld { OfferId = offer, RequestId = family, Seats = 4, Capacity = Capacity(seats: 40, allocated: 4, version: 2) }),
            Event(new OfferPublished
            {
                OfferId = offer, OrganisationId = "greek-ferry", CrisisId = "libya-2011", Mode = "sea", FromPlace = "LY-BEN-PORT", ToPlace = "EG-ALEXANDRIA-PORT",
                DestinationCountry = "EGY", Eligibility = new OfferEligibility { AcceptsMedical = true }, Capacity = Capacity(seats: 40, allocated: 0, version: 1),
            }),
            Event(new MovementDeparted { ManifestId = manifest, OfferId = offer, ToPlace = "EG-SALLOUM", RequestIds = [family], Passengers = 4, DepartedAt = Now.AddHours(-2) }),
            arrival,
            Event(new VulnerableGroupWaitingTooLong
            {
                RequestId = alone, Priority = 60, GroupSize = 1, SubmittedAt = Now.AddHours(-20), EscalatedAt = Now.AddHours(-8), Reason = "no capacity left",
            }),
            Event(new PeopleMissingAfterDeparture { ManifestId = manifest, SiteCode = "EG-SALLOUM", Missing = 3 }),
            Event(sameDocument),
            Event(sameDocument with { PersonIds = [.. sameDocument.PersonIds.Reverse()] }),
            matched, // redelivered: the same message id
            arrival,
        ];
        foreach (var (messageId, message) in events)
            await host.InTransaction<DashboardProjection>(projection => projection.Project([new NewEvent(messageId, message, Now.AddMinutes(-5))], CancellationToken.None));

        var live = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(Now, CancellationToken.None));
        Assert.Equal(new PeopleFigures(Submitted: 0, Pending: 1, Matched: 4, Manifested: 0, Departed: 0, InTransit: 0, Completed: 0, Cancelled: 0), live.People);
        Assert.Equal(new OfferFigures(Open: 1, Seats: 40, Allocated: 4), live.Offers);
        Assert.Equal(new SiteFigures("EG-SALLOUM", ArrivedToday: 1, Expected: 3), Assert.Single(live.Sites));
        Assert.Equal(["EGY", "GHA", "SDN"], live.ByNationality.Select(n => n.Nationality));
        Assert.Equal(["missing", "same-document", "vulnerable-waiting"], live.Alerts.Select(alert => alert.Kind)); // latest first
        Assert.Equal(13, await platform.Number(DatabaseName(database), "SELECT count(*) FROM projected_event"));

        long counted = 0;
        await host.InTransaction<DashboardProjection>(async projection => counted = await projection.Rebuild(CancellationToken.None));
        var rebuilt = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(Now, CancellationToken.None));

        Assert.Equal(13, counted);
        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(rebuilt));
    }

    /// <summary>
    /// "Arrived today" is the UTC day, as every time in the API is: a database set to Tripoli's time (two hours ahead)
    /// must not count an arrival at 23:50 UTC as the next day's.
    /// </summary>
    [Fact]
    public async Task Arrived_today_is_the_UTC_day_whatever_the_database_time_zone()
    {
        var database = await platform.Servers.NewDatabase("dashboard");
        await platform.Text(DatabaseName(database), $"ALTER DATABASE \"{DatabaseName(database)}\" SET timezone = 'Africa/Tripoli'");
        using var host = await MessagingHost.StartDashboard(database, platform.Servers.RabbitMq.ConnectionString, "dashboard-day");
        var justAfterMidnight = new DateTimeOffset(2011, 3, 2, 0, 30, 0, TimeSpan.Zero);

        foreach (var arrivedAt in new[] { justAfterMidnight.AddMinutes(-40), justAfterMidnight.AddMinutes(-20) })
        {
            var (messageId, message) = Event(new PersonArrived
            {
                ArrivalId = Guid.NewGuid(), SiteCode = "TN-RAS-AJDIR", PersonId = Guid.NewGuid(), WalkIn = true, Needs = Needs.None,
                AtDestination = false, ArrivedAt = arrivedAt,
            });
            await host.InTransaction<DashboardProjection>(projection => projection.Project([new NewEvent(messageId, message, arrivedAt)], CancellationToken.None));
        }

        var summary = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(justAfterMidnight, CancellationToken.None));
        Assert.Equal(new SiteFigures("TN-RAS-AJDIR", ArrivedToday: 1, Expected: 0), Assert.Single(summary.Sites));
    }

    static (Guid MessageId, object Message) Event(object message) => (Guid.NewGuid(), message);

    static OfferCapacity Capacity(int seats, int allocated, long version) =>
        new() { Status = "open", Seats = seats, SeatsAllocated = allocated, DepartsAt = Now.AddDays(1), Version = version };

    static string DatabaseName(string connectionString) => new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
}
