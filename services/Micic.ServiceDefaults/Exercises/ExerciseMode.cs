using System.Text.RegularExpressions;
using Micic.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micic.ServiceDefaults.Exercises;

/// <summary>
/// Whether this platform plays an exercise (the <c>Exercise</c> section, set by the AppHost's <c>--exercise</c>): then every
/// page, document and outbound message says <see cref="Marking"/>, messages reach only the simulated operator, and the
/// organisations in <see cref="Players"/> are played by people while the simulator plays the rest.
/// </summary>
public sealed partial record ExerciseMode(bool Enabled, string? ScenarioFile, IReadOnlySet<string> Players)
{
    public const string Section = "Exercise";

    /// <summary>The word an exercise shows on every page, in every document and at the start of every message.</summary>
    public const string Marking = "EXERCISE";

    public static readonly ExerciseMode Live = new(false, null, new HashSet<string>());

    /// <summary>The exercise's plan (objectives and injects), empty on a live platform or a plain replay.</summary>
    public ExercisePlan Plan() => Enabled && ScenarioFile is { } file && File.Exists(file) ? ExercisePlan.Read(file) : ExercisePlan.Empty;

    /// <summary>Whether people play this organisation (the simulator leaves its work to them).</summary>
    public bool IsPlayed(string organisationId) => Players.Contains(organisationId);

    /// <summary>A title or line marked for an exercise: "EXERCISE — …"; unchanged on a live platform.</summary>
    public string Mark(string text) => Enabled ? $"{Marking} — {text}" : text;

    /// <summary>An outbound SMS as an exercise sends it: beginning with EXERCISE, so that no phone takes it for a real notice.</summary>
    public string MarkMessage(string text) => Enabled ? $"{Marking}: {text}" : text;

    /// <summary>The stylesheet of <see cref="Banner"/>, built into this assembly.</summary>
    public const string BannerStyle = "Micic.ServiceDefaults.Exercises.exercise.css";

    /// <summary>The banner at the top of every page of an exercise platform (styled by <see cref="BannerStyle"/>).</summary>
    public const string Banner =
        """<div class="micic-exercise" role="note" lang="en" dir="ltr">EXERCISE EXERCISE EXERCISE<span>A drill: no real people, no real phones.</span></div>""";

    /// <summary>
    /// A document (HTML to print) as an exercise prints it: "EXERCISE" at the head of every page, in its text layer, and
    /// in its title; unchanged on a live platform.
    /// </summary>
    public string MarkDocument(string html)
    {
        if (!Enabled)
            return html;
        var head = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        if (head < 0)
            throw new ArgumentException("A document needs a head to be marked as an exercise.", nameof(html));
        const string everyPage = $$"""
            <style>
            @page { @top-center { content: "{{Marking}} {{Marking}} {{Marking}} \2014  a drill, not a real operation"; font: 700 9pt "Noto Sans", sans-serif; color: #b0001a; letter-spacing: .08em; } }
            </style>

            """;
        return MarkTitle(html.Insert(head, everyPage));
    }

    /// <summary>
    /// A page of this platform as an exercise serves it: "EXERCISE" in its title, the banner first in its body and the
    /// banner's stylesheet (at <paramref name="bannerStyle"/>) in its head; unchanged on a live platform.
    /// </summary>
    public string MarkPage(string html, string bannerStyle)
    {
        if (!Enabled)
            return html;
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var bodyEnd = body < 0 ? -1 : html.IndexOf('>', body);
        var head = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        if (bodyEnd < 0 || head < 0 || head > body)
            throw new ArgumentException("A page needs a head and a body to be marked as an exercise.", nameof(html));
        var marked = html.Insert(bodyEnd + 1, "\n" + Banner)
            .Insert(head, $"<link rel=\"stylesheet\" href=\"{bannerStyle}\">\n");
        return MarkTitle(marked);
    }

    /// <summary>"EXERCISE — " before the title, whatever attributes its element carries (a page's script may translate it).</summary>
    static string MarkTitle(string html) => TitleElement().Replace(html, $"$1{Marking} — ", 1);

    [GeneratedRegex("(<title\\b[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex TitleElement();

    public static ExerciseMode From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetValue<bool>("Enabled"))
            return Live;
        var players = (section["Players"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ExerciseMode(true, section["ScenarioFile"], players.ToHashSet(StringComparer.Ordinal));
    }
}

public static class ExerciseModeExtensions
{
    public static IHostApplicationBuilder AddExerciseMode(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ExerciseMode.From(builder.Configuration));
        return builder;
    }
}
