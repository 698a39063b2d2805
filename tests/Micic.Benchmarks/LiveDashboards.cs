using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

/// <summary>
/// Many coordinators' pages on <c>GET /api/dashboard/live</c> through the gateway, and a Sri Lankan family submitted
/// again and again: how long each page waits for the figures that count it.
/// </summary>
static class LiveDashboards
{
    const string Nationality = "LKA"; // not one the intake benchmark submits, so only these changes move it
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The delays in milliseconds, sorted; null when a page never saw a change (the reason is printed).</summary>
    public static async Task<List<double>?> Watch(HttpClient http, int dashboards, int changes)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var target = int.MaxValue;
        var seenAt = new long[dashboards]; // stopwatch ticks when the page held the change; 0 until then
        var pages = new List<Task>();
        try
        {
            for (var page = 0; page < dashboards; page++)
            {
                var response = await http.GetAsync("/api/dashboard/live", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                var index = page;
                pages.Add(Read(response, people =>
                {
                    if (people >= Volatile.Read(ref target))
                        Interlocked.CompareExchange(ref seenAt[index], clock.ElapsedTicks, 0);
                }, stop.Token));
            }

            var delays = new List<double>();
            for (var change = 0; change < changes; change++)
            {
                var before = await People(http);
                Volatile.Write(ref target, before + 2); // first: a late summary of the last change must not count for this one
                Array.Clear(seenAt);
                var sent = clock.ElapsedTicks;
                var response = await http.PostAsJsonAsync("/api/requests", Family(change));
                response.EnsureSuccessStatusCode();

                var deadline = clock.Elapsed + Patience;
                while (seenAt.Any(at => at == 0) && clock.Elapsed < deadline)
                    await Task.Delay(20);
                if (seenAt.Count(at => at == 0) is var missed and > 0)
                {
                    Console.WriteLine($"Live: {missed} of {dashboards} pages did not see change {change + 1} within {Patience.TotalSeconds} s");
                    return null;
                }
                delays.AddRange(seenAt.Select(at => (at - sent) * 1000.0 / Stopwatch.Frequency));
                await Task.Delay(500); // let the coalescing window pass, so that each change is measured on its own
            }
            delays.Sort();
            return delays;
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(pages.Select(page => page.ContinueWith(_ => { })));
        }
    }

    /// <summary>Reads one page's stream, reporting the nationality's head count of every summary.</summary>
    static async Task Read(HttpResponseMessage response, Action<int> people, CancellationToken cancellationToken)
    {
        using (response)
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)))
        {
            var summary = false;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:"))
                    summary = line == "event: summary";
                else if (summary && line.StartsWith("data:"))
                    people(Count(JsonDocument.Parse(line["data:".Length..]).RootElement));
            }
        }
    }

    static async Task<int> People(HttpClient http) => Count(await http.GetFromJsonAsync<JsonElement>("/api/dashboard/summary"));

    static int Count(JsonElement summary) => summary.GetProperty("byNationality").EnumerateArray()
        .Where(n => n.GetProperty("nationality").GetString() == Nationality).Sum(n => n.GetProperty("people").GetInt32());

    static object Family(int change) => new
    {
        crisisId = "libya-2011", pickupPlace = "LY-MRA-PORT", destinationCountry = Nationality, acceptsThirdCountry = false,
        consentToShareWithConsulate = false,
        people = new[] { "Nimal", "Kumari" }.Select((name, i) => new
        {
            givenName = name, familyName = $"Perera{change}", sex = i == 0 ? "M" : "F", age = 40 - i * 3, nationality = Nationality,
            document = new { kind = "passport", number = $"N{Environment.TickCount64 % 100000000:D8}{change}{i}" },
            needs = Array.Empty<string>(),
        }),
    };
}
