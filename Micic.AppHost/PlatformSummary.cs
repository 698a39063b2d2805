using System.Text;
using System.Text.Json;
using Npgsql;

namespace Micic.AppHost;

/// <summary>The "where is everything" text printed once the platform is ready.</summary>
internal static class PlatformSummary
{
    public static void Print(
        PlatformLayout layout,
        IReadOnlyList<ServiceProcess> processes,
        string postgres,
        string rabbitMq,
        bool postgresIsLocal,
        bool rabbitMqIsLocal,
        TimeSpan elapsed)
    {
        var text = new StringBuilder().AppendLine();
        text.AppendLine($"  {"NAME",-14} {"URL",-26} {"PID",-8} STATE");
        foreach (var process in processes)
        {
            text.AppendLine($"  {process.Name,-14} {process.Url,-26} {process.Pid?.ToString() ?? "-",-8} {process.State}");
        }
        text.AppendLine();
        // A local server's password is a throwaway on loopback, handy for psql; an external one's is not ours to print.
        text.AppendLine($"  PostgreSQL   {(postgresIsLocal ? $"{postgres} (local)" : $"{DescribePostgres(postgres)} (external)")}");
        text.AppendLine($"  RabbitMQ     {(rabbitMqIsLocal ? $"{rabbitMq} (local)" : $"{DescribeRabbitMq(rabbitMq)} (external)")}");
        text.AppendLine($"  Data folder  {layout.DataDirectory}");

        var gateway = processes[^1].Url;
        var organisations = ReadOrganisations(layout);
        if (organisations.Count > 0)
        {
            text.AppendLine().AppendLine($"  Development credentials ({Path.GetRelativePath(layout.RepositoryRoot, OrganisationsFile(layout))}):");
            text.AppendLine($"  {"CLIENT ID",-22} {"CLIENT SECRET",-24} ROLES");
            foreach (var organisation in organisations)
            {
                text.AppendLine($"  {organisation.ClientId,-22} {organisation.ClientSecret,-24} {string.Join(", ", organisation.Roles)}");
            }
            var example = organisations[0];
            text.AppendLine().AppendLine("  Get a token:");
            text.AppendLine($$"""  curl -s -X POST {{gateway}}/api/auth/token -H 'Content-Type: application/json' -d '{"clientId":"{{example.ClientId}}","clientSecret":"{{example.ClientSecret}}"}'""");
        }
        text.AppendLine().Append($"  Ready in {elapsed.TotalSeconds:0.0} s at {gateway}. Press Ctrl+C to stop.");
        Log.Plain(text.ToString());
    }

    private static string DescribePostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port} (user {builder.Username})";
    }

    private static string DescribeRabbitMq(string uri)
    {
        var address = new Uri(uri);
        return $"{address.Scheme}://{address.Host}{(address.Port > 0 ? $":{address.Port}" : "")}{address.AbsolutePath}";
    }

    private static string OrganisationsFile(PlatformLayout layout) => Path.Combine(layout.SeedsDirectory, "organisations.json");

    private static IReadOnlyList<Organisation> ReadOrganisations(PlatformLayout layout)
    {
        var file = OrganisationsFile(layout);
        if (!File.Exists(file))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<Organisation>>(File.ReadAllText(file), JsonSerializerOptions.Web) ?? [];
        }
        catch (JsonException e)
        {
            Log.Error($"{file} could not be read: {e.Message}");
            return [];
        }
    }

    private sealed record Organisation(string ClientId, string ClientSecret, string[] Roles);
}
