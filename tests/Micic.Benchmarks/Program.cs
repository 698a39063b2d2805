using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

// Against a running platform (dotnet run --project Micic.AppHost -- --no-replay): how long a change takes to reach many
// open dashboards, and how many people per second the gateway accepts through the single-request API and through the
// CSV import; then how long the after-action report of the crisis takes. A measurement, not a test.
//
//   dotnet run -c Release --project tests/Micic.Benchmarks -- [--gateway http://127.0.0.1:8080] [--dashboards 300]
//       [--requests 2000] [--concurrency 32] [--csv-people 10000] [--matching-people 5000] [--message-families 200] [--check-ins 2000]
//       [--report libya-2011]

var options = Options.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Gateway), Timeout = TimeSpan.FromMinutes(5) };
var token = await http.PostAsJsonAsync("/api/auth/token", new { clientId = "iom-coordination", clientSecret = "dev-iom-secret" });
token.EnsureSuccessStatusCode();
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
    (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

CpuUse.Watch(new Uri(options.Gateway));
Console.WriteLine($"Micic intake benchmark against {options.Gateway} ({Environment.ProcessorCount} cores" +
                  (CpuUse.Available ? "; processor time counted over the platform's own processes)" : ")"));

// Warm-up: every path the measurements take runs first, so that they measure the platform as it runs for days, not its
// first minutes (the runtime compiles each hot method again, optimised, after its first calls; connection pools and
// caches fill). A platform's first minutes cost more: run the benchmark twice against one platform to see by how much.
await SubmitMany(http, 200, options.Concurrency, first: 1_000_000);
if (options.MatchingPeople > 0)
{
    var warmUp = Math.Min(options.MatchingPeople, 1000);
    await MatchingThroughput.CapacityFirst(http, warmUp);
    await MatchingThroughput.RequestsFirst(http, warmUp);
    await MatchingThroughput.OffersOneAfterAnother(http, warmUp);
}

// First, while the platform is quiet: coordinators' pages open on the live stream, and a family is submitted five times
// over; the time from sending each request to each page holding the new figures.
if (options.Dashboards > 0)
{
    var delays = await LiveDashboards.Watch(http, options.Dashboards, changes: 5);
    if (delays is null)
        return 1;
    Console.WriteLine($"Live: {options.Dashboards} open dashboards, {delays.Count} page updates: a submitted request reached the pages in " +
                      $"p50 {Statistics.Percentile(delays, 0.5):F0} ms, p95 {Statistics.Percentile(delays, 0.95):F0} ms, max {delays.Max():F0} ms");
}

// Matching, on the quiet platform: how many groups a second are matched end to end, against how fast they arrive.
if (options.MatchingPeople > 0)
{
    Console.WriteLine(await MatchingThroughput.CapacityFirst(http, options.MatchingPeople));
    Console.WriteLine(await MatchingThroughput.RequestsFirst(http, options.MatchingPeople));
    Console.WriteLine(await MatchingThroughput.OffersOneAfterAnother(http, options.MatchingPeople));
}

// Messages, still on a quiet platform: how long after its match a family's phone holds the notice of where to gather.
if (options.MessageFamilies > 0)
    Console.WriteLine(await MessageDelivery.Time(http, options.MessageFamilies));

// A crisis declared at alert level 3: how many registered nationals a minute its check-in reaches.
if (options.CheckIns > 0)
    Console.WriteLine(await CheckInReach.Time(http, options.Gateway, options.CheckIns));

if (options.Requests > 0)
{
    var api = Stopwatch.StartNew();
    var (accepted, people) = await SubmitMany(http, options.Requests, options.Concurrency);
    api.Stop();
    Console.WriteLine($"API:  {accepted} requests ({people} people) accepted in {api.Elapsed.TotalSeconds:F1} s " +
                      $"→ {people / api.Elapsed.TotalSeconds:F0} people/s, {accepted / api.Elapsed.TotalSeconds:F0} requests/s " +
                      $"(concurrency {options.Concurrency})");
}

if (options.CsvPeople > 0)
{
    var csv = Csv(options.CsvPeople);
    var import = Stopwatch.StartNew();
    using var content = new ByteArrayContent(csv);
    content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
    var response = await http.PostAsync("/api/requests/import", content);
    import.Stop();
    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        Console.WriteLine($"CSV:  import answered {(int)response.StatusCode}: {body}");
        return 1;
    }
    Console.WriteLine($"CSV:  {options.CsvPeople} people in {body.GetProperty("accepted").GetInt32()} groups " +
                      $"({csv.Length / 1024.0 / 1024.0:F1} MiB) accepted in {import.Elapsed.TotalSeconds:F1} s " +
                      $"→ {options.CsvPeople / import.Elapsed.TotalSeconds:F0} people/s");
}

