using System.Net.Http.Json;
using System.Text.Json;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>Reading the platform's answers in tests.</summary>
public static class Answers
{
    /// <summary>The body of a successful answer; anything else fails the test with the answer's status and body.</summary>
    public static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
