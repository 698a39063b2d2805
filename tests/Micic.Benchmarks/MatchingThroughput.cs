using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// How fast matching keeps pace with intake, end to end through the gateway (submitted → seats held in Offers →
/// "matched" in the requests service → every passenger's row on the manifests and the dashboard's figures), in the two
/// shapes a crisis takes: capacity first (the offers are there when the
/// people arrive by CSV) and requests first (the people wait, then the offers appear). Each shape uses a pickup place
/// of its own; run it on a platform started empty (--no-replay), where no seats are left over from an earlier run. A
/// third shape has the people wait for offers of realistic sizes arriving one after another.
/// </summary>
static class MatchingThroughput
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(30);

    // Counting a status over every request costs the requests service tens of milliseconds; polled faster, the
    // benchmark would slow down what it measures.
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public sealed record Result(string Shape, int People, int Groups, TimeSpan Intake, TimeSpan Matching, string? Cpu)
    {
        public override string ToString() =>
            $"{Shape}: {People} people in {Groups} groups; intake {People / Intake.TotalSeconds:F0} people/s " +
            $"({Groups / Intake.TotalSeconds:F0} groups/s, {Intake.TotalSeconds:F1} s); matching {Groups / Matching.TotalSeconds:F1} groups/s " +
            "to the last manifest row and dashboard figure " +
            $"({Matching.TotalSeconds:F1} s); matching/intake {Intake.TotalSeconds / Matching.TotalSeconds:F2}" +
            (Cpu is null ? "" : Environment.NewLine + Cpu);
    }

    /// <summary>Offers first, then the people by CSV: from the upload to the last group matched and written through.</summary>
    public static async Task<Result> CapacityFirst(HttpClient http, int people)
    {
        const string pickup = "LY-ZUWARA", destination = "BGD";
        var before = await Count(http, pickup, "matched");
        var written = await WrittenBefore(http, pickup);
        var offers = await Offer(http, pickup, destination, "BD-DAC-AIRPORT", people);
        var cpu = CpuUse.Available ? CpuUse.Start() : null;
        var clock = Stopwatch.StartNew();
        var groups = await Import(http, people, pickup, destination);
        var intake = clock.Elapsed;
        await Until(http, pickup, "matched", before + groups, "capacity first");
        await WrittenThrough(http, written, offers, people);
        return new Result("Capacity first", people, groups, intake, clock.Elapsed, await PerGroup(cpu, groups));
    }

    /// <summary>The people by CSV, waiting for want of seats; then one offer for all: from the offer to the last group matched.</summary>
    public static Task<Result> RequestsFirst(HttpClient http, int people) =>
        Waiting(http, people, "LY-BEN-PORT", "EGY", async () =>
        {
            return ("Requests first", await Offer(http, "LY-BEN-PORT", "EGY", "EG-CAI-AIRPORT", people));
        });

    /// <summary>
    /// The people wait, then offers of the sizes a crisis has come one after another — buses of 50, flights of 150 to
    /// 300, ships of 1,000 — each registered once the one before is: an allocation round per offer, over a waiting list
    /// that is long at first.
    /// </summary>
    public static Task<Result> OffersOneAfterAnother(HttpClient http, int people) =>
        Waiting(http, people, "LY-MRA-PORT", "EGY", async () =>
        {
            var (offers, seats) = (new List<Guid>(), 0);
            while (seats < people + people / 10)
            {
                var (mode, to, size) = (offers.Count % 4) switch
                {
                    0 or 2 => ("land", "EG-SALLOUM", 50),
                    1 => ("air", "EG-CAI-AIRPORT", 150 + offers.Count * 37 % 151),
                    _ => ("sea", "EG-ALEXANDRIA-PORT", 1000),
                };
                offers.Add(await Post(http, "LY-MRA-PORT", "EGY", to, mode, size));
                seats += size;
            }
            return ($"Offers one after another ({offers.Count} offers, {seats} seats)", offers);
        });

    /// <summary>The people by CSV, waiting for want of seats; then the offers: from the first offer to the last group matched and written through.</summary>
    static async Task<Result> Waiting(HttpClient http, int people, string pickup, string destination, Func<Task<(string Shape, List<Guid> Offers)>> offer)
    {
        var before = await Count(http, pickup, "matched");
        var written = await WrittenBefore(http, pickup);
        var waitingBefore = await Count(http, pickup, "pending");
        var cpu = CpuUse.Available ? CpuUse.Start() : null;
        var clock = Stopwatch.StartNew();
        var groups = await Import(http, people, pickup, destination);
        var intake = clock.Elapsed;
        // Every group has reached matching (seats an earlier run left over may already have taken a few).
        while (await Count(http, pickup, "pending") - waitingBefore + await Count(http, pickup, "matched") - before < groups)
            await Task.Delay(Poll);
        clock.Restart();
        var (shape, offers) = await offer();
        await Until(http, pickup, "matched", before + groups, shape);
        await WrittenThrough(http, written, offers, people);
        return new Result(shape, people, groups, intake, clock.Elapsed, await PerGroup(cpu, groups));
    }

    /// <summary>Processor time per group, from the import until the last consequence (manifests, figures) is done.</summary>
    static async Task<string?> PerGroup(CpuUse? cpu, int groups)
    {
        if (cpu is null)
            return null;
        await CpuUse.Settled();
        return cpu.PerGroup(groups);
    }

    /// <summary>Seats for everyone (and a little more), in offers of at most 10,000 seats.</summary>
    static async Task<List<Guid>> Offer(HttpClient http, string from, string destination, string to, int people)
    {
        var offers = new List<Guid>();
        for (var left = people + people / 10; left > 0; left -= 10_000)
            offers.Add(await Post(http, from, destination, to, "sea", Math.Min(left, 10_000)));
        return offers;
    }

    /// <summary>
    /// What was written before a shape: the offers from its pickup place with seats left (which may take some of its
    /// people), the people on their manifests, and the people the dashboard counts as matched.
    /// </summary>
    sealed record Written(List<Guid> Offers, int OnManifests, int PeopleMatched);

    static async Task<Written> WrittenBefore(HttpClient http, string pickup)
    {
        var open = await http.GetFromJsonAsync<JsonElement>($"/api/offers?status=open&fromPlace={pickup}&page=1&pageSize=500");
        var withSeats = open.GetProperty("items").EnumerateArray()
            .Where(offer => offer.GetProperty("seatsAvailable").GetInt32() > 0).Select(offer => offer.GetProperty("id").GetGuid()).ToList();
        return new Written(withSeats, await OnManifests(http, withSeats), await PeopleMatched(http));
    }

    /// <summary>
    /// Until the people are on the manifests with their details (none awaiting them) and counted in the dashboard's
    /// figures: matching is done only when what follows from it is written.
    /// </summary>
    static async Task WrittenThrough(HttpClient http, Written before, List<Guid> offers, int people)
    {
        var clock = Stopwatch.StartNew();
        while (await OnManifests(http, [.. before.Offers, .. offers]) - before.OnManifests is var onManifests
               && (onManifests < people || await PeopleMatched(http) < before.PeopleMatched + people))
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"{onManifests} of {people} people on the manifests after {Patience.TotalMinutes} minutes.");
            await Task.Delay(Poll);
        }
    }

    /// <summary>The passengers on these offers' manifests whose details have arrived.</summary>
    static async Task<int> OnManifests(HttpClient http, IEnumerable<Guid> offers)
    {
        var passengers = 0;
        foreach (var offer in offers)
        {
            var listed = await http.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offer}");
            foreach (var manifest in listed.GetProperty("items").EnumerateArray())
            {
                var detail = await http.GetFromJsonAsync<JsonElement>($"/api/manifests/{manifest.GetProperty("id").GetGuid()}");
                passengers += detail.GetProperty("totalPassengers").GetInt32() - detail.GetProperty("awaitingDetails").GetInt32();
            }
        }
        return passengers;
    }

    static async Task<int> PeopleMatched(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/dashboard/summary")).GetProperty("people").GetProperty("matched").GetInt32();

    static async Task<Guid> Post(HttpClient http, string from, string destination, string to, string mode, int seats)
    {
        var response = await http.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "Benchmark charter", mode, fromPlace = from, toPlace = to, destinationCountry = destination,
            departsAt = DateTimeOffset.UtcNow.AddDays(3), seats,
            eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"The offer was refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Families of one to three, all of the destination's nationality; returns how many groups were accepted.</summary>
    static async Task<int> Import(HttpClient http, int people, string pickup, string nationality)
    {
        var run = Guid.NewGuid().ToString("N")[..6]; // new people every time (see Program.Run)
        var text = new StringBuilder("group;crisisId;pickupPlace;destinationCountry;acceptsThirdCountry;consentToShareWithConsulate;givenName;familyName;sex;age;nationality;documentKind;documentNumber;needs\n");
        for (int person = 0, group = 0; person < people; group++)
            for (var member = 0; member < 1 + group % 3 && person < people; member++, person++)
                text.Append($"{run}-{group};libya-2011;{pickup};{nationality};false;true;Amina;Family{run}{group};")
                    .Append(person % 2 == 0 ? "F" : "M").Append($";{20 + person % 50};{nationality};passport;B{run}{person:D8};")
                    .Append(person % 13 == 0 ? "medical" : "").Append('\n');
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var response = await http.PostAsync("/api/requests/import", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.StatusCode != HttpStatusCode.Accepted || body.GetProperty("rejected").GetInt32() > 0)
            throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("accepted").GetInt32();
    }

    static async Task Until(HttpClient http, string pickup, string status, int target, string what)
    {
        var clock = Stopwatch.StartNew();
        var lastSaid = TimeSpan.Zero;
        while (await Count(http, pickup, status) is var count && count < target)
        {
            if (clock.Elapsed > Patience)
                throw new TimeoutException($"{what}: {count} of {target} groups {status} after {Patience.TotalMinutes} minutes.");
            if (clock.Elapsed - lastSaid > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  {what}: {count} of {target} groups {status} after {clock.Elapsed.TotalSeconds:F0} s");
                lastSaid = clock.Elapsed;
            }
            await Task.Delay(Poll);
        }
    }

    static async Task<int> Count(HttpClient http, string pickup, string status) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/requests?status={status}&pickupPlace={pickup}&page=1&pageSize=1")).GetProperty("total").GetInt32();
}
