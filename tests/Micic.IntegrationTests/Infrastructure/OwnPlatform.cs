using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Micic.AppHost.Servers;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// A platform a test class starts for itself, as <c>dotnet run --project Micic.AppHost</c> does with the arguments given,
/// on a data folder of its own that goes at the end: for what must not reach the platform the other tests share (a
/// crisis replayed, a broker cluster, an organisation revoked for good).
/// </summary>
public sealed class OwnPlatform : IAsyncDisposable
{
    OwnPlatform(string dataFolder, DistributedApplication app, ResourceLogTail logs)
    {
        DataFolder = dataFolder;
        App = app;
        Logs = logs;
        Gateway = AppHosts.Gateway(app);
    }

    public string DataFolder { get; }
    public DistributedApplication App { get; }
    public Uri Gateway { get; }

    /// <summary>The last lines every resource wrote, for failure messages (and for tests that wait on a line).</summary>
    public ResourceLogTail Logs { get; }

    /// <param name="name">A word for the data folder's name.</param>
    /// <param name="arguments">The AppHost's arguments besides <c>--data</c> and <c>--port</c>, which are chosen here.</param>
    /// <param name="logs">Where the resources' lines go, when a test listens to them from the start.</param>
    public static async Task<OwnPlatform> Start(string name, IReadOnlyList<string> arguments, ResourceLogTail? logs = null)
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), $"micic-{name}-{Guid.NewGuid():N}");
        logs ??= new ResourceLogTail();
        var app = await AppHosts.Start(["--data", dataFolder, "--port", LoopbackPorts.Free().ToString(), .. arguments], logs);
        return new OwnPlatform(dataFolder, app, logs);
    }

    /// <summary>A client holding a token of a seeded organisation's machine client.</summary>
    public async Task<HttpClient> LoginAs(string clientId, string clientSecret)
    {
        var client = new HttpClient { BaseAddress = Gateway };
        var login = await client.PostAsJsonAsync("/api/auth/token", new { clientId, clientSecret });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    public Task<HttpClient> Coordinator() => LoginAs("iom-coordination", "dev-iom-secret");

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { } // a server's file still closing: the temp folder is swept anyway
        catch (UnauthorizedAccessException) { } // owned by the server accounts
    }
}
