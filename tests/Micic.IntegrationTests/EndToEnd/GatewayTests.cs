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

        var instances = new HashSet<string>();
        for (var call = 0; call < 10; call++)
        {
            var response = await coordinator.GetAsync($"/api/matching/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // The gateway adds its own name after the service's.
            instances.Add(response.Headers.GetValues("X-Micic-Instance").Single(name => name != "gateway"));
        }

        Assert.Equal(["matching-1", "matching-2"], instances.Order());
    }
}
