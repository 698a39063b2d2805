using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// How long a family waits, once matched, for the SMS that tells it where and when to gather: from the match (the
/// matching saga's own time) to the delivery report of its notice (Kannel's, through the simulated operator in a local
/// run). Families of each notice language, each with its own phone, all consenting; an offer for them all is there
/// before they arrive, as in a crisis where the seats wait for the people.
/// </summary>
static class MessageDelivery
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    static readonly string[] Languages = ["ar", "fr", "en", "bn"];

    public static async Task<string> Time(HttpClient http, int families)
    {
        var offer = await http.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "IOM charter", mode = "air", fromPlace = "LY-TIP-AIRPORT", toPlace = "GH-ACC-AIRPORT",
            destinationCountry = "GHA", departsAt = DateTimeOffset.UtcNow.AddDays(2), seats = families * 2,
            eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        if (offer.StatusCode != HttpStatusCode.Created)
            return $"Messages: the offer was refused ({(int)offer.StatusCode}): {await offer.Content.ReadAsStringAsync()}";

        var requests = new Guid[families];
        await Parallel.ForEachAsync(Enumerable.Range(0, families), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            var response = await http.PostAsJsonAsync("/api/requests", new
            {
                crisisId = "libya-2011", pickupPlace = "LY-TIP-AIRPORT", destinationCountry = "GHA", acceptsThirdCountry = false,
                consentToShareWithConsulate = true,
                contact = new { phone = $"+23324{Program.Run.GetHashCode() & 0x3F:D2}{i:D5}", language = Languages[i % Languages.Length], consentToMessages = true },
                people = Enumerable.Range(0, 1 + i % 2).Select(p => new
                {
                    givenName = p == 0 ? "Kofi" : "Ama", familyName = $"Mensah{Program.Run}{i}", sex = p == 0 ? "M" : "F", age = 30 + p,
                    nationality = "GHA", document = new { kind = "passport", number = $"G{Program.Run}{i:D5}{p}" }, needs = Array.Empty<string>(),
                }).ToArray(),
            }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException($"Family {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            requests[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        });

        var delays = new List<double>();
        var waiting = requests.ToHashSet();
        var clock = Stopwatch.StartNew();
        while (waiting.Count > 0 && clock.Elapsed < Patience)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var request in waiting.ToList())
                if (await DelayOf(http, request) is { } delay)
                {
                    delays.Add(delay.TotalSeconds);
                    waiting.Remove(request);
                }
        }
        if (delays.Count == 0)
            return $"Messages: no notice was delivered within {Patience.TotalMinutes:0} minutes";
        delays.Sort();
        return $"Messages: {delays.Count} of {families} families told of their seat by SMS (ar, fr, en, bn); matched → delivered " +
               $"p50 {Statistics.Percentile(delays, 0.5):F1} s, p95 {Statistics.Percentile(delays, 0.95):F1} s, max {delays[^1]:F1} s";
    }

    /// <summary>From the group's match to its notice's delivery report, once both have happened.</summary>
    static async Task<TimeSpan?> DelayOf(HttpClient http, Guid request)
    {
        var messages = await http.GetFromJsonAsync<JsonElement>($"/api/messages?requestId={request}&direction=out");
        var delivered = messages.GetProperty("items").EnumerateArray()
            .FirstOrDefault(m => m.GetProperty("kind").GetString() == "notice" && m.GetProperty("status").GetString() == "delivered");
        if (delivered.ValueKind != JsonValueKind.Object || delivered.GetProperty("deliveredAt").ValueKind != JsonValueKind.String)
            return null;
        var matching = await http.GetFromJsonAsync<JsonElement>($"/api/matching/{request}");
        var matched = matching.GetProperty("history").EnumerateArray()
            .Where(step => step.GetProperty("status").GetString() == "matched").Select(step => step.GetProperty("at").GetDateTimeOffset()).ToList();
        return matched.Count == 0 ? null : delivered.GetProperty("deliveredAt").GetDateTimeOffset() - matched.Min();
    }
}
