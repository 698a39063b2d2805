namespace Micic.Dashboard.Domain;

/// <summary>One group's wait to be matched, in its stratum (e.g. need level) under its label (e.g. nationality).</summary>
public readonly record struct LabelledWait(string Stratum, string Label, double Hours);

/// <summary>The Kruskal–Wallis test within one stratum: the labels compared, in ordinal order with the pool last.</summary>
public sealed record StratumTest(string Stratum, int Groups, IReadOnlyList<string> Labels, double H, int DegreesOfFreedom, double PValue);

/// <summary>The tests of the strata and their sum; <see cref="PValue"/> is null when no stratum could be tested.</summary>
public sealed record FairnessTest(IReadOnlyList<StratumTest> Strata, double H, int DegreesOfFreedom, double? PValue, int GroupsTested)
{
    public bool Tested => PValue is not null;
}

/// <summary>
/// Whether nationality makes a difference to how long groups waited, once need is accounted for. Priority follows need
/// and time waited only, so waits are compared within each need level (a stratum) with a Kruskal–Wallis test, which
/// assumes nothing of the shape of waits, and the strata are combined by adding their statistics and degrees of
/// freedom. Labels with too few groups to say anything on their own are pooled, and a pool still too small is left out.
/// </summary>
public static class NationalityFairness
{
    public const int MinimumGroupsPerLabel = 5;

    /// <summary>
    /// Tests the waits, pooling small labels of a stratum under <paramref name="pooledLabel"/>; waits already labelled so
    /// join that pool, so one name never stands for two groups of waits.
    /// </summary>
    public static FairnessTest Test(IEnumerable<LabelledWait> waits, string pooledLabel)
    {
        var strata = waits
            .GroupBy(wait => wait.Stratum, StringComparer.Ordinal)
            .OrderBy(stratum => stratum.Key, StringComparer.Ordinal)
            .Select(stratum => TestStratum(stratum.Key, stratum, pooledLabel))
            .OfType<StratumTest>()
            .ToList();
        if (strata.Count == 0)
            return new FairnessTest([], 0, 0, null, 0);
        var h = strata.Sum(stratum => stratum.H);
        var degreesOfFreedom = strata.Sum(stratum => stratum.DegreesOfFreedom);
        return new FairnessTest(strata, h, degreesOfFreedom, ChiSquareSurvival(h, degreesOfFreedom), strata.Sum(stratum => stratum.Groups));
    }

    /// <summary>The test of one stratum, or null when fewer than two labels are left to compare.</summary>
    static StratumTest? TestStratum(string stratum, IEnumerable<LabelledWait> waits, string pooledLabel)
    {
        var byLabel = waits
            .GroupBy(wait => wait.Label, StringComparer.Ordinal)
            .ToDictionary(label => label.Key, label => label.Select(wait => wait.Hours).ToList(), StringComparer.Ordinal);
        var pool = byLabel
            .Where(label => label.Key == pooledLabel || label.Value.Count < MinimumGroupsPerLabel)
            .SelectMany(label => label.Value)
            .ToList();
        var samples = byLabel
            .Where(label => label.Key != pooledLabel && label.Value.Count >= MinimumGroupsPerLabel)
            .OrderBy(label => label.Key, StringComparer.Ordinal)
            .Select(label => (label.Key, Hours: label.Value))
            .ToList();
        if (pool.Count >= MinimumGroupsPerLabel)
            samples.Add((pooledLabel, pool));
        if (samples.Count < 2)
            return null;
        var h = KruskalWallis(samples.Select(sample => sample.Hours).ToList());
        var degreesOfFreedom = samples.Count - 1;
        return new StratumTest(stratum, samples.Sum(sample => sample.Hours.Count), samples.Select(sample => sample.Key).ToList(),
            h, degreesOfFreedom, ChiSquareSurvival(h, degreesOfFreedom));
    }

    /// <summary>
    /// The Kruskal–Wallis statistic, with tied waits sharing the mean of their ranks and the usual correction for ties;
    /// 0 when every wait is the same. Ranks are doubled to stay whole numbers, so the result does not depend on the order
    /// the waits came in.
    /// </summary>
    static double KruskalWallis(List<List<double>> samples)
    {
        var ranked = samples
            .SelectMany((hours, sample) => hours.Select(wait => (Hours: wait, Sample: sample)))
            .OrderBy(wait => wait.Hours)
            .ToArray();
        long total = ranked.Length;
        var doubledRankSums = new long[samples.Count];
        var ties = 0.0;
        for (var start = 0; start < ranked.Length;)
        {
            var end = start;
            while (end < ranked.Length && ranked[end].Hours.Equals(ranked[start].Hours))
                end++;
            // Ranks start + 1 … end share their mean, (start + 1 + end) / 2.
            for (var i = start; i < end; i++)
                doubledRankSums[ranked[i].Sample] += start + 1 + end;
            double tied = end - start;
            ties += tied * tied * tied - tied;
            start = end;
        }
        var correction = 1 - ties / ((double)total * total * total - total);
        if (correction <= 0)
            return 0;
        // 12 / (N(N + 1)) · Σ nᵢ (R̄ᵢ − (N + 1)/2)², written with whole doubled rank sums to avoid cancellation.
        var spread = 0.0;
        for (var sample = 0; sample < samples.Count; sample++)
        {
            double size = samples[sample].Count;
            double deviation = doubledRankSums[sample] - samples[sample].Count * (total + 1);
            spread += deviation * deviation / size;
        }
        return 3 * spread / ((double)total * (total + 1)) / correction;
    }

    /// <summary>
    /// The probability that a chi-square variable with <paramref name="degreesOfFreedom"/> exceeds <paramref name="x"/>:
    /// the regularized upper incomplete gamma function Q(k/2, x/2), to about 1e-10.
    /// </summary>
    public static double ChiSquareSurvival(double x, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (x <= 0)
            return 1;
        var a = degreesOfFreedom / 2.0;
        var half = x / 2;
        return half < a + 1 ? 1 - LowerGammaBySeries(a, half) : UpperGammaByContinuedFraction(a, half);
    }

    const double Precision = 1e-15;
    const double Tiny = 1e-300;
    const int MaximumIterations = 100_000;

    /// <summary>The regularized lower incomplete gamma P(a, x) by its power series, which converges fast for x &lt; a + 1.</summary>
    static double LowerGammaBySeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < MaximumIterations && Math.Abs(term) >= Math.Abs(sum) * Precision; n++)
        {
            term *= x / (a + n);
            sum += term;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    /// <summary>The regularized upper incomplete gamma Q(a, x) by its continued fraction (modified Lentz), for x ≥ a + 1.</summary>
    static double UpperGammaByContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        var c = 1 / Tiny;
        var d = 1 / b;
        var fraction = d;
        for (var n = 1; n < MaximumIterations; n++)
        {
            var an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny)
                d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny)
                c = Tiny;
            d = 1 / d;
            var step = d * c;
            fraction *= step;
            if (Math.Abs(step - 1) < Precision)
                break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * fraction;
    }

    static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(z) by the Lanczos approximation (g = 7), for z ≥ 1/2: half the degrees of freedom never goes lower.</summary>
    static double LogGamma(double z)
    {
        z -= 1;
        var sum = Lanczos[0];
        for (var i = 1; i < Lanczos.Length; i++)
            sum += Lanczos[i] / (z + i);
        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
