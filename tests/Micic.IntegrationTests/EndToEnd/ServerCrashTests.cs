using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Micic.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// kill -9 of a server the AppHost runs — PostgreSQL, RabbitMQ, Redis, Kannel — in the middle of a stream of requests sent as
/// a real client sends them (a failed call is tried again with the same Idempotency-Key): the AppHost starts the server
/// again on its port with its data, and every request that got a 202 is stored once, matched once and counted once.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServerCrashTests(Platform platform)
{
    // Vietnamese families waiting at Zuwara: no other test sends anyone from there, so only this test's groups take these seats.
    const string Pickup = "LY-ZUWARA", Nationality = "VNM";

    /// <summary>Requests accepted before the kill and again after the server is back: enough to be in flight across both.</summary>
    const int Before = 8, After = 8;

    [Theory]
    [InlineData("postgres", "postgres")]
    [InlineData("messaging", "beam.smp")]
    [InlineData("redis", "redis-server")]
    [InlineData("sms-bearerbox", "bearerbox")]
    public async Task A_server_killed_under_load_comes_back_and_nothing_accepted_is_lost(string resource, string program)
    {
        using var iom = await platform.Coordinator();
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var offer = await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = Pickup, toPlace = "VN-HAN-AIRPORT", destinationCountry = Nationality,
            departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = 1_000,
            eligibility = new { nationalities = new[] { Nationality }, familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        var redisKey = $"micic:tests:{Guid.NewGuid():N}";

        await using var stream = new RequestStream(requester);
        await Eventually.Get(() => Matched(stream.Accepted), matched => matched >= Before, TimeSpan.FromMinutes(1), "requests to be matched before the kill");
        if (resource == "redis")
            await using (var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!))
                Assert.True(await redis.GetDatabase().StringSetAsync(redisKey, "acknowledged"));
        var killedAt = DateTime.UtcNow;
        var before = platform.KillServer(resource, program);
        await platform.UntilRestarted(resource, before);
        var backAt = DateTime.UtcNow;
        var acceptedBack = stream.Accepted.Count;
        await Eventually.Get(() => Task.FromResult(stream.Accepted.Count), count => count >= acceptedBack + After, TimeSpan.FromMinutes(1),
            $"requests to be accepted again after {resource} came back");
        var accepted = await stream.Stop();
        // Refused meanwhile, never failed: a request that could not be stored was told so (503), and sent again.
        Assert.All(accepted.SelectMany(request => request.Failures), failure => Assert.Equal("503", failure));

        // Stored once: each request accepted is there, and no retry of one created another (each carries its own document number).
        var ids = string.Join(",", accepted.Select(request => $"'{request.Id}'"));
        var documents = string.Join(",", accepted.Select(request => $"'{request.Document}'"));
        Assert.Equal(accepted.Count, accepted.DistinctBy(request => request.Id).Count());
        Assert.Equal(accepted.Count, await platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE id IN ({ids})"));
        Assert.Equal(accepted.Count, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE document_number IN ({documents})"));
        // Matched once: one seat held for each, one "matched" in each history, and each counted once on the dashboard.
        await Eventually.Get(() => Matched(accepted), matched => matched == accepted.Count, TimeSpan.FromMinutes(1),
            $"every request accepted to be matched after {resource} was killed");
        Assert.Equal(accepted.Count, await platform.Number("micic_offers", $"SELECT coalesce(sum(seats), 0) FROM seat_hold WHERE request_id IN ({ids})"));
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM request_status_history WHERE request_id IN ({ids}) AND status = 'matched'"),
            matched => matched == accepted.Count, TimeSpan.FromSeconds(30), "each request's history to say matched, once");
        await Eventually.Get(() => platform.Number("micic_dashboard", $"SELECT count(*) FROM request_projection WHERE request_id IN ({ids})"),
            counted => counted == accepted.Count, TimeSpan.FromSeconds(30), $"every request to be counted on the dashboard after {resource} was killed");

        if (resource == "redis")
        {
            // Redis is the gateways' helper, not the way in: nothing was refused while it was away, and what it acknowledged is still there.
            Assert.All(accepted, request => Assert.Empty(request.Failures));
            Assert.Contains(accepted, request => request.At > killedAt && request.At < backAt);
            await using var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!);
            Assert.Equal("acknowledged", (string?)await redis.GetDatabase().StringGetAsync(redisKey));
        }
        if (resource == "sms-bearerbox")
            await EveryNoticeReachesItsPhoneOnce(accepted);
    }

    /// <summary>
    /// Every notice written to these families reaches their phones, once — among them some that Kannel refused while it was
    /// down (they waited in Messaging's queue and went when it was back).
    /// </summary>
    async Task EveryNoticeReachesItsPhoneOnce(IReadOnlyList<Request> accepted)
    {
        var phones = string.Join(",", accepted.Select(request => $"'{request.Phone}'"));
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(DISTINCT phone) FROM message WHERE direction = 'out' AND phone IN ({phones})"),
            written => written == accepted.Count, TimeSpan.FromSeconds(30), "a notice to be written to every family");
        var notices = await platform.Rows("micic_messages", $"SELECT phone, count(*)::int FROM message WHERE direction = 'out' AND phone IN ({phones}) GROUP BY phone",
            row => (Phone: row.GetString(0), Count: row.GetInt32(1)));
        foreach (var (phone, count) in notices)
            await Eventually.Get(async () => (await platform.Phones.Received(phone)).Count, received => received >= count, TimeSpan.FromMinutes(1),
                $"{phone} to receive its {count} message(s)");
        Assert.True(await platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE direction = 'out' AND phone IN ({phones}) AND attempts > 1") > 0,
            "no notice was refused while Kannel was down: the kill proved nothing");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a second copy would follow the first within this
        foreach (var (phone, count) in notices)
            Assert.Equal(count, (await platform.Phones.Received(phone)).Count);
    }

    /// <summary>How many of these requests hold a seat.</summary>
    Task<int> Matched(IReadOnlyCollection<Request> requests) => requests.Count == 0
        ? Task.FromResult(0)
        : platform.Number("micic_offers", $"SELECT count(*) FROM seat_hold WHERE request_id IN ({string.Join(",", requests.Select(request => $"'{request.Id}'"))})");

    /// <summary>A request the platform accepted: its id, the document number and phone that make it recognisable, when, and after how many attempts.</summary>
    sealed record Request(Guid Id, string Document, string Phone, DateTime At, IReadOnlyList<string> Failures);

    /// <summary>Three clients submitting one family after another, each until accepted, until stopped.</summary>
    sealed class RequestStream : IAsyncDisposable
    {
        /// <summary>Between one client's requests: a steady stream, not a backlog that outlasts the test.</summary>
        static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

        readonly ConcurrentQueue<Request> _accepted = new();
        readonly CancellationTokenSource _stop = new();
        readonly Task[] _clients;
        static int _sequence = Random.Shared.Next(1_000, 9_000) * 10_000;

        public RequestStream(HttpClient requester) =>
            _clients = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    var number = Interlocked.Increment(ref _sequence);
                    var (document, phone) = ($"VN{number:D8}", $"+849{number:D8}");
                    var submitted = await Requests.SubmitUntilAccepted(requester, Family(document, phone));
                    _accepted.Enqueue(new Request(submitted.Id, document, phone, DateTime.UtcNow, submitted.Failures));
                    await Task.Delay(Pause);
                }
            }))];

        public IReadOnlyCollection<Request> Accepted => [.. _accepted];

        /// <summary>Lets each client finish the request it is sending; returns every request accepted.</summary>
        public async Task<IReadOnlyList<Request>> Stop()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_clients);
            return [.. _accepted];
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
                try { await Stop(); }
                catch (Exception) { } // the test has failed already; what it says matters more
            _stop.Dispose();
        }

        static object Family(string document, string phone) => new
        {
            crisisId = "libya-2011", pickupPlace = Pickup, destinationCountry = Nationality, acceptsThirdCountry = false, consentToShareWithConsulate = false,
            contact = new { phone, consentToMessages = true },
            people = new[]
            {
                new { givenName = "Lan", familyName = "Nguyen", sex = "F", age = 31, nationality = Nationality, document = new { kind = "passport", number = document }, needs = Array.Empty<string>() },
            },
        };
    }
}
