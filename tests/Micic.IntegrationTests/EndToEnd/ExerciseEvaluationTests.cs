using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A small Libya exercise run to its end at high speed, then evaluated as its controller would: every objective of the
/// scenario rated with its evidence in crisis hours, an improvement action raised in Arabic for an objective of the plan,
/// and the after-action report and improvement plan printed with EXERCISE on it, the ratings and the Arabic shaped.
/// </summary>
public sealed class ExerciseEvaluationTests(ITestOutputHelper output) : IAsyncLifetime
{
    const string Arabic = "تدريب فريق الاستقبال في رأس جدير على مطابقة الوافدين";

    readonly TaskCompletionSource<string> _replayEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ResourceLogTail _logs = new();
    OwnPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _logs.Line += (source, line) =>
        {
            if (source == "replay" && (line.Contains("replay finished") || line.Contains("The replay stopped") || line.Contains("without settling")))
                _replayEnded.TrySetResult(line);
        };
        _platform = await OwnPlatform.Start("exercise", ["--exercise", "libya-2011", "--replay-people", "150", "--replay-speed", "3600"], _logs);
    }

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task The_exercise_is_rated_objective_by_objective_and_its_improvement_plan_printed()
    {
        var ended = await _replayEnded.Task.WaitAsync(TimeSpan.FromMinutes(8));
        Assert.True(ended.Contains("replay finished"), $"The exercise did not finish: {ended}\n{_logs}");
        using var iom = await _platform.Coordinator();

        // Every objective of the scenario, measured and rated, with its evidence.
        using var answer = await iom.GetAsync("/api/exercise/evaluation");
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        var evaluation = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("libya-2011", evaluation.GetProperty("scenario").GetString());
        Assert.Equal(2011, evaluation.GetProperty("crisisTime").GetDateTimeOffset().Year); // crisis time, not the day the drill ran
        var objectives = evaluation.GetProperty("objectives").EnumerateArray().ToList();
        Assert.Equal(["medical-first", "families-together", "vulnerable-first", "children-referred", "check-ins-answered", "arrivals-reconciled",
            "rematch-after-withdrawal"], objectives.Select(o => o.GetProperty("id").GetString()));
        foreach (var objective in objectives)
        {
            var rating = objective.GetProperty("rating").GetString();
            Assert.Contains(rating, new[] { "P", "S", "M", "U" });
            Assert.NotEmpty(objective.GetProperty("evidence").EnumerateArray());
            output.WriteLine($"{objective.GetProperty("id").GetString()}: {Measured(objective)} (target {objective.GetProperty("goal").GetString()}) → {rating}");
            foreach (var evidence in objective.GetProperty("evidence").EnumerateArray())
                output.WriteLine($"    {evidence.GetString()}");
        }
        // Waits are crisis hours: a replay of a few minutes' real time spans days of crisis, and the medical groups' wait shows it.
        var medical = objectives[0];
        Assert.Contains("crisis hours", medical.GetProperty("evidence")[0].GetString());
        Assert.Equal(objectives.Count(o => o.GetProperty("rating").GetString() == "P"), evaluation.GetProperty("strengths").GetArrayLength());
        Assert.Equal(objectives.Count(o => o.GetProperty("rating").GetString() != "P"), evaluation.GetProperty("areasForImprovement").GetArrayLength());

        // An improvement action for an objective of the plan, in Arabic, owned by the Tunisian transit authority.
        var due = DateTimeOffset.UtcNow.AddDays(60).ToString("yyyy-MM-dd");
        using var raised = await iom.PostAsJsonAsync("/api/improvements",
            new { objectiveId = "arrivals-reconciled", text = Arabic, ownerOrganisationId = "transit-tun", dueBy = due });
        Assert.True(raised.StatusCode == HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var id = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var notInPlan = await iom.PostAsJsonAsync("/api/improvements",
            new { objectiveId = "cook-lunch", text = "Cook lunch.", ownerOrganisationId = "iom", dueBy = due });
        Assert.Equal(HttpStatusCode.BadRequest, notInPlan.StatusCode);
        Assert.Contains("objectiveId", await notInPlan.Content.ReadAsStringAsync());
        using var otherCrisis = await iom.PostAsJsonAsync("/api/improvements",
            new { text = "Cook lunch.", ownerOrganisationId = "iom", dueBy = due, crisisId = "another-crisis" });
        Assert.Equal(HttpStatusCode.BadRequest, otherCrisis.StatusCode);

        var open = await iom.GetFromJsonAsync<JsonElement>("/api/improvements?status=open");
        var action = open.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
        Assert.Equal("exercise", action.GetProperty("source").GetString());
        Assert.Equal("libya-2011", action.GetProperty("scenario").GetString());
        Assert.Equal("libya-2011", action.GetProperty("crisisId").GetString());
        Assert.Equal(2011, action.GetProperty("raisedAtCrisisTime").GetDateTimeOffset().Year);
        Assert.True(action.GetProperty("raisedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.Equal("iom", action.GetProperty("raisedBy").GetProperty("organisationId").GetString());
        using var started = await iom.PatchAsJsonAsync($"/api/improvements/{id}", new { status = "in-progress" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        // The after-action report and improvement plan: EXERCISE, every rating, the action shaped in Arabic.
        var pdf = await Documents.Download(await iom.GetAsync("/api/exercise/evaluation.pdf"), "application/pdf");
        var pictures = Documents.Pictures(pdf, "exercise-evaluation");
        await File.WriteAllBytesAsync(Path.Combine(Repository.Root, "artifacts", "exercise-evaluation.pdf"), pdf);
        output.WriteLine(string.Join("\n", pictures));
        var printed = Documents.Text(pdf);
        Assert.Contains("EXERCISE", printed);
        Assert.Contains("After-action report and improvement plan", printed);
        Assert.Equal(Documents.Pages(pdf), printed.Split('\f').Count(page => page.Contains("EXERCISE"))); // at the head of every page
        foreach (var objective in objectives)
            Assert.Contains(objective.GetProperty("id").GetString()!, printed);
        // The tally of ratings on the cover, as the objectives were rated.
        foreach (var (rating, meaning) in new[] { ("P", "performed without challenges"), ("S", "performed with some challenges"),
                     ("M", "performed with major challenges"), ("U", "unable to be performed") })
            Assert.Matches($@"{objectives.Count(o => o.GetProperty("rating").GetString() == rating)}\s+{rating}\s+{meaning.Replace(" ", @"\s+")}", printed);
        // The Arabic in typed order: the text layer wraps the line, marks its direction and may space letters apart, none of it the words.
        Assert.Contains(Letters(Arabic), Letters(printed));
        Assert.Contains("in-progress", printed);
    }

    static string Letters(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c is not ('\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E'))));

    static string Measured(JsonElement objective) => objective.TryGetProperty("measured", out var measured) && measured.ValueKind == JsonValueKind.Number
        ? $"{measured.GetDouble()} {objective.GetProperty("unit").GetString()}"
        : "nothing to measure";
}
