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

    /// <summary>The needs that raise a group's priority, heaviest first, each with the word the figures use for it.</summary>
    static readonly (string Level, int Weight, Func<Needs, bool, bool> Applies)[] Levels =
    [
        ("medical", Medical, (needs, _) => (needs & (Needs.Medical | Needs.MedicalStretcher)) != 0),
        ("child-alone", ChildAlone, (needs, _) => (needs & (Needs.UnaccompaniedChild | Needs.SeparatedChild)) != 0),
        ("trafficking-survivor", TraffickingSurvivor, (needs, _) => needs.HasFlag(Needs.TraffickingSurvivor)),
        ("pregnant", Pregnant, (needs, _) => needs.HasFlag(Needs.Pregnant)),
        ("disability", Disability, (needs, _) => (needs & (Needs.Disability | Needs.Wheelchair)) != 0),
        ("elderly", Elderly, (needs, hasElderly) => hasElderly || needs.HasFlag(Needs.Elderly)),
    ];

    /// <summary>The word for a group without any of the needs above.</summary>
    public const string NoNeedLevel = "none";

    public static int NeedWeight(Needs needs, bool hasElderly) =>
        Levels.FirstOrDefault(level => level.Applies(needs, hasElderly)).Weight;

    /// <summary>The need that sets the group's weight, as a word (<c>medical</c>, <c>child-alone</c>, … or <c>none</c>).</summary>
    public static string NeedLevel(Needs needs, bool hasElderly) =>
        Levels.FirstOrDefault(level => level.Applies(needs, hasElderly)).Level ?? NoNeedLevel;

    /// <summary>The priority at <paramref name="now"/>: need weight plus whole hours waited since submission.</summary>
    public static int At(int needWeight, DateTimeOffset submittedAt, DateTimeOffset now) =>
        needWeight + (int)Math.Max(0, Math.Floor((now - submittedAt).TotalHours));

    /// <summary>
    /// The moment from which a group counts as waiting, its need weight counted as hours already waited: priorities at
    /// any one time are in the order of these moments, earliest highest (to the hour).
    /// </summary>
    public static DateTimeOffset RanksFrom(int needWeight, DateTimeOffset submittedAt) => submittedAt.AddHours(-needWeight);
}
