using System.Globalization;
using System.Text;
using static Micic.ServiceDefaults.Documents.PrintablePage;

namespace Micic.Dashboard.Apis;

/// <summary>A bar of a chart: its label, its length, an optional whisker (a 90th percentile), and the figure written beside it.</summary>
public sealed record Bar(string Label, double Value, double? Whisker, string Text);

/// <summary>Charts drawn as inline SVG, so that a printed page needs nothing from the network and prints sharp at any size.</summary>
public static class ReportCharts
{
    const string Ink = "#1f4e79", Whisker = "#a4262c", Grid = "#d5dde6";

    /// <summary>
    /// Horizontal bars, one per row, scaled to the longest bar or whisker — or to <paramref name="scale"/>, so that charts
    /// shown side by side compare.
    /// </summary>
    public static string Bars(IReadOnlyList<Bar> bars, double width = 680, string? legend = null, double? scale = null)
    {
        if (bars.Count == 0)
            return "<p class=\"muted\">Nothing to show yet.</p>";
        const double labelWidth = 130, textWidth = 190, row = 19, barHeight = 12;
        var top = legend is null ? 0 : 16;
        var height = top + bars.Count * row + 4;
        var plot = width - labelWidth - textWidth;
        var max = Math.Max(scale ?? bars.Max(b => Math.Max(b.Value, b.Whisker ?? 0)), double.Epsilon);
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-size=\"10\">"));
        if (legend is not null)
            svg.Append(Invariant($"<text x=\"{labelWidth}\" y=\"11\" fill=\"#5a6675\">{Encode(legend)}</text>"));
        for (var i = 0; i < bars.Count; i++)
        {
            var (bar, y) = (bars[i], top + i * row);
            var length = plot * bar.Value / max;
            svg.Append(Invariant($"<text x=\"{labelWidth - 6}\" y=\"{y + 11}\" text-anchor=\"end\">{Encode(bar.Label)}</text>"));
            svg.Append(Invariant($"<line x1=\"{labelWidth}\" x2=\"{labelWidth}\" y1=\"{y}\" y2=\"{y + row}\" stroke=\"{Grid}\"/>"));
            svg.Append(Invariant($"<rect x=\"{labelWidth}\" y=\"{y + 2}\" width=\"{Math.Max(length, 0.5):0.#}\" height=\"{barHeight}\" fill=\"{Ink}\"/>"));
            if (bar.Whisker is { } whisker)
            {
                var end = labelWidth + plot * whisker / max;
                svg.Append(Invariant($"<line x1=\"{labelWidth + length:0.#}\" x2=\"{end:0.#}\" y1=\"{y + 8}\" y2=\"{y + 8}\" stroke=\"{Whisker}\" stroke-width=\"1.2\"/>"));
                svg.Append(Invariant($"<line x1=\"{end:0.#}\" x2=\"{end:0.#}\" y1=\"{y + 3}\" y2=\"{y + 13}\" stroke=\"{Whisker}\" stroke-width=\"1.6\"/>"));
            }
            var after = labelWidth + plot * Math.Max(bar.Value, bar.Whisker ?? 0) / max + 5;
            svg.Append(Invariant($"<text x=\"{after:0.#}\" y=\"{y + 11}\" fill=\"#333\">{Encode(bar.Text)}</text>"));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Vertical columns over time, labelled at a few evenly spaced points.</summary>
    public static string Columns(IReadOnlyList<(DateTimeOffset At, int People)> points, string period, double width = 640, double height = 150)
    {
        if (points.Count == 0)
            return "<p class=\"muted\">Nobody has left yet.</p>";
        const double left = 36, bottom = 30, top = 8;
        var plot = (Width: width - left - 8, Height: height - bottom - top);
        var max = Math.Max(points.Max(p => p.People), 1);
        var step = plot.Width / points.Count;
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-size=\"9\">"));
        foreach (var fraction in new[] { 0, 0.5, 1 })
        {
            var y = top + plot.Height * (1 - fraction);
            svg.Append(Invariant($"<line x1=\"{left}\" x2=\"{width - 8}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"{Grid}\"/>"));
            svg.Append(Invariant($"<text x=\"{left - 4}\" y=\"{y + 3:0.#}\" text-anchor=\"end\">{max * fraction:0.#}</text>"));
        }
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 6.0));
        for (var i = 0; i < points.Count; i++)
        {
            var x = left + i * step;
            var h = plot.Height * points[i].People / max;
            svg.Append(Invariant($"<rect x=\"{x + step * 0.1:0.##}\" y=\"{top + plot.Height - h:0.##}\" width=\"{step * 0.8:0.##}\" height=\"{h:0.##}\" fill=\"{Ink}\"/>"));
            if (i % every == 0)
                svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{height - bottom + 12}\">{points[i].At.ToString(period is "minute" or "hour" ? "dd MMM HH:mm" : "dd MMM", CultureInfo.InvariantCulture)}</text>"));
        }
        svg.Append(Invariant($"<text x=\"{left}\" y=\"{height - 4}\" fill=\"#5a6675\">people who left, per {period} (UTC)</text>"));
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Figures written the same whatever the host's culture: a point for decimals, as SVG and the reader expect.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
