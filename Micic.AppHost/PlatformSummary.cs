using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.AppHost;

/// <summary>Once the gateway answers: where everything is, how to sign in, and how long it took.</summary>
sealed class PlatformSummary(ResourceNotificationService notifications, DistributedApplicationModel model, PlatformFolders folders,
    IConfiguration configuration, ILogger<PlatformSummary> logger) : BackgroundService
{
    readonly Stopwatch _clock = Stopwatch.StartNew();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync("gateway", stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        // The gateway's port is on loopback (Aspire's proxy binds 127.0.0.1): said as an address that works without name lookup.
        var gateway = $"http://127.0.0.1:{model.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "gateway").GetEndpoint("http").Port}";
        var text = new StringBuilder().AppendLine().AppendLine($"  Micic is ready at {gateway} ({_clock.Elapsed.TotalSeconds:0.0} s).");
        if (configuration["ASPNETCORE_URLS"] is { } dashboard && configuration["AppHost:BrowserToken"] is { } token)
            text.AppendLine($"  Aspire dashboard (resources, logs, traces, metrics): {dashboard.Split(';')[0]}/login?t={token}");
        text.AppendLine($"  Data folder: {folders.Data}");

        var organisations = Organisations();
        if (organisations.Count > 0)
        {
            text.AppendLine().AppendLine("  Development credentials (seeds/organisations.json):");
            text.AppendLine($"  {"CLIENT ID",-24} {"CLIENT SECRET",-24} ROLES");
            foreach (var organisation in organisations)
                text.AppendLine($"  {organisation.ClientId,-24} {organisation.ClientSecret,-24} {string.Join(", ", organisation.Roles)}");
            var example = organisations[0];
            text.AppendLine().AppendLine("  Get a token:");
            text.AppendLine($$"""  curl -s -X POST {{gateway}}/api/auth/token -H 'Content-Type: application/json' -d '{"clientId":"{{example.ClientId}}","clientSecret":"{{example.ClientSecret}}"}'""");
        }
        text.Append("  Press Ctrl+C to stop everything.");
        logger.LogInformation("{Summary}", text.ToString());
    }

    IReadOnlyList<Organisation> Organisations()
    {
        var file = Path.Combine(folders.Seeds, "organisations.json");
        try
        {
            return JsonSerializer.Deserialize<List<Organisation>>(File.ReadAllText(file), JsonSerializerOptions.Web) ?? [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            logger.LogWarning("{File} could not be read: {Reason}", file, e.Message);
            return [];
        }
    }

    sealed record Organisation(string ClientId, string ClientSecret, string[] Roles);
}
