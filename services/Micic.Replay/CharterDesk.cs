namespace Micic.Replay;

/// <summary>A group the platform lists as waiting for a seat (<c>GET /api/matching/unmatched</c>).</summary>
public sealed record WaitingGroup(Guid RequestId, int GroupSize, string PickupPlace, string DestinationCountry, bool AcceptsThirdCountry,
    DateTimeOffset SubmittedAt);

/// <summary>Free seats on an offer still to depart (<c>GET /api/offers?status=open</c>).</summary>
public sealed record FreeSeats(string FromPlace, string DestinationCountry, int SeatsAvailable);

/// <summary>A movement to register as an offer.</summary>
public sealed record Charter(Route Route, string ToPlace, string DestinationCountry, int Seats);

/// <summary>What the desk decided: the movements to charter, and how many waiting people no route can take.</summary>
public sealed record CharterPlan(IReadOnlyList<Charter> Charters, int PeopleStillToCover, int PeopleWithoutRoute);

/// <summary>
/// The movement desk of the replay, as IOM's planners worked in 2011: look at who is waiting where and for which
/// country, subtract the seats already on their way, and charter a full vehicle for every full load — or a smaller
/// one once the longest-waiting group has waited long enough. It only proposes: the platform's matching decides who
/// sits where.
/// </summary>
public sealed class CharterDesk(CrisisScenario scenario, Func<string, string?> countryOf, Func<string, string?> airportOf)
{
    const int SeatsRoundedTo = 10;

    /// <param name="maxWait">How long (real time) a group may wait before a part-filled vehicle is sent for it.</param>
    public CharterPlan Plan(IReadOnlyList<WaitingGroup> waiting, IReadOnlyList<FreeSeats> freeSeats, DateTimeOffset now, TimeSpan maxWait)
    {
        var charters = new List<Charter>();
        var stillToCover = 0;
        var served = new HashSet<Guid>();
        foreach (var route in scenario.Routes)
        {
            var here = waiting.Where(group => group.PickupPlace == route.From && !served.Contains(group.RequestId)).ToList();
            foreach (var (toPlace, country, groups) in Loads(route, here))
            {
                served.UnionWith(groups.Select(group => group.RequestId));
                var need = groups.Sum(group => group.GroupSize)
                           - freeSeats.Where(seats => seats.FromPlace == route.From && seats.DestinationCountry == country).Sum(seats => seats.SeatsAvailable);
                if (need <= 0)
                    continue;
                charters.AddRange(Enumerable.Repeat(new Charter(route, toPlace, country, route.Seats), need / route.Seats));
                var rest = need % route.Seats;
                if (rest == 0)
                    continue;
                if (groups.Min(group => group.SubmittedAt) <= now - maxWait)
                    charters.Add(new Charter(route, toPlace, country, Math.Min(route.Seats, (rest + SeatsRoundedTo - 1) / SeatsRoundedTo * SeatsRoundedTo)));
                else
                    stillToCover += rest;
            }
        }
        var withoutRoute = waiting.Where(group => !served.Contains(group.RequestId)).Sum(group => group.GroupSize);
        return new CharterPlan(charters, stillToCover, withoutRoute);
    }

    /// <summary>
    /// The loads a route can carry from where it leaves: one per destination country for flights home; for a route
    /// to a country of transit, everyone going there or accepting a safe third country.
    /// </summary>
    IEnumerable<(string ToPlace, string Country, List<WaitingGroup> Groups)> Loads(Route route, List<WaitingGroup> waiting)
    {
        var from = countryOf(route.From);
        if (route.Home)
        {
            foreach (var destination in waiting.GroupBy(group => group.DestinationCountry).OrderBy(g => g.Key, StringComparer.Ordinal))
                if (destination.Key != from && airportOf(destination.Key) is { } airport)
                    yield return (airport, destination.Key, destination.ToList());
        }
        else if (route.To is { } to && countryOf(to) is { } country)
        {
            var load = waiting.Where(group => group.DestinationCountry == country || group.AcceptsThirdCountry).ToList();
            if (load.Count > 0)
                yield return (to, country, load);
        }
    }
}
