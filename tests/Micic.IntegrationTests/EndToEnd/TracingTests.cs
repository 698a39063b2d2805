using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// What an operator sees in the Aspire dashboard: one evacuation request followed as one trace from the gateway through
/// the requests service, its outbox and RabbitMQ to the matching saga and the seat hold in offers — read back from an
/// OpenTelemetry collector every process exports to.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TracingTests(Platform platform)
{
    [Fact]
    public async Task One_request_is_one_trace_from_the_gateway_through_matching_to_the_seat_hold()
    {
        // The caller starts the trace, as an instrumented client would: everything the request causes belongs to it.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpan = ActivitySpanId.CreateRandom().ToHexString();
        await SubmitAndMatch($"00-{traceId}-{callerSpan}-01");

        // Spans arrive in batches, each process on its own schedule: wait until every hop is in and nothing hangs loose.
        string[] hops = ["gateway", "requests", "matching", "offers"];
        var trace = await Eventually.Get(() => Task.FromResult(platform.Traces.Trace(traceId)),
            spans => hops.All(hop => spans.Any(span => span.Service == hop)) && Loose(spans, callerSpan).Count == 0,
            TimeSpan.FromSeconds(60), $"the trace {traceId} to reach offers, joined");

        // Joined, not just emitted: from the seat hold in offers, parent by parent, back to the caller's span.
        var hold = trace.First(span => span.Service == "offers" && span.Name.Contains("hold-seats", StringComparison.OrdinalIgnoreCase));
        var path = new List<CollectedSpan> { hold };
        while (path[^1].ParentSpanId != callerSpan)
            path.Add(trace.Single(span => span.SpanId == path[^1].ParentSpanId));
        Assert.Equal(hops, path.Select(span => span.Service).Reverse().Distinct());
    }

    [Fact]
    public async Task Operators_see_the_platforms_own_figures_beside_the_frameworks()
    {
        await SubmitAndMatch(traceParent: null);

        // The figures are exported every few seconds; a name ending in '.' stands for any of the framework's own under it.
        (string Service, string Metric)[] expected =
        [
            ("requests", "micic.requests.people_submitted"), ("requests", "micic.matching.time_to_match"),
            ("requests", "micic.outbox.delay"), ("matching", "micic.outbox.delay"), ("offers", "micic.messages.dead_letters"),
            ("gateway", "http.server.request.duration"), ("matching", "messaging.masstransit."),
        ];
        string Missing() => string.Join(", ", expected
            .Where(pair => !platform.Traces.Metrics(pair.Service).Any(name => pair.Metric.EndsWith('.') ? name.StartsWith(pair.Metric) : name == pair.Metric))
            .Select(pair => $"{pair.Service}: {pair.Metric}"));
        await Eventually.Get(() => Task.FromResult(Missing()), missing => missing.Length == 0, TimeSpan.FromSeconds(60), "every service's figures to be exported");
    }

    /// <summary>A person bound for Lahore from Misrata, on a flight of the test's own (a route no other test uses).</summary>
    async Task SubmitAndMatch(string? traceParent)
    {
        using var offerer = await platform.LoginAs("iom-movements", "dev-iom-movements-secret");
        var offer = await offerer.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = "LY-MRA-PORT", toPlace = "PK-LHE-AIRPORT",
            destinationCountry = "PAK", departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = 10,
            eligibility = new { familyMembersOfAnyNationality = false, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);

        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
        {
            Content = JsonContent.Create(new
            {
                crisisId = "libya-2011", pickupPlace = "LY-MRA-PORT", destinationCountry = "PAK", acceptsThirdCountry = false,
                consentToShareWithConsulate = true,
                people = new[] { new { givenName = "Imran", familyName = "Khalid", sex = "M", age = 41, nationality = "PAK", document = new { kind = "passport", number = "PK7654321" }, needs = Array.Empty<string>() } },
            }),
        };
        if (traceParent is not null)
            submit.Headers.Add("traceparent", traceParent);
        var accepted = await requester.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await Eventually.Get(async () => (await requester.GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("status").GetString(),
            status => status == "matched", TimeSpan.FromSeconds(60), "the request to be matched");
    }

    /// <summary>Spans whose parent is neither the caller's span nor another span of the trace.</summary>
    static List<CollectedSpan> Loose(IReadOnlyList<CollectedSpan> spans, string callerSpan) =>
        spans.Where(span => span.ParentSpanId != callerSpan && spans.All(parent => parent.SpanId != span.ParentSpanId)).ToList();
}
