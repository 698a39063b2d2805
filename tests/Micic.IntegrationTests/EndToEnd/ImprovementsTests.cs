using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Improvement actions on a live platform (no exercise runs): raised by a coordinator from a real crisis, moved on, done
/// only with evidence, listed by status across crises and exercises; the evaluation has nothing to rate here.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ImprovementsTests(Platform platform)
{
    [Fact]
    public async Task An_action_from_a_real_crisis_is_raised_moved_on_and_done_with_evidence()
    {
        using var iom = await platform.Coordinator();
        var text = $"Brief the Salloum reception team on the arrivals log {Guid.NewGuid():N}";
        using var raised = await iom.PostAsJsonAsync("/api/improvements",
            new { text, ownerOrganisationId = "transit-egy", dueBy = DateTimeOffset.UtcNow.AddDays(30).ToString("O"), crisisId = "libya-2011" });
        Assert.True(raised.StatusCode == HttpStatusCode.Created, await raised.Content.ReadAsStringAsync());
        var id = (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.EndsWith($"/api/improvements/{id}", raised.Headers.Location?.ToString());

        var action = await Find(iom, id, "open");
        Assert.Equal(text, action.GetProperty("text").GetString());
        Assert.Equal("crisis", action.GetProperty("source").GetString());
        Assert.False(action.TryGetProperty("scenario", out _)); // no exercise: no scenario
        Assert.Equal("libya-2011", action.GetProperty("crisisId").GetString());
        Assert.Equal("iom", action.GetProperty("raisedBy").GetProperty("organisationId").GetString());
        // A live platform keeps real time: the crisis time it was raised at is now.
        Assert.True(Math.Abs((action.GetProperty("raisedAtCrisisTime").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalMinutes) < 10);

        using (var started = await iom.PatchAsJsonAsync($"/api/improvements/{id}", new { status = "in-progress", evidence = "Briefing planned for Monday." }))
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        await Find(iom, id, "in-progress");

        // Done needs evidence of what was done: refused without, and the action stays as it was.
        using (var bare = await iom.PatchAsJsonAsync($"/api/improvements/{id}", new { status = "done" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Contains("evidence", await bare.Content.ReadAsStringAsync());
        }
        Assert.Equal("Briefing planned for Monday.", (await Find(iom, id, "in-progress")).GetProperty("evidence").GetString());

        using (var done = await iom.PatchAsJsonAsync($"/api/improvements/{id}", new { status = "done", evidence = "Twelve officers briefed on 14 December." }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            var changed = await done.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("done", changed.GetProperty("status").GetString());
            Assert.True(changed.GetProperty("updatedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
        }
        var finished = await Find(iom, id, "done");
        Assert.Equal("Twelve officers briefed on 14 December.", finished.GetProperty("evidence").GetString());
        Assert.DoesNotContain((await iom.GetFromJsonAsync<JsonElement>("/api/improvements?status=open&pageSize=500")).GetProperty("items").EnumerateArray(),
            a => a.GetProperty("id").GetGuid() == id);
    }

    [Fact]
    public async Task On_a_live_platform_there_is_no_exercise_to_evaluate()
    {
        using var iom = await platform.Coordinator();
        foreach (var path in new[] { "/api/exercise/evaluation", "/api/exercise/evaluation.pdf" })
        {
            using var answer = await iom.GetAsync(path);
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("plays no exercise", await answer.Content.ReadAsStringAsync());
        }
    }

    static async Task<JsonElement> Find(HttpClient client, Guid id, string status)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/improvements?status={status}&pageSize=500");
        return list.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == id);
    }
}
