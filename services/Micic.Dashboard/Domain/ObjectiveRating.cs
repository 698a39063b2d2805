using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>The HSEEP ratings of an objective's performance.</summary>
public enum Rating
{
    /// <summary>Performed without challenges: the target was met.</summary>
    P,
    /// <summary>Performed with some challenges: the target was missed by at most 10 % of its value.</summary>
    S,
    /// <summary>Performed with major challenges: the target was missed by at most 50 % of its value.</summary>
    M,
    /// <summary>Unable to be performed: missed by more than half the target, or nothing to measure.</summary>
    U,
}

/// <summary>
/// How an objective is rated, the one rule: <b>P</b> when the measured value meets the target; otherwise the miss — how
/// far the value falls short of an "at least" target or exceeds an "at most" one — as a share of the target's value:
/// <b>S</b> up to 10 %, <b>M</b> up to 50 %, <b>U</b> beyond, and <b>U</b> when there was nothing to measure (the drill
/// never exercised the capability). A target of 0 admits no miss in proportion: missing it is <b>U</b>. E.g. p90 ≤ 12 h
/// measured at 13 h is S (missed by 8 %), at 17 h M (42 %), at 19 h U (58 %); families ≥ 100 % at 95 % is S.
/// </summary>
public static class ObjectiveRating
{
    public const double SomeChallenges = 0.10;
    public const double MajorChallenges = 0.50;

    public static Rating Rate(ObjectiveTarget target, double? measured)
    {
        if (measured is not { } value || !double.IsFinite(value) || target.Comparison is not { } comparison)
            return Rating.U;
        if (target.IsMetBy(value))
            return Rating.P;
        var miss = comparison == TargetComparison.AtMost ? value - target.Value : target.Value - value;
        if (target.Value == 0)
            return Rating.U;
        var share = miss / Math.Abs(target.Value);
        // Rounded to a hundredth of a per cent, so that a miss of exactly 10 % is not lost to floating point.
        share = Math.Round(share, 4);
        return share <= SomeChallenges ? Rating.S : share <= MajorChallenges ? Rating.M : Rating.U;
    }

    /// <summary>What the rating means, as the after-action report says it.</summary>
    public static string Meaning(Rating rating) => rating switch
    {
        Rating.P => "performed without challenges",
        Rating.S => "performed with some challenges",
        Rating.M => "performed with major challenges",
        _ => "unable to be performed",
    };
}
