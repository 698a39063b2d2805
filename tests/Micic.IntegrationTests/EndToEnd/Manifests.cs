using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Reading manifests as carriers and coordinators do.</summary>
public static class Manifests
{
    /// <summary>
    /// The manifest of an offer once <paramref name="people"/> are on it with their details: groups join a manifest as
    /// soon as they are matched, and their people's details follow from Requests.
    /// </summary>
    public static async Task<JsonElement> WithEveryoneOn(HttpClient client, Guid offerId, int people)
    {
        var list = await Eventually.Get(() => client.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={offerId}"),
            manifests => manifests.GetProperty("items").GetArrayLength() == 1 && manifests.GetProperty("items")[0].GetProperty("passengers").GetInt32() == people,
            TimeSpan.FromMinutes(1), $"the manifest to list {people} passengers");
        var id = list.GetProperty("items")[0].GetProperty("id").GetGuid();
        return await Eventually.Get(() => client.GetFromJsonAsync<JsonElement>($"/api/manifests/{id}"),
            manifest => manifest.GetProperty("awaitingDetails").GetInt32() == 0, TimeSpan.FromMinutes(1), "every passenger's details to arrive");
    }
}
