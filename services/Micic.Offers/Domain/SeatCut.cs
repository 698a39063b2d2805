namespace Micic.Offers.Domain;

/// <summary>A group's seats on an offer, with how Matching ranks the group (an earlier rank is a higher priority).</summary>
public sealed record SeatHold(Guid RequestId, int Seats, DateTimeOffset RanksFrom, DateTimeOffset SubmittedAt);

/// <summary>
/// Which groups lose their seats when an offer is cut below what it has allocated: the lowest priority first (the
/// latest submitted on a tie), until the rest fit. Whole groups only — a family is never split.
/// </summary>
public static class SeatCut
{
    public static IReadOnlyList<SeatHold> Release(IEnumerable<SeatHold> holds, int seats)
    {
        var kept = holds.ToList();
        var allocated = kept.Sum(hold => hold.Seats);
        var released = new List<SeatHold>();
        foreach (var hold in kept.OrderByDescending(hold => hold.RanksFrom).ThenByDescending(hold => hold.SubmittedAt).ThenBy(hold => hold.RequestId))
        {
            if (allocated <= seats)
                break;
            released.Add(hold);
            allocated -= hold.Seats;
        }
        return released;
    }
}
