using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// How fast a declared crisis reaches the nationals registered in its country: households registered by their embassy
/// (one CSV file), a crisis declared at alert level 3, and the time from the declaration until every household's phone
/// has its "are you safe?" delivered — counted as delivered outbound messages (the platform sends nothing else meanwhile).
/// </summary>
static class CheckInReach
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(20);

    public static async Task<string> Time(HttpClient coordinator, string gateway, int households)
    {
        using var embassy = new HttpClient { BaseAddress = new Uri(gateway), Timeout = TimeSpan.FromMinutes(5) };
        var token = await embassy.PostAsJsonAsync("/api/auth/token", new { clientId = "consulate-bgd", clientSecret = "dev-bgd-secret" });
        token.EnsureSuccessStatusCode();
        embassy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        // Bangladeshi households in Niger, two people each, each with its phone; registered in files of 1,000 households.
        var people = 0;
        foreach (var file in Enumerable.Range(0, households).Chunk(1000))
        {
            var csv = new StringBuilder("household,nationality,countryOfResidence,area,phone,consentToContact,givenName,familyName,sex,birthDate\n");
            foreach (var i in file)
            {
                csv.Append($"h{i},BGD,NER,NE-NIM-AIRPORT,+22790{Program.Run.GetHashCode() & 0x3F:D2}{i:D5},yes,Kamal,Hossain{i},M,1980-01-01\n");
                csv.Append($"h{i},BGD,NER,NE-NIM-AIRPORT,,,Rina,Hossain{i},F,1984-05-12\n");
                people += 2;
            }
            var registered = await embassy.PostAsync("/api/registrations/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
            if (registered.StatusCode != HttpStatusCode.Created)
                return $"Check-ins: the registry was refused ({(int)registered.StatusCode}): {await registered.Content.ReadAsStringAsync()}";
        }

        var before = await Delivered(coordinator);
        var clock = Stopwatch.StartNew();
        var declared = await coordinator.PostAsJsonAsync("/api/crises", new { name = $"Niger benchmark {Program.Run}", country = "NER", alertLevel = 3 });
        if (declared.StatusCode != HttpStatusCode.Created)
            return $"Check-ins: the crisis was refused ({(int)declared.StatusCode}): {await declared.Content.ReadAsStringAsync()}";

        var (reached, firstAt, halfAt) = (0, TimeSpan.Zero, TimeSpan.Zero);
        while (reached < households && clock.Elapsed < Patience)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            reached = (int)(await Delivered(coordinator) - before);
            if (reached > 0 && firstAt == TimeSpan.Zero)
                firstAt = clock.Elapsed;
            if (reached * 2 >= households && halfAt == TimeSpan.Zero)
                halfAt = clock.Elapsed;
        }
        var took = clock.Elapsed;
        return $"Check-ins: {reached} of {households} registered households ({people} people) had their \"are you safe?\" delivered " +
               $"in {took.TotalSeconds:F0} s after the declaration (first after {firstAt.TotalSeconds:F1} s, half after {halfAt.TotalSeconds:F0} s) " +
               $"→ {reached / took.TotalMinutes:F0} households, {reached * 2 / took.TotalMinutes:F0} people reached per minute";
    }

    static async Task<long> Delivered(HttpClient coordinator) =>
        (await coordinator.GetFromJsonAsync<JsonElement>("/api/messages?direction=out&status=delivered&pageSize=1")).GetProperty("total").GetInt64();
}
