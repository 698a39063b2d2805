using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Micic.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// What the gateway replicas and service instances share through Redis — rate limits and token revocations — and what
/// happens when Redis goes away: nothing that a 2xx promises depends on it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SharedStateTests(Platform platform)
{
    const int TokenRequestsPerMinute = 1000; // the platform's Gateway__TokenRequestsPerMinute

    [Fact]
    public async Task A_limit_of_N_token_requests_a_minute_holds_at_N_across_both_gateways()
    {
        // The window is the clock's minute: the burst starts early in one, so it cannot straddle two.
        if (DateTime.UtcNow.Second > 20)
            await UntilNextMinute();
        // Every test signs in from the same address: the burst starts from a clean allowance and gives it back after, so
        // no sign-in of another test counts towards it or is refused because of it.
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!);
        await ForgetTokenRequestCounts(redis);
        using var http = platform.Anonymous();
        var answers = new ConcurrentBag<(HttpStatusCode Status, string Gateway)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, TokenRequestsPerMinute + 200), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (_, cancellationToken) =>
            {
                using var response = await http.PostAsJsonAsync("/api/auth/token",
                    new { clientId = "transit-egypt", clientSecret = "dev-egypt-secret" }, cancellationToken);
                answers.Add((response.StatusCode, response.Headers.GetValues("X-Micic-Instance").Single()));
            });

        await ForgetTokenRequestCounts(redis);
        var granted = answers.Where(answer => answer.Status == HttpStatusCode.OK).ToList();
        // Two gateways counting apart would grant ~2N.
        Assert.Equal(TokenRequestsPerMinute, granted.Count);
        Assert.Equal(answers.Count - granted.Count, answers.Count(answer => answer.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, granted.Select(answer => answer.Gateway).Distinct().Count());
    }

    static async Task ForgetTokenRequestCounts(ConnectionMultiplexer redis)
    {
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(pattern: "micic:ratelimit:token:*"))
                await redis.GetDatabase().KeyDeleteAsync(key);
    }

    [Fact]
    public async Task A_revoked_organisation_is_refused_everywhere_within_a_second_and_stays_revoked_after_Redis_restarts()
    {
        using var iom = await platform.Coordinator();
        // Chad's consulate: no other test signs in as it.
        using var consulate = await platform.LoginAs("consulate-tcd", "dev-tcd-secret");
        using var requestsService = new HttpClient { BaseAddress = platform.App.GetEndpoint("requests", "http") };
        requestsService.DefaultRequestHeaders.Authorization = consulate.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.OK, (await consulate.GetAsync("/api/places")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await requestsService.GetAsync("/api/places")).StatusCode);

        var revoked = await iom.PostAsJsonAsync("/api/auth/revocations", new { organisationId = "consulate-tcd", reason = "Laptop lost at Ras Ajdir" });
        Assert.Equal(HttpStatusCode.Accepted, revoked.StatusCode);
        var clock = Stopwatch.StartNew();
        var refusedBy = new HashSet<string>();
        while (true)
        {
            var atGateways = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => consulate.GetAsync("/api/places")));
            var atService = await requestsService.GetAsync("/api/places");
            // Refused by the gateway itself: the answer never reached a service (only the gateway's name is on it).
            if (atGateways.All(answer => answer.StatusCode == HttpStatusCode.Unauthorized && answer.Headers.GetValues("X-Micic-Instance").Count() == 1)
                && atService.StatusCode == HttpStatusCode.Unauthorized)
            {
                refusedBy.UnionWith(atGateways.Select(answer => answer.Headers.GetValues("X-Micic-Instance").Single()));
                break;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "The revoked token was still accepted a second after the revocation.");
        }
        Assert.Equal(2, refusedBy.Count);

        // The same credentials get no new token until they are rotated; the refusal says why.
        var relogin = await platform.Anonymous().PostAsJsonAsync("/api/auth/token", new { clientId = "consulate-tcd", clientSecret = "dev-tcd-secret" });
        Assert.Equal(HttpStatusCode.Unauthorized, relogin.StatusCode);
        Assert.Contains("revoked", await relogin.Content.ReadAsStringAsync());

        // Redis restarts: the revocation is still on its disk, and gateways started afresh read it back.
        await platform.Stop("redis");
        await platform.Start("redis");
        await using (var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!))
            Assert.True(await redis.GetDatabase().HashExistsAsync("micic:revocations", "consulate-tcd"));
        Assert.Equal(2, platform.Crash("gateway"));
        await Eventually.Get(async () =>
        {
            try { return (await consulate.GetAsync("/api/places")).StatusCode; }
            catch (HttpRequestException) { return HttpStatusCode.BadGateway; }
        }, status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(60), "the restarted gateways to refuse the revoked token");
        var listed = await iom.GetFromJsonAsync<JsonElement>("/api/auth/revocations");
        Assert.Contains(listed.EnumerateArray(), revocation => revocation.GetProperty("organisationId").GetString() == "consulate-tcd");
    }

    [Fact]
    public async Task Revocations_refuse_bad_input_and_anyone_but_a_coordinator()
    {
        using var iom = await platform.Coordinator();
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Anonymous().PostAsJsonAsync("/api/auth/revocations", new { organisationId = "consulate-ner", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsJsonAsync("/api/auth/revocations", new { organisationId = "consulate-ner", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/auth/revocations")).StatusCode);

        foreach (var body in new object[]
                 {
                     new { organisationId = "no-such-organisation", reason = "lost" },
                     new { organisationId = "consulate-ner" },
                     new { organisationId = "consulate-ner", reason = new string('x', 501) },
                     new { reason = "lost" },
                 })
        {
            var answer = await iom.PostAsJsonAsync("/api/auth/revocations", body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
        var malformed = await iom.PostAsync("/api/auth/revocations", new StringContent("{\"organisationId\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        var listed = await iom.GetFromJsonAsync<JsonElement>("/api/auth/revocations");
        Assert.DoesNotContain(listed.EnumerateArray(), revocation => revocation.GetProperty("organisationId").GetString() == "consulate-ner");
        using var niger = await platform.LoginAs("consulate-ner", "dev-ner-secret");
        Assert.Equal(HttpStatusCode.OK, (await niger.GetAsync("/api/places")).StatusCode);
    }

    [Fact]
    public async Task Without_Redis_requests_are_accepted_and_matched_ready_says_degraded_and_live_pages_recover()
    {
        using var iom = await platform.Coordinator();
        using var requester = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        using var page = await iom.GetAsync("/api/dashboard/live", HttpCompletionOption.ResponseHeadersRead);
        using var stream = new StreamReader(await page.Content.ReadAsStreamAsync());
        // A route of its own: Misrata to Bamako.
        var offer = await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = "LY-MRA-PORT", toPlace = "ML-BKO-AIRPORT",
            destinationCountry = "MLI", departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = 20,
            eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        using var sudan = await platform.LoginAs("consulate-sdn", "dev-sdn-secret");
        Assert.Equal(HttpStatusCode.OK, (await sudan.GetAsync("/api/requests?nationality=SDN")).StatusCode);

        await platform.Stop("redis");
        try
        {
            var id = await Submit(requester, "MLI");
            await Eventually.Get(async () => (await requester.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("status").GetString(),
                status => status == "matched", TimeSpan.FromSeconds(60), "the request to be matched without Redis");
            var ready = await Eventually.Get(() => platform.Anonymous().GetStringAsync("/health/ready"), body => body == "Degraded",
                TimeSpan.FromSeconds(20), "the gateway's ready check to say it is degraded");
            Assert.Equal("Degraded", ready);
            // A revocation is kept by the identity provider's database, not by Redis: accepted now, announced when Redis is back.
            var revocation = await iom.PostAsJsonAsync("/api/auth/revocations", new { organisationId = "consulate-sdn", reason = "test" });
            Assert.Equal(HttpStatusCode.Accepted, revocation.StatusCode);
            // The open page still follows, at the slower pace.
            using var slower = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await LiveStreams.UntilSummary(stream, summary => Has(summary, "MLI"), slower.Token);
        }
        finally
        {
            await platform.Start("redis");
        }

        await Eventually.Get(() => platform.Anonymous().GetStringAsync("/health/ready"), body => body == "Healthy",
            TimeSpan.FromSeconds(30), "the gateway to be healthy again with Redis back");
        await Eventually.Get(async () => (await sudan.GetAsync("/api/requests?nationality=SDN")).StatusCode, status => status == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20), "the revocation made without Redis to reach every gateway once it is back");
        await Submit(requester, "NER");
        using var recovered = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await LiveStreams.UntilSummary(stream, summary => Has(summary, "NER"), recovered.Token);
    }

    /// <summary>A person bound for Bamako from Misrata, where this test's own flight leaves: nobody is left waiting there.</summary>
    static async Task<string> Submit(HttpClient requester, string nationality)
    {
        var answer = await requester.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-MRA-PORT", destinationCountry = "MLI", acceptsThirdCountry = false,
            consentToShareWithConsulate = false,
            people = new[] { new { givenName = "Awa", familyName = "Traoré", sex = "F", age = 29, nationality, document = new { kind = "none" }, needs = Array.Empty<string>() } },
        });
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    static bool Has(JsonElement summary, string nationality) =>
        summary.GetProperty("byNationality").EnumerateArray().Any(entry => entry.GetProperty("nationality").GetString() == nationality);

    static Task UntilNextMinute() => Task.Delay(TimeSpan.FromSeconds(60 - DateTime.UtcNow.TimeOfDay.TotalSeconds % 60 + 0.5));
}
