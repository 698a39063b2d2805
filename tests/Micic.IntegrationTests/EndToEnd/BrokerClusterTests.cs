using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The platform as a deployment runs its broker: a three-node RabbitMQ cluster with quorum queues
/// (<c>--rabbitmq-nodes 3</c>), two matching and two offers instances. A node is stopped in the middle of matching a
/// consulate's list and a second list arrives once it has gone; every group is still matched, once.
/// </summary>
public sealed class BrokerClusterTests : IAsyncLifetime
{
    const string Pickup = "LY-TIP-PORT", Destination = "SDN";
    const int People = 1_500;

    OwnPlatform _platform = null!;
    DistributedApplication _app = null!;
    HttpClient _iom = null!;

    public async Task InitializeAsync()
    {
        _platform = await OwnPlatform.Start("cluster", ["--rabbitmq-nodes", "3", "--replicas", "matching=2,offers=2", "--no-replay"]);
        _app = _platform.App;
        _iom = await _platform.Coordinator();
    }

    public async Task DisposeAsync()
    {
        _iom.Dispose();
        await _platform.DisposeAsync();
    }

    async Task<int> Number(string database, string sql) =>
        await Sql.Number($"{await _app.GetConnectionStringAsync("postgres")};Database={database}", sql);

    async Task<int> Matched() =>
        (await _iom.GetFromJsonAsync<JsonElement>($"/api/requests?status=matched&pickupPlace={Pickup}&page=1&pageSize=1")).GetProperty("total").GetInt32();

    [Fact]
    public async Task A_broker_node_stopped_while_groups_are_matched_loses_nothing_and_does_nothing_twice()
    {
        Assert.Equal("quorum", await QueueType("matching-evacuation"));

        var offer = await _iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = Pickup, toPlace = "SD-KRT-AIRPORT", destinationCountry = Destination,
            departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = People,
            eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        var offerId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Two lists: the first is being matched when the node goes, the second arrives once it has gone, so work
        // is in flight across the stop and after it however fast matching runs.
        var firstList = await Import(0, People * 2 / 3);
        var matchedWhenStopIssued = await Eventually.Get(Matched, matched => matched >= 1, TimeSpan.FromMinutes(3), "matching to be under way");
        Assert.True(matchedWhenStopIssued < firstList, "the node would be stopped after matching had ended; the test would prove nothing");
        await AppHosts.Stop(_app, "messaging-1");
        var groups = firstList + await Import(People * 2 / 3, People);

        await Eventually.Get(Matched, matched => matched == groups, TimeSpan.FromMinutes(5), "every group to be matched on two nodes");

        // Once: one hold per group and exactly their seats on the offer; one "matched" in each request's history.
        Assert.Equal(groups, await Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE offer_id = '{offerId}'"));
        Assert.Equal(People, await Number("micic_offers", $"SELECT seats_allocated FROM offer WHERE id = '{offerId}'"));
        Assert.Equal(groups, await Number("micic_requests", $"""
            SELECT count(*) FROM request_status_history h JOIN evacuation_request r ON r.id = h.request_id
            WHERE r.pickup_place = '{Pickup}' AND h.status = 'matched'
            """));
        try
        {
            await Eventually.Get(() => _iom.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"),
                summary => summary.GetProperty("people").GetProperty("matched").GetInt32() == People, TimeSpan.FromMinutes(1),
                "the dashboard to count every person matched, once");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"""
                {e.Message}
                dashboard-request-figures holds {await QueueDepth("dashboard-request-figures")}, its _error queue {await QueueDepth("dashboard-request-figures_error")}.
                The resources' last lines:
                {_platform.Logs}
                """, e);
        }

        await AppHosts.Start(_app, "messaging-1");
        Assert.Equal("quorum", await QueueType("offers-hold-seats"));
    }

    /// <summary>Imports people <paramref name="from"/> to <paramref name="to"/> as families of one to four; returns the groups accepted.</summary>
    async Task<int> Import(int from, int to)
    {
        var csv = new StringBuilder(Requests.CsvColumns).Append('\n');
        for (int person = from, group = from; person < to; group++)
            for (var member = 0; member < 1 + group % 4 && person < to; member++, person++)
                csv.Append($"cluster-{group},libya-2011,{Pickup},{Destination},no,yes,Fatima,Family{group},F,{25 + member},{Destination},passport,S{person:D8},\n");
        var import = await _iom.PostAsync("/api/requests/import", Requests.CsvContent(csv.ToString()));
        Assert.Equal(HttpStatusCode.Accepted, import.StatusCode);
        return (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32();
    }

    /// <summary>How many messages wait in a queue, on a node still up.</summary>
    async Task<string> QueueDepth(string queue)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri((await _app.GetConnectionStringAsync("messaging"))!.Split(',')[^1]) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return $"{(await channel.QueueDeclarePassiveAsync(queue)).MessageCount} messages";
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return "no queue";
        }
    }

    /// <summary>The type RabbitMQ gives a queue, as the broker's management tool reports it.</summary>
    async Task<string> QueueType(string queue)
    {
        var nodes = (await _app.GetConnectionStringAsync("messaging"))!.Split(',');
        var uri = new Uri(nodes[^1]);
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        // A passive declare of a quorum queue with the wrong type fails; with the right one it answers.
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e)
        {
            return $"missing: {e.Message}";
        }
        await using var probe = await connection.CreateChannelAsync();
        try
        {
            await probe.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, passive: false);
            return "quorum";
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e)
        {
            return $"not quorum: {e.Message}";
        }
    }
}
