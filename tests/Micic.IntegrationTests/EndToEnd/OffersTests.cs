using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Micic.Contracts;
using Micic.IntegrationTests.Infrastructure;
using Micic.Persistence.Messaging;

namespace Micic.IntegrationTests.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class OffersTests(Platform platform)
{
    static object Charter(int seats = 50, double departsInHours = 48, string fromPlace = "LY-TIP-PORT") => new
    {
        crisisId = "libya-2011",
        provider = "EgyptAir",
        mode = "air",
        fromPlace,
        toPlace = "EG-CAI-AIRPORT",
        destinationCountry = "EGY",
        departsAt = DateTimeOffset.UtcNow.AddHours(departsInHours),
        seats,
        eligibility = new { nationalities = new[] { "EGY" }, familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = false },
    };

    async Task<Guid> Register(HttpClient offerer, object offer)
    {
        var response = await offerer.PostAsJsonAsync("/api/offers", offer);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/offers/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    [Fact]
    public async Task An_offer_is_registered_and_seen_by_its_offerer_and_coordinators_only()
    {
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var ferries = await platform.LoginAs("hellenic-ferries", "dev-ferries-secret");
        using var coordinator = await platform.Coordinator();
        var id = await Register(egyptair, Charter(seats: 180));

        var offer = await egyptair.GetFromJsonAsync<JsonElement>($"/api/offers/{id}");
        Assert.Equal("open", offer.GetProperty("status").GetString());
        Assert.Equal(180, offer.GetProperty("seatsAvailable").GetInt32());
        Assert.Equal(0, offer.GetProperty("seatsAllocated").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/offers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ferries.GetAsync($"/api/offers/{id}")).StatusCode);

        await Register(egyptair, Charter(seats: 20));
        var page = await egyptair.GetFromJsonAsync<JsonElement>("/api/offers?status=open&fromPlace=LY-TIP-PORT&page=1&pageSize=1");
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt64() >= 2);
        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        var theirs = await ferries.GetFromJsonAsync<JsonElement>("/api/offers");
        Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await egyptair.GetAsync("/api/offers?pageSize=501")).StatusCode);
    }

    [Fact]
    public async Task Invalid_offers_are_refused_field_by_field_and_nothing_is_stored()
    {
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        var before = await platform.Number("micic_offers", "SELECT count(*) FROM offer");

        var negative = await egyptair.PostAsJsonAsync("/api/offers", Charter(seats: -5));
        var past = await egyptair.PostAsJsonAsync("/api/offers", Charter(departsInHours: -1));
        var nowhere = await egyptair.PostAsJsonAsync("/api/offers", Charter(fromPlace: "LY-NOWHERE"));

        foreach (var (response, field) in new[] { (negative, "seats"), (past, "departsAt"), (nowhere, "fromPlace") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
        Assert.Equal(before, await platform.Number("micic_offers", "SELECT count(*) FROM offer"));
    }

    [Fact]
    public async Task Registering_again_with_the_same_idempotency_key_creates_nothing_new()
    {
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        var before = await platform.Number("micic_offers", "SELECT count(*) FROM offer");
        var key = Guid.NewGuid().ToString();
        var charter = Charter(seats: 90);

        async Task<HttpResponseMessage> Post(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offers") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await egyptair.SendAsync(request);
        }

        var first = await Post(charter);
        var again = await Post(charter);
        var other = await Post(Charter(seats: 91));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.NotNull(first.Headers.Location);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("application/json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal(before + 1, await platform.Number("micic_offers", "SELECT count(*) FROM offer"));
    }

    [Fact]
    public async Task Two_hundred_concurrent_holds_on_fifty_seats_on_two_instances_never_overbook_and_releases_free_them_once()
    {
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        var offerId = await Register(egyptair, Charter(seats: 50));

        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            var holds = await bus.GetSendEndpoint(CommandQueues.AddressOf<HoldSeats>());
            var messageIds = Enumerable.Range(0, 200).Select(_ => NewId.NextGuid()).ToList();
            await Task.WhenAll(messageIds.Select(messageId => holds.Send(
                new HoldSeats { OfferId = offerId, RequestId = Guid.NewGuid(), Seats = 1, RanksFrom = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow },
                context => context.MessageId = messageId)));

            var inList = string.Join(",", messageIds.Select(id => $"'{id}'"));
            await Eventually.Get(() => platform.Number("micic_offers", $"SELECT count(*) FROM inbox_state WHERE consumed IS NOT NULL AND message_id IN ({inList})"),
                handled => handled == 200, TimeSpan.FromMinutes(1), "every hold to be answered");
            Assert.Equal(50, await platform.Number("micic_offers", $"SELECT seats_allocated FROM offer WHERE id = '{offerId}'"));

            // Releasing ten groups, twice over, frees exactly ten seats.
            var releases = await bus.GetSendEndpoint(CommandQueues.AddressOf<ReleaseSeats>());
            var holders = await platform.Text("micic_offers", $"SELECT string_agg(request_id::text, ',') FROM (SELECT request_id FROM seat_hold WHERE offer_id = '{offerId}' LIMIT 10) h");
            var releaseIds = new List<Guid>();
            foreach (var request in holders!.Split(',').SelectMany(id => new[] { id, id }))
            {
                var messageId = NewId.NextGuid();
                releaseIds.Add(messageId);
                await releases.Send(new ReleaseSeats { OfferId = offerId, RequestId = Guid.Parse(request), Reason = "cancelled" },
                    context => context.MessageId = messageId);
            }
            var releaseList = string.Join(",", releaseIds.Select(id => $"'{id}'"));
            await Eventually.Get(() => platform.Number("micic_offers", $"SELECT count(*) FROM inbox_state WHERE consumed IS NOT NULL AND message_id IN ({releaseList})"),
                handled => handled == 20, what: "every release to be handled");
        }
        finally
        {
            await bus.StopAsync();
        }

        Assert.Equal(40, await platform.Number("micic_offers", $"SELECT seats_allocated FROM offer WHERE id = '{offerId}'"));
        var offer = await egyptair.GetFromJsonAsync<JsonElement>($"/api/offers/{offerId}");
        Assert.Equal(10, offer.GetProperty("seatsAvailable").GetInt32());
    }

    [Fact]
    public async Task Withdrawing_an_offer_frees_its_seats_once_and_it_takes_no_more_holds()
    {
        using var egyptair = await platform.LoginAs("egyptair-charter", "dev-egyptair-secret");
        using var ferries = await platform.LoginAs("hellenic-ferries", "dev-ferries-secret");
        var offerId = await Register(egyptair, Charter(seats: 10));
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq.ConnectionString)));
        await bus.StartAsync();
        try
        {
            var holds = await bus.GetSendEndpoint(CommandQueues.AddressOf<HoldSeats>());
            for (var i = 0; i < 3; i++)
                await holds.Send(new HoldSeats { OfferId = offerId, RequestId = Guid.NewGuid(), Seats = 2, RanksFrom = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow });
            await Eventually.Get(() => platform.Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE offer_id = '{offerId}'"), held => held == 3);

            Assert.Equal(HttpStatusCode.BadRequest, (await egyptair.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await ferries.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "not ours" })).StatusCode);

            var withdrawn = await egyptair.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "airspace closed" });
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
            var offer = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("withdrawn", offer.GetProperty("status").GetString());
            Assert.Equal(0, offer.GetProperty("seatsAllocated").GetInt32());
            Assert.Equal(0, await platform.Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE offer_id = '{offerId}'"));

            var again = await egyptair.PostAsJsonAsync($"/api/offers/{offerId}/withdraw", new { reason = "airspace closed" });
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

            var lateHold = NewId.NextGuid();
            await holds.Send(new HoldSeats { OfferId = offerId, RequestId = Guid.NewGuid(), Seats = 1, RanksFrom = DateTimeOffset.UtcNow, SubmittedAt = DateTimeOffset.UtcNow }, context => context.MessageId = lateHold);
            await Eventually.Get(() => platform.Number("micic_offers", $"SELECT count(*) FROM inbox_state WHERE consumed IS NOT NULL AND message_id = '{lateHold}'"), handled => handled == 1);
            Assert.Equal(0, await platform.Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE offer_id = '{offerId}'"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
