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

    /// <summary>
    /// kill -9 of every instance of a service in the middle of a stream of requests, sent as a real client sends them (a
    /// failed call is tried again with the same Idempotency-Key): the AppHost starts the service again, and every request
    /// accepted reaches the end of the pipeline exactly once.
    /// </summary>
    [Theory]
    [InlineData("requests")]
    [InlineData("offers")]
    [InlineData("manifests")]
    [InlineData("transit")]
    [InlineData("dashboard")]
    [InlineData("gateway")]
    public async Task Any_service_killed_during_a_load_comes_back_and_nothing_accepted_is_lost(string service)
    {
        using var requester = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var accepted = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            if (i == 10)
                Assert.True(platform.Crash(service) > 0, $"no {service} process was found to kill");
            accepted.Add((await Requests.SubmitUntilAccepted(requester)).Id);
        }
        await platform.UntilHealthy(service);

        var inList = string.Join(",", accepted.Select(id => $"'{id}'"));
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.Equal(accepted.Count, await platform.Number("micic_requests", $"SELECT count(*) FROM evacuation_request WHERE id IN ({inList})"));
        await Eventually.Get(() => platform.Number("micic_matching", $"SELECT count(*) FROM evacuation_saga WHERE correlation_id IN ({inList})"),
            sagas => sagas == accepted.Count, TimeSpan.FromMinutes(1), $"every request to reach matching after {service} was killed");
        await Eventually.Get(() => platform.Number("micic_dashboard", $"SELECT count(*) FROM request_projection WHERE request_id IN ({inList})"),
            counted => counted == accepted.Count, TimeSpan.FromMinutes(1), $"every request to be counted on the dashboard after {service} was killed");
    }
}
