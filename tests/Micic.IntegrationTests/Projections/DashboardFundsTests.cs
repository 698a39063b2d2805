using System.Text.Json;
using Micic.Contracts;
using Micic.Dashboard.Data;
using Micic.Dashboard.Domain;
using Micic.IntegrationTests.Infrastructure;
using Micic.IntegrationTests.Messaging;

namespace Micic.IntegrationTests.Projections;

/// <summary>
/// The funds panel and the money alerts on a real database of the dashboard's own: a fund's latest position wins whatever
/// order positions arrive in, a redelivered event counts once, a fund running low is highlighted and alerted, a movement
/// left unpaid is alerted with where it left from, and a rebuild from the history gives the same figures.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardFundsTests(Platform platform)
{
    static readonly DateTimeOffset T0 = new(2011, 2, 26, 9, 0, 0, TimeSpan.Zero);
    static readonly Guid Donor = Guid.NewGuid(), Pool = Guid.NewGuid(), Quiet = Guid.NewGuid(), Offer = Guid.NewGuid(), Manifest = Guid.NewGuid();

    static FundPositionChanged Position(Guid fund, string name, decimal received, decimal spent, decimal? daysLeft, DateTimeOffset at,
        decimal committed = 0m) => new()
    {
        FundId = fund, Name = name, Currency = "USD", Pledged = 3_000_000m, Received = received, Committed = committed, Spent = spent,
        Balance = received - spent, DaysLeftAtRecentBurn = daysLeft, At = at,
    };

    [Fact]
    public async Task The_panel_keeps_each_funds_latest_position_highlights_one_running_low_alerts_once_and_a_rebuild_gives_the_same()
    {
        var database = await platform.Servers.NewDatabase("dashboard");
        using var host = await MessagingHost.StartDashboard(database, platform.Servers.RabbitMq.ConnectionString, "dashboard-funds");
        var low = new FundRunningLow { FundId = Pool, Name = "NGO emergency pool", Currency = "USD", Balance = 1_200.01m, DaysLeft = 0.8m, AlertDays = 7, At = T0.AddHours(3) };
        var redelivered = (Guid.NewGuid(), (object)low);
        (Guid, object)[] events =
        [
            (Guid.NewGuid(), new OfferPublished
            {
                OfferId = Offer, OrganisationId = "iom-movements", CrisisId = "libya-2011", FromPlace = "LY-TIP-PORT", ToPlace = "TN-RAS-AJDIR", DestinationCountry = "TUN",
                Mode = "land", Eligibility = new OfferEligibility(), Capacity = new OfferCapacity { Status = OfferStatus.Open, Seats = 50, SeatsAllocated = 0, DepartsAt = T0.AddHours(4), Version = 1 },
            }),
            (Guid.NewGuid(), Position(Donor, "Large donor: evacuation grant", 1_500_000m, 0m, null, T0)),
            (Guid.NewGuid(), Position(Donor, "Large donor: evacuation grant", 1_500_000m, 123_456.78m, 85.1m, T0.AddHours(2), committed: 57_600m)),
            // An older position delivered late changes nothing.
            (Guid.NewGuid(), Position(Donor, "Large donor: evacuation grant", 1_500_000m, 100m, 99m, T0.AddHours(1))),
            // The warning read before the position that goes with it.
            redelivered,
            redelivered,
            (Guid.NewGuid(), Position(Pool, "NGO emergency pool", 6_000m, 4_799.99m, 0.8m, T0.AddHours(3))),
            (Guid.NewGuid(), Position(Quiet, "EU humanitarian aid", 1_200_000m, 0m, null, T0.AddHours(3)) with { Currency = "EUR" }),
            (Guid.NewGuid(), new MovementChargeRefused
            {
                OfferId = Offer, ManifestId = Manifest, FundId = Pool, Amount = 1_500m, Currency = "USD", Reason = "the fund has USD 1,200.01 left", At = T0.AddHours(5),
            }),
            // Kept for the report only: no figure of the panel moves.
            (Guid.NewGuid(), new FundCharged
            {
                FundId = Pool, ChargeId = Guid.NewGuid(), Amount = 1_200m, Currency = "USD", Purpose = "evacuation", Balance = 0.01m, OfferId = Offer,
                ReportingAmount = 1_200m, ReportingCurrency = "USD", RatesOf = new DateOnly(2011, 2, 25), At = T0.AddHours(6),
            }),
        ];
        foreach (var (messageId, message) in events)
            await host.InTransaction<DashboardProjection>(projection => projection.Project([new NewEvent(messageId, message, T0)], CancellationToken.None));

        var live = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(T0.AddHours(6), CancellationToken.None));
        Assert.Equal(
        [
            new FundFigures(Quiet, "EU humanitarian aid", "EUR", 3_000_000m, 1_200_000m, 0m, 0m, 1_200_000m, null, 7, false),
            new FundFigures(Donor, "Large donor: evacuation grant", "USD", 3_000_000m, 1_500_000m, 57_600m, 123_456.78m, 1_376_543.22m, 85.1m, 7, false),
            new FundFigures(Pool, "NGO emergency pool", "USD", 3_000_000m, 6_000m, 0m, 4_799.99m, 1_200.01m, 0.8m, 7, true),
        ], live.Funds);
        var moneyAlerts = live.Alerts.Where(a => a.Kind is FundAlerts.RunningLowKind or FundAlerts.ChargeRefusedKind).ToList();
        Assert.Equal(
        [
            new Alert(FundAlerts.ChargeRefusedKind, $"A movement from LY-TIP-PORT left without being paid: its USD 1,500 could not be charged (the fund has USD 1,200.01 left). Choose a fund that can pay it for offer {Offer}.", T0.AddHours(5)),
            new Alert(FundAlerts.RunningLowKind, "Fund NGO emergency pool has USD 1,200.01 left: 0.8 days at the last week's spending (warned under 7). Record a receipt or choose another fund for open offers.", T0.AddHours(3)),
        ], moneyAlerts);

        long counted = 0;
        await host.InTransaction<DashboardProjection>(async projection => counted = await projection.Rebuild(CancellationToken.None));
        var rebuilt = await host.Read<DashboardProjection, Summary>(projection => projection.Summary(T0.AddHours(6), CancellationToken.None));
        Assert.Equal(events.Length - 1, counted);
        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(rebuilt));
        // Exact money: the database holds the cents as they came.
        Assert.Equal([1_200.01m], await Sql.Rows(database, $"SELECT balance FROM fund_projection WHERE fund_id = '{Pool}'", reader => reader.GetDecimal(0)));
    }
}