// Last, the report, over the history the scenarios above have just made longer.
if (options.Report.Length > 0)
{
    if (CpuUse.Available)
        await CpuUse.Settled();
    Console.WriteLine(await AfterActionReports.Time(http, options.Report));
}
return 0;

/// <param name="first">The number of the first family: families numbered apart are different people.</param>
static async Task<(int Accepted, int People)> SubmitMany(HttpClient http, int count, int concurrency, int first = 0)
{
    var accepted = 0;
    var people = 0;
    await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancellationToken) =>
    {
        var size = 1 + i % 4;
        var response = await http.PostAsJsonAsync("/api/requests", Family(i, size), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"Request {i} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        Interlocked.Increment(ref accepted);
        Interlocked.Add(ref people, size);
    });
    return (accepted, people);
}

static object Family(int i, int size) => new
{
    crisisId = "libya-2011",
    pickupPlace = "LY-TIP-PORT",
    destinationCountry = Nationalities[i % Nationalities.Length],
    acceptsThirdCountry = i % 2 == 0,
    consentToShareWithConsulate = true,
    people = Enumerable.Range(0, size).Select(p => new
    {
        givenName = GivenNames[(i + p) % GivenNames.Length],
        familyName = $"Family{Run}{i}",
        sex = p % 2 == 0 ? "F" : "M",
        age = p == 0 ? 35 : 4 + p * 3,
        nationality = Nationalities[i % Nationalities.Length],
        document = new { kind = "passport", number = $"P{Run}{i:D7}{p}" },
        needs = (i + p) % 9 == 0 ? new[] { "medical" } : [],
    }).ToArray(),
};

static byte[] Csv(int people)
{
    var text = new StringBuilder("group;crisisId;pickupPlace;destinationCountry;acceptsThirdCountry;consentToShareWithConsulate;givenName;familyName;sex;age;nationality;documentKind;documentNumber;needs\n");
    for (var person = 0; person < people; person++)
    {
        var group = person / 4;
        var nationality = Nationalities[group % Nationalities.Length];
        text.Append($"g{group};libya-2011;LY-TIP-PORT;{nationality};true;true;{GivenNames[person % GivenNames.Length]};Family{Run}{group};")
            .Append(person % 2 == 0 ? "F" : "M").Append($";{20 + person % 50};{nationality};passport;C{Run}{person:D8};")
            .Append(person % 11 == 0 ? "pregnant" : "").Append('\n');
    }
    return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
}

sealed partial class Program
{
    /// <summary>
    /// Sets this run's people apart from an earlier run's on the same platform: the same names and documents again would
    /// all be flagged as possible duplicates, which a real intake meets only now and then.
    /// </summary>
    internal static readonly string Run = Guid.NewGuid().ToString("N")[..6];

    static readonly string[] Nationalities = ["BGD", "EGY", "PHL", "NER", "TCD", "GHA", "NGA", "SDN"];
    static readonly string[] GivenNames = ["Rahim", "محمد", "Amina", "Zoë", "Ngũgĩ", "Fatima", "José", "عبد الله"];
}

static class Statistics
{
    /// <summary>The value below which <paramref name="share"/> of the sorted values fall (nearest rank).</summary>
    public static double Percentile(List<double> sorted, double share) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
}

sealed record Options(string Gateway, int Dashboards, int Requests, int Concurrency, int CsvPeople, int MatchingPeople, int MessageFamilies, int CheckIns, string Report)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) =>
            Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        return new Options(Value("--gateway", "http://127.0.0.1:8080"), int.Parse(Value("--dashboards", "300")), int.Parse(Value("--requests", "2000")),
            int.Parse(Value("--concurrency", "32")), int.Parse(Value("--csv-people", "10000")), int.Parse(Value("--matching-people", "0")),
            int.Parse(Value("--message-families", "0")), int.Parse(Value("--check-ins", "0")),
            Value("--report", "libya-2011"));
    }
}
