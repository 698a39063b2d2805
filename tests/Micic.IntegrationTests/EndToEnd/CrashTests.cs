using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Nothing accepted is lost when a service dies: its messages wait in RabbitMQ and the AppHost brings it back.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CrashTests(Platform platform)
{
    [Fact]
    public async Task Requests_accepted_while_every_matching_instance_is_killed_all_reach_matching()
    {
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");

        Assert.Equal(2, platform.Crash("matching"));
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var response = await requester.PostAsJsonAsync("/api/requests", Requests.Family());
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        var inList = string.Join(",", ids.Select(id => $"'{id}'"));
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE status = 'pending' AND id IN ({inList})"),
            pending => pending == ids.Count, TimeSpan.FromMinutes(2), "every request to reach matching after the crash");
        Assert.Equal(ids.Count, await platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id IN ({inList})"));
    }
}
