using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class GatewayTests(Platform platform)
{
    [Fact]
    public async Task Calls_are_balanced_across_the_replicas_of_a_service()
    {
        using var coordinator = await platform.Coordinator();
        var submitted = await coordinator.PostAsJsonAsync("/api/requests", Requests.Family());
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.Get(() => platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id = '{id}'"), n => n == 1);

        // Calls at once, as many users make them: they are spread over both instances.
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => coordinator.GetAsync($"/api/matching/{id}")));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        // The gateway adds its own name beside the service's.
        var instances = answers.Select(answer => answer.Headers.GetValues("X-Micic-Instance").Single(name => name.StartsWith("matching-"))).ToHashSet();
        Assert.Equal(2, instances.Count);
    }
}
