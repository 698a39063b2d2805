using Micic.Contracts;

namespace Micic.Matching.Domain;

/// <summary>
/// A group's priority: the highest need weight in the group plus one per hour waited. Nationality and immigration
/// status are deliberately not inputs. Matching serves groups in this order; Offers, which releases the lowest first
/// when seats are cut, is told each group's rank in its hold (<see cref="RanksFrom"/>).
/// </summary>
public static class Priority
{
    public const int Medical = 100;
    public const int ChildAlone = 90;
    public const int TraffickingSurvivor = 80;
    public const int Pregnant = 60;
    public const int Disability = 60;
    public const int Elderly = 50;

    public static int NeedWeight(Needs needs, bool hasElderly)
    {
        var weight = 0;
        if ((needs & (Needs.Medical | Needs.MedicalStretcher)) != 0) weight = Math.Max(weight, Medical);
        if ((needs & (Needs.UnaccompaniedChild | Needs.SeparatedChild)) != 0) weight = Math.Max(weight, ChildAlone);
        if (needs.HasFlag(Needs.TraffickingSurvivor)) weight = Math.Max(weight, TraffickingSurvivor);
        if (needs.HasFlag(Needs.Pregnant)) weight = Math.Max(weight, Pregnant);
        if ((needs & (Needs.Disability | Needs.Wheelchair)) != 0) weight = Math.Max(weight, Disability);
        if (hasElderly || needs.HasFlag(Needs.Elderly)) weight = Math.Max(weight, Elderly);
        return weight;
    }

    /// <summary>The priority at <paramref name="now"/>: need weight plus whole hours waited since submission.</summary>
    public static int At(int needWeight, DateTimeOffset submittedAt, DateTimeOffset now) =>
        needWeight + (int)Math.Max(0, Math.Floor((now - submittedAt).TotalHours));

    /// <summary>
    /// The moment from which a group counts as waiting, its need weight counted as hours already waited: priorities at
    /// any one time are in the order of these moments, earliest highest (to the hour).
    /// </summary>
    public static DateTimeOffset RanksFrom(int needWeight, DateTimeOffset submittedAt) => submittedAt.AddHours(-needWeight);
}
