using Npgsql;

namespace Micic.AppHost;

/// <summary>What the command line (and MICIC_* environment variables) asked for.</summary>
public sealed record LaunchOptions
{
    public const string Usage = """
        Micic.AppHost: starts PostgreSQL, RabbitMQ, every Micic service and the gateway on this machine.

        Usage: dotnet run --project Micic.AppHost [-- options]

          --data <dir>              Data folder (PostgreSQL, RabbitMQ, signing key). Default: <repository>/.micic
          --port <port>             Gateway port. Default: 8080
          --environment <name>      ASPNETCORE_ENVIRONMENT for every process. Default: Development
          --replicas <service>=<n>  Run n instances of a service; repeatable or comma separated,
                                    e.g. --replicas requests=2,matching=3
          --postgres <connection>   Use this PostgreSQL server instead of starting one (Npgsql connection
                                    string without Database); also MICIC_POSTGRES. Databases are created if missing.
          --rabbitmq <amqp-uri>     Use this RabbitMQ instead of starting one; also MICIC_RABBITMQ.
          --timeout <seconds>       How long each process may take to become ready. Default: 90
          --help                    Show this text.

        Ctrl+C stops everything in order (gateway, services, then the servers it started); a second Ctrl+C forces.
        """;

    public string? DataDirectory { get; init; }

    public int GatewayPort { get; init; } = 8080;

    public string Environment { get; init; } = "Development";

    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public string? ExternalPostgres { get; init; }

    public string? ExternalRabbitMq { get; init; }

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public bool ShowHelp { get; init; }

    public int ReplicasOf(string service) => Replicas.GetValueOrDefault(service, 1);

    public static LaunchOptions Parse(string[] args, Func<string, string?> environment)
    {
        var options = new LaunchOptions
        {
            ExternalPostgres = NullIfEmpty(environment("MICIC_POSTGRES")),
            ExternalRabbitMq = NullIfEmpty(environment("MICIC_RABBITMQ")),
        };
        var replicas = new Dictionary<string, int>();
        for (var i = 0; i < args.Length; i++)
        {
            // Both "--name value" and "--name=value".
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--") ? (n, v) : (args[i], null);
            string Value() => inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new LaunchException($"{name} needs a value."));
            options = name switch
            {
                "--help" or "-h" or "-?" => options with { ShowHelp = true },
                "--data" => options with { DataDirectory = Value() },
                "--port" => options with { GatewayPort = Port(name, Value()) },
                "--environment" => options with { Environment = Value() },
                "--postgres" => options with { ExternalPostgres = Value() },
                "--rabbitmq" => options with { ExternalRabbitMq = Value() },
                "--timeout" => options with { ReadyTimeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--replicas" => AddReplicas(options, replicas, Value()),
                _ => throw new LaunchException($"Unknown option '{args[i]}'."),
            };
        }
        Validate(options);
        return options with { Replicas = replicas };
    }

    private static LaunchOptions AddReplicas(LaunchOptions options, Dictionary<string, int> replicas, string value)
    {
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Split('=') is not [var service, var count] || ServiceCatalog.Services.All(s => s.Name != service))
            {
                var names = string.Join(", ", ServiceCatalog.Services.Select(s => s.Name));
                throw new LaunchException($"--replicas expects <service>=<n> with a service among {names}; got '{entry}'.");
            }
            replicas[service] = Positive("--replicas", count);
        }
        return options;
    }

    private static void Validate(LaunchOptions options)
    {
        if (options.ExternalPostgres is { } postgres)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(postgres);
            }
            catch (ArgumentException e)
            {
                throw new LaunchException($"--postgres is not an Npgsql connection string: {e.Message}");
            }
        }
        if (options.ExternalRabbitMq is { } rabbitMq
            && (!Uri.TryCreate(rabbitMq, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps")))
        {
            throw new LaunchException($"--rabbitmq must be an amqp:// or amqps:// URI; got '{rabbitMq}'.");
        }
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, out var port) && port is > 0 and <= 65535 ? port : throw new LaunchException($"{option} expects a port number; got '{value}'.");

    private static int Positive(string option, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new LaunchException($"{option} expects a positive number; got '{value}'.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
