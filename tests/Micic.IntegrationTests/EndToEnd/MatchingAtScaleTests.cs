using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The matching policy at the scale of a real crisis, on two matching and two offers instances: a consulate's list of
/// 20,000 people waits at Zuwara, then a 5,000-seat ship comes. It has a route of its own (Zuwara to Niger): no other
/// test offers seats to Niger, so the 15,000 left waiting there meet nobody else's offer.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MatchingAtScaleTests(Platform platform)
{
    const string Pickup = "LY-ZUWARA", Destination = "NER";
    const int People = 20_000, Seats = 5_000;

    sealed record Waiting(Guid Id, int NeedWeight, DateTimeOffset SubmittedAt, int GroupSize, string State, Guid? OfferId, string History);

    const string OnThisRoute = $"data ->> 'PickupPlace' = '{Pickup}' AND data ->> 'DestinationCountry' = '{Destination}'";

    Task<IReadOnlyList<Waiting>> Groups() => platform.Rows("micic_matching", $"""
        SELECT correlation_id, (data ->> 'NeedWeight')::int, data ->> 'SubmittedAt', (data ->> 'GroupSize')::int,
               current_state, (data ->> 'OfferId')::uuid, data ->> 'History'
        FROM evacuation_saga WHERE {OnThisRoute}
        """, row => new Waiting(row.GetGuid(0), row.GetInt32(1),
            // As the saga keeps it, to the tenth of a microsecond (a timestamptz would round ties that are not).
            DateTimeOffset.Parse(row.GetString(2), System.Globalization.CultureInfo.InvariantCulture), row.GetInt32(3), row.GetString(4),
            row.IsDBNull(5) ? null : row.GetGuid(5), row.GetString(6)));

    Task<int> GroupsIn(string state) =>
        platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE {OnThisRoute} AND current_state = '{state}'");

    /// <summary>Families of one to four; one in eleven with a medical need, one in seven a child separated from their parents, one in five pregnant.</summary>
    static HttpContent Consulate(int people)
    {
        var csv = new StringBuilder(Requests.CsvColumns).Append('\n');
        for (int person = 0, group = 0; person < people; group++)
            for (var member = 0; member < 1 + group % 4 && person < people; member++, person++)
            {
                var (sex, age, needs) = member != 0 ? ("M", 40, "")
                    : group % 11 == 0 ? ("M", 52, "medical")
                    : group % 7 == 0 ? ("F", 15, "separated-child")
                    : group % 5 == 0 ? ("F", 27, "pregnant")
                    : ("F", 33, "");
                csv.Append($"scale-{group},libya-2011,{Pickup},{Destination},no,yes,Aïcha,Family{group},{sex},{age},{Destination},passport,N{person:D8},{needs}\n");
            }
        return Requests.CsvContent(csv.ToString());
    }

    async Task<Guid> Ship(HttpClient iom, int seats)
    {
        var response = await iom.PostAsJsonAsync("/api/offers", new
        {
            crisisId = "libya-2011", provider = "ICRC charter", mode = "sea", fromPlace = Pickup, toPlace = "NE-NIM-AIRPORT", destinationCountry = Destination,
            departsAt = DateTimeOffset.UtcNow.AddDays(3), seats,
            eligibility = new { familyMembersOfAnyNationality = true, acceptsMedical = true, acceptsUnaccompaniedChildren = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Twenty_thousand_people_onto_five_thousand_seats_the_highest_priority_first_exactly()
    {
        using var iom = await platform.Coordinator();
        var import = await iom.PostAsync("/api/requests/import", Consulate(People));
        Assert.Equal(HttpStatusCode.Accepted, import.StatusCode);
        var groups = (await import.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32();
        Assert.Equal(8_000, groups);
        await Eventually.Get(() => GroupsIn("Pending"), waiting => waiting == groups, TimeSpan.FromMinutes(4), "every group waiting, with no ship to Niger");

        var ship = await Ship(iom, Seats);
        await Eventually.Get(async () => (Offer: await iom.GetFromJsonAsync<JsonElement>($"/api/offers/{ship}"), Holding: await GroupsIn("Holding")),
            now => now.Offer.GetProperty("seatsAllocated").GetInt32() == Seats && now.Holding == 0, TimeSpan.FromMinutes(4), "the ship to fill");

        // What the policy says, worked out here from the groups alone: highest priority first (they all waited the same
        // whole number of hours), earlier submission then request id on a tie, a family that does not fit the seats left skipped.
        var everyone = await Groups();
        var seatsLeft = Seats;
        var expected = new HashSet<Guid>();
        foreach (var group in everyone.OrderByDescending(g => g.NeedWeight).ThenBy(g => g.SubmittedAt).ThenBy(g => g.Id))
            if (group.GroupSize <= seatsLeft)
            {
                expected.Add(group.Id);
                seatsLeft -= group.GroupSize;
            }
        var matched = everyone.Where(g => g.State == "Matched").ToList();
        Assert.Equal(0, seatsLeft);
        Assert.All(matched, g => Assert.Equal(ship, g.OfferId));
        Assert.Equal(Seats, matched.Sum(g => g.GroupSize));
        var passedOver = everyone.Where(g => expected.Contains(g.Id) && g.State != "Matched").ToList();
        var jumpedAhead = matched.Where(g => !expected.Contains(g.Id)).ToList();
        Assert.True(passedOver.Count == 0 && jumpedAhead.Count == 0,
            $"Passed over: {string.Join("; ", passedOver.Take(10))}\nMatched instead: {string.Join("; ", jumpedAhead.Take(10))}");
        Assert.Equal(Seats, await platform.Number("micic_offers", $"SELECT sum(seats) FROM seat_hold WHERE offer_id = '{ship}'"));

        // The coordinators' list of those left waiting, page after page: every group once, highest priority first.
        var listed = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var answer = await iom.GetFromJsonAsync<JsonElement>($"/api/matching/unmatched?pickupPlace={Pickup}&page={page}&pageSize=500");
            var items = answer.GetProperty("items").EnumerateArray().ToList();
            Assert.All(items.Zip(items.Skip(1)), pair => Assert.True(
                pair.First.GetProperty("priority").GetInt32() > pair.Second.GetProperty("priority").GetInt32()
                || (pair.First.GetProperty("priority").GetInt32() == pair.Second.GetProperty("priority").GetInt32()
                    && pair.First.GetProperty("submittedAt").GetDateTimeOffset() <= pair.Second.GetProperty("submittedAt").GetDateTimeOffset()),
                $"{pair.First} is listed before {pair.Second}"));
            listed.AddRange(items);
            if (items.Count < 500)
            {
                Assert.Equal(answer.GetProperty("total").GetInt32(), listed.Count);
                break;
            }
        }
        var listedIds = listed.Select(group => group.GetProperty("requestId").GetGuid()).ToList();
        Assert.Equal(listedIds.Count, listedIds.Distinct().Count());
        Assert.Subset(listedIds.ToHashSet(), everyone.Where(g => g.State == "Pending").Select(g => g.Id).ToHashSet());
    }
}
