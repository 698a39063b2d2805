using System.Text.Json;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>The dashboard's live figures (server-sent events), read as a browser would.</summary>
public static class LiveStreams
{
    /// <summary>Reads a server-sent event stream until a summary satisfies <paramref name="wanted"/>.</summary>
    public static async Task UntilSummary(StreamReader stream, Func<JsonElement, bool> wanted, CancellationToken cancellationToken)
    {
        var summary = false;
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event:"))
                summary = line == "event: summary";
            else if (summary && line.StartsWith("data:") && wanted(JsonDocument.Parse(line["data:".Length..]).RootElement))
                return;
        }
        throw new InvalidOperationException("The live stream ended before the change arrived.");
    }
}
