using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using RabbitMQ.Client;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Funds and reimbursement claims through the gateway: money exact to the cent, a fund never charged beyond what it
/// received or outside what its donor allows, a claim decided once, and concurrent approvals never overspending a fund.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class FundsTests(Platform platform)
{
    static readonly string Today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
    static readonly string LastWeek = DateTimeOffset.UtcNow.AddDays(-7).ToString("yyyy-MM-dd");

    Task<HttpClient> Tunisia() => platform.LoginAs("transit-tunisia", "dev-tunisia-secret");

    static async Task<Guid> OpenFund(HttpClient coordinator, string currency, decimal received, object? restrictions = null, decimal pledged = 1000m)
    {
        var opened = await Ok(await coordinator.PostAsJsonAsync("/api/funds",
            new { name = $"Test fund {Guid.NewGuid():N}", donorOrganisationId = "iom", currency, pledged, restrictions }));
        var id = opened.GetProperty("id").GetGuid();
        if (received > 0)
            await Ok(await coordinator.PostAsJsonAsync($"/api/funds/{id}/receipts", new { amount = received, receivedAt = DateTimeOffset.UtcNow.AddHours(-1) }));
        return id;
    }

    static async Task<Guid> Claim(HttpClient claimant, decimal amount, string currency = "USD", string site = "TN-CHOUCHA", string category = "shelter",
        string? from = null, string? to = null)
    {
        var claim = await Ok(await claimant.PostAsJsonAsync("/api/claims",
            new { siteCode = site, category, amount, currency, people = 12, from = from ?? LastWeek, to = to ?? Today, note = "tents and blankets" }));
        Assert.Equal("pending", claim.GetProperty("status").GetString());
        return claim.GetProperty("id").GetGuid();
    }

    async Task<JsonElement> Fund(HttpClient coordinator, Guid id) => await Ok(await coordinator.GetAsync($"/api/funds/{id}"));

    static async Task<string> Problem(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == expected, $"{(int)answer.StatusCode}: {text}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("title").GetString()!;
    }

    /// <summary>A number in a message: the bus writes decimals as JSON strings, so that no reader rounds them through a double.</summary>
    static decimal Number(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();

    [Fact]
    public async Task Three_claims_of_ten_cents_approved_leave_exactly_seventy_cents_and_each_charge_is_announced()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        // Listening before anything is charged: the events go out through the outbox to every subscriber.
        await using var events = await EventQueue.Bind(platform.Servers.RabbitMq.ConnectionString, "Micic.Contracts:FundCharged", "Micic.Contracts:ClaimApproved");

        var fund = await OpenFund(iom, "USD", received: 1.00m, restrictions: new { purposes = new[] { "reception", "evacuation" } }, pledged: 5000m);
        var claims = new List<Guid>();
        for (var i = 0; i < 3; i++)
            claims.Add(await Claim(tunisia, 0.10m));
        foreach (var claim in claims)
        {
            var approved = await Ok(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund }));
            Assert.Equal(("approved", fund), (approved.GetProperty("status").GetString(), approved.GetProperty("fundId").GetGuid()));
        }

        var details = await Fund(iom, fund);
        var standing = details.GetProperty("fund");
        Assert.Equal((5000m, 1.00m, 0m, 0.30m, 0.70m), (standing.GetProperty("pledged").GetDecimal(), standing.GetProperty("received").GetDecimal(),
            standing.GetProperty("committed").GetDecimal(), standing.GetProperty("spent").GetDecimal(), standing.GetProperty("balance").GetDecimal()));
        // 0.30 in the last 7 days: 0.70 lasts 16.3 days at that pace.
        Assert.Equal(16.3m, standing.GetProperty("daysLeftAtRecentBurn").GetDecimal());
        Assert.Equal(claims, details.GetProperty("charges").EnumerateArray().Select(c => c.GetProperty("claimId").GetGuid()).Order());
        Assert.All(details.GetProperty("charges").EnumerateArray(), c => Assert.Equal((0.10m, "reception"),
            (c.GetProperty("amount").GetDecimal(), c.GetProperty("purpose").GetString())));
        Assert.Equal(1.00m, Assert.Single(details.GetProperty("receipts").EnumerateArray()).GetProperty("amount").GetDecimal());

        var listed = (await Ok(await iom.GetAsync("/api/funds"))).EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == fund);
        Assert.Equal((0.70m, 16.3m), (listed.GetProperty("balance").GetDecimal(), listed.GetProperty("daysLeftAtRecentBurn").GetDecimal()));
        Assert.Equal("0.70", await platform.Text("micic_funds", $"SELECT (received - spent)::text FROM fund WHERE id = '{fund}'"));

        var announced = await events.Until(messages => messages.Count(m => m.Contains(fund.ToString())) >= 6);
        Assert.DoesNotContain(announced, m => m.Contains("tents and blankets"));
        var ours = announced.Select(m => JsonDocument.Parse(m).RootElement.GetProperty("message"))
            .Where(m => m.GetProperty("fundId").GetGuid() == fund).ToList();
        var charged = ours.Where(m => m.TryGetProperty("chargeId", out _)).ToList();
        Assert.Equal([0.90m, 0.80m, 0.70m], charged.Select(m => Number(m.GetProperty("balance"))).OrderDescending());
        Assert.All(charged, m => Assert.Equal((0.10m, "USD", "reception"),
            (Number(m.GetProperty("amount")), m.GetProperty("currency").GetString(), m.GetProperty("purpose").GetString())));
        // In the reporting currency too, at the seeded rates of their stated day (a dollar is a dollar).
        Assert.All(charged, m => Assert.Equal((0.10m, "USD", "2011-03-01"),
            (Number(m.GetProperty("reportingAmount")), m.GetProperty("reportingCurrency").GetString(), m.GetProperty("ratesOf").GetString())));
        var approvals = ours.Where(m => m.TryGetProperty("people", out _)).ToList();
        Assert.Equal(claims, approvals.Select(m => m.GetProperty("claimId").GetGuid()).Order());
        Assert.All(approvals, m => Assert.Equal(("transit-tun", "TN-CHOUCHA", 12), (m.GetProperty("organisationId").GetString(),
            m.GetProperty("siteCode").GetString(), (int)Number(m.GetProperty("people")))));
    }

    [Fact]
    public async Task A_fund_refuses_a_charge_beyond_its_balance_outside_its_restrictions_or_in_another_currency_and_nothing_changes()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        var march = await OpenFund(iom, "USD", received: 100m,
            restrictions: new { purposes = new[] { "reception" }, from = LastWeek, to = Today });
        var evacuationOnly = await OpenFund(iom, "USD", received: 100m, restrictions: new { purposes = new[] { "evacuation" } });
        var pledgedOnly = await OpenFund(iom, "USD", received: 0m);

        async Task Refused(Guid claim, Guid fund, string title)
        {
            Assert.Equal(title, await Problem(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund }), HttpStatusCode.Conflict));
            Assert.Equal("pending", (await Ok(await iom.GetAsync($"/api/claims/{claim}"))).GetProperty("status").GetString());
        }

        await Refused(await Claim(tunisia, 10m, currency: "EUR"), march, "Not the fund's currency.");
        await Refused(await Claim(tunisia, 100.01m), march, "Beyond the fund's balance.");
        await Refused(await Claim(tunisia, 1m), pledgedOnly, "Beyond the fund's balance.");
        await Refused(await Claim(tunisia, 10m), evacuationOnly, "Outside the fund's purposes.");
        await Refused(await Claim(tunisia, 10m, from: DateTimeOffset.UtcNow.AddDays(-30).ToString("yyyy-MM-dd")), march, "Outside the fund's period.");
        foreach (var fund in new[] { march, evacuationOnly, pledgedOnly })
        {
            var standing = (await Fund(iom, fund)).GetProperty("fund");
            Assert.Equal(0m, standing.GetProperty("spent").GetDecimal());
            // Nothing spent in the last week: no pace to reckon days from.
            Assert.False(standing.TryGetProperty("daysLeftAtRecentBurn", out _));
        }
        Assert.Equal(0, await platform.Number("micic_funds", $"SELECT count(*) FROM charge WHERE fund_id IN ('{march}', '{evacuationOnly}', '{pledgedOnly}')"));

        // The whole balance may be spent, to the cent; not a cent more.
        var whole = await Claim(tunisia, 100m);
        await Ok(await iom.PostAsJsonAsync($"/api/claims/{whole}/approve", new { fundId = march }));
        Assert.Equal(0m, (await Fund(iom, march)).GetProperty("fund").GetProperty("balance").GetDecimal());
        await Refused(await Claim(tunisia, 0.01m), march, "Beyond the fund's balance.");
        // Money received later can be spent; a receipt sent twice with its Idempotency-Key (a retry) counts once.
        var receipt = new { amount = 0.01m, receivedAt = DateTimeOffset.UtcNow };
        var key = Guid.NewGuid().ToString();
        for (var i = 0; i < 2; i++)
        {
            using var retried = new HttpRequestMessage(HttpMethod.Post, $"/api/funds/{march}/receipts") { Content = JsonContent.Create(receipt) };
            retried.Headers.Add("Idempotency-Key", key);
            await Ok(await iom.SendAsync(retried));
        }
        Assert.Equal(0.01m, (await Fund(iom, march)).GetProperty("fund").GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task A_claim_is_decided_once_a_rejection_says_why_and_an_unknown_fund_or_claim_is_404()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        var fund = await OpenFund(iom, "USD", received: 50m);
        var claim = await Claim(tunisia, 20m);

        Assert.Equal("No such fund.", await Problem(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = Guid.NewGuid() }), HttpStatusCode.NotFound));
        Assert.Equal("No such claim.", await Problem(await iom.PostAsJsonAsync($"/api/claims/{Guid.NewGuid()}/approve", new { fundId = fund }), HttpStatusCode.NotFound));
        await Ok(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund }));
        Assert.Equal("Already approved.", await Problem(await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund }), HttpStatusCode.Conflict));
        Assert.Equal("Already approved.", await Problem(await iom.PostAsJsonAsync($"/api/claims/{claim}/reject", new { reason = "duplicate" }), HttpStatusCode.Conflict));
        Assert.Equal(20m, (await Fund(iom, fund)).GetProperty("fund").GetProperty("spent").GetDecimal());

        var doubtful = await Claim(tunisia, 5m);
        await Problem(await iom.PostAsJsonAsync($"/api/claims/{doubtful}/reject", new { reason = "" }), HttpStatusCode.BadRequest);
        await Problem(await iom.PostAsJsonAsync($"/api/claims/{doubtful}/reject", new { }), HttpStatusCode.BadRequest);
        var rejected = await Ok(await iom.PostAsJsonAsync($"/api/claims/{doubtful}/reject", new { reason = "No receipts attached." }));
        Assert.Equal(("rejected", "No receipts attached."), (rejected.GetProperty("status").GetString(), rejected.GetProperty("reason").GetString()));
        Assert.Equal("Already rejected.", await Problem(await iom.PostAsJsonAsync($"/api/claims/{doubtful}/approve", new { fundId = fund }), HttpStatusCode.Conflict));
        Assert.Equal(20m, (await Fund(iom, fund)).GetProperty("fund").GetProperty("spent").GetDecimal());
        // Approvals and rejections are the coordinator's.
        await Problem(await tunisia.PostAsJsonAsync($"/api/claims/{doubtful}/approve", new { fundId = fund }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_claimant_claims_only_where_it_works_and_sees_only_its_own_claims()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        using var egypt = await platform.LoginAs("transit-egypt", "dev-egypt-secret");
        using var unhcr = await platform.LoginAs("unhcr-protection", "dev-unhcr-protection-secret");
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");

        var before = await platform.Number("micic_funds", "SELECT count(*) FROM claim");
        Assert.Equal("Not your site.", await Problem(await egypt.PostAsJsonAsync("/api/claims",
            new { siteCode = "TN-CHOUCHA", category = "food", amount = 10m, currency = "EGP", people = 3, from = LastWeek, to = Today }), HttpStatusCode.Forbidden));
        // A partner covering Tunisia claims at a Tunisian site, not at a Libyan one.
        Assert.Equal("Not your site.", await Problem(await unhcr.PostAsJsonAsync("/api/claims",
            new { siteCode = "LY-TIP-PORT", category = "food", amount = 10m, currency = "USD", people = 3, from = LastWeek, to = Today }), HttpStatusCode.Forbidden));
        await Problem(await requester.PostAsJsonAsync("/api/claims",
            new { category = "food", amount = 10m, currency = "USD", people = 3, from = LastWeek, to = Today }), HttpStatusCode.Forbidden);
        await Problem(await iom.PostAsJsonAsync("/api/claims",
            new { category = "food", amount = 10m, currency = "USD", people = 3, from = LastWeek, to = Today }), HttpStatusCode.Forbidden);
        Assert.Equal(before, await platform.Number("micic_funds", "SELECT count(*) FROM claim"));

        var partners = await Claim(unhcr, 75.5m, category: "medical");
        var egypts = await Claim(egypt, 300m, currency: "EGP", site: "EG-SALLOUM", category: "food");
        var tunisias = await Claim(tunisia, 12m, category: "transport");

        async Task<List<Guid>> Listed(HttpClient client, string query = "") =>
            (await Ok(await client.GetAsync($"/api/claims?pageSize=500{query}"))).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(partners, await Listed(unhcr));
        Assert.DoesNotContain(egypts, await Listed(unhcr));
        Assert.DoesNotContain(tunisias, await Listed(egypt));
        var all = await Listed(iom, "&status=pending");
        Assert.Subset(all.ToHashSet(), new HashSet<Guid> { partners, egypts, tunisias });
        Assert.DoesNotContain(tunisias, await Listed(iom, "&status=approved"));
        Assert.Equal("No such claim.", await Problem(await egypt.GetAsync($"/api/claims/{tunisias}"), HttpStatusCode.NotFound));
        await Problem(await requester.GetAsync("/api/claims"), HttpStatusCode.Forbidden);
        await Problem(await tunisia.GetAsync("/api/funds"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_consulate_pledges_to_a_fund_in_its_currency_without_seeing_the_funds_books()
    {
        using var iom = await platform.Coordinator();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var fund = await OpenFund(iom, "USD", received: 0m, pledged: 1000m);

        var pledge = await Ok(await bangladesh.PostAsJsonAsync($"/api/funds/{fund}/pledges", new { amount = 2500.25m }));
        Assert.Equal(("consulate-bgd", 2500.25m, "USD"), (pledge.GetProperty("organisationId").GetString(), pledge.GetProperty("amount").GetDecimal(),
            pledge.GetProperty("currency").GetString()));
        var standing = (await Fund(iom, fund)).GetProperty("fund");
        // Pledged is promised, not received: nothing more to spend yet.
        Assert.Equal((3500.25m, 0m), (standing.GetProperty("pledged").GetDecimal(), standing.GetProperty("balance").GetDecimal()));

        await Problem(await bangladesh.PostAsJsonAsync($"/api/funds/{fund}/pledges", new { amount = 10.005m }), HttpStatusCode.BadRequest);
        await Problem(await bangladesh.PostAsJsonAsync($"/api/funds/{Guid.NewGuid()}/pledges", new { amount = 10m }), HttpStatusCode.NotFound);
        await Problem(await requester.PostAsJsonAsync($"/api/funds/{fund}/pledges", new { amount = 10m }), HttpStatusCode.Forbidden);
        await Problem(await bangladesh.GetAsync($"/api/funds/{fund}"), HttpStatusCode.Forbidden);
        await Problem(await bangladesh.GetAsync("/api/funds"), HttpStatusCode.Forbidden);
        Assert.Equal(3500.25m, (await Fund(iom, fund)).GetProperty("fund").GetProperty("pledged").GetDecimal());
    }

    /// <summary>
    /// Twenty claims of ten cents approved at once against a fund holding one dollar: each approval locks the fund's row,
    /// so exactly ten are charged and ten refused, and the fund is spent to the cent, never beyond.
    /// </summary>
    [Fact]
    public async Task Concurrent_approvals_never_overspend_a_fund()
    {
        using var iom = await platform.Coordinator();
        using var tunisia = await Tunisia();
        var fund = await OpenFund(iom, "USD", received: 1.00m);
        var claims = new List<Guid>();
        for (var i = 0; i < 20; i++)
            claims.Add(await Claim(tunisia, 0.10m));

        var answers = await Task.WhenAll(claims.Select(async claim =>
        {
            using var answer = await iom.PostAsJsonAsync($"/api/claims/{claim}/approve", new { fundId = fund });
            return answer.StatusCode;
        }));
        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(status => status == HttpStatusCode.Conflict));

        var standing = (await Fund(iom, fund)).GetProperty("fund");
        Assert.Equal((1.00m, 0.00m), (standing.GetProperty("spent").GetDecimal(), standing.GetProperty("balance").GetDecimal()));
        Assert.Equal("1.00", await platform.Text("micic_funds", $"SELECT sum(amount)::text FROM charge WHERE fund_id = '{fund}'"));
        Assert.Equal(10, await platform.Number("micic_funds", $"SELECT count(*) FROM claim WHERE fund_id = '{fund}' AND status = 'approved'"));
        Assert.Equal(10, await platform.Number("micic_funds",
            $"SELECT count(*) FROM claim WHERE id IN ({string.Join(",", claims.Select(c => $"'{c}'"))}) AND status = 'pending'"));
    }

    /// <summary>A queue of the test's own bound to events' exchanges, as another service's subscription would be.</summary>
    sealed class EventQueue : IAsyncDisposable
    {
        readonly IConnection _connection;
        readonly IChannel _channel;
        readonly string _queue;

        EventQueue(IConnection connection, IChannel channel, string queue) => (_connection, _channel, _queue) = (connection, channel, queue);

        public static async Task<EventQueue> Bind(string broker, params string[] exchanges)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            foreach (var exchange in exchanges)
            {
                // As MassTransit declares a message type's exchange: durable fanout.
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
                await channel.QueueBindAsync(queue, exchange, "");
            }
            return new EventQueue(connection, channel, queue);
        }

        readonly List<string> _received = [];

        /// <summary>The messages received so far, once <paramref name="enough"/> holds (or after 30 s, as they are).</summary>
        public async Task<IReadOnlyList<string>> Until(Func<IReadOnlyList<string>, bool> enough)
        {
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!enough(_received) && DateTime.UtcNow < until)
            {
                if (await _channel.BasicGetAsync(_queue, autoAck: true) is { } message)
                    _received.Add(Encoding.UTF8.GetString(message.Body.Span));
                else
                    await Task.Delay(200);
            }
            return _received;
        }

        public async ValueTask DisposeAsync()
        {
            await _channel.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
