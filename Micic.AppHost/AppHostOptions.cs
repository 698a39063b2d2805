using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Micic.AppHost;

/// <summary>What the command line (and the servers' connection strings in the environment) asked for.</summary>
public sealed record AppHostOptions
{
    public const string Usage = """
        Micic.AppHost (.NET Aspire): starts PostgreSQL, RabbitMQ, Redis, every Micic service and the gateway on this machine.

        Usage: dotnet run --project Micic.AppHost [-- options]

          --data <dir>              Data folder (PostgreSQL, RabbitMQ, Redis, signing key, the services' passwords).
                                    Default: <repository>/.micic
          --port <port>             Gateway port. Default: 8080
          --environment <name>      ASPNETCORE_ENVIRONMENT for every process. Default: Development
          --replicas <service>=<n>  Run n instances of a service or of the gateway; repeatable or comma
                                    separated, e.g. --replicas requests=2,matching=3,gateway=2
          --postgres <connection>   Use this PostgreSQL server instead of starting one (Npgsql connection
                                    string without Database); also MICIC_POSTGRES. Databases are created if missing.
                                    Each service connects as its role micic_<name>, which you create, its password in
                                    <data>/passwords/postgres/micic_<name> (README: "Existing servers").
          --rabbitmq <amqp-uri>     Use this RabbitMQ instead of starting one; also MICIC_RABBITMQ. For a cluster,
                                    every node's URI, comma separated (then set Messaging__QuorumQueues=true).
                                    Each service connects as its user micic_<name>, which you create, its password
                                    in <data>/passwords/messaging/micic_<name>.
          --rabbitmq-nodes <n>      Start a local RabbitMQ cluster of n nodes (3 is what deployments run) with
                                    quorum queues, instead of one node. Default: 1
          --redis <host:port,...>   Use this Redis instead of starting one (a StackExchange.Redis configuration).
          --replay <scenario>       Once the platform is up, replay a crisis from seeds/scenarios through the gateway,
                                    as its organisations would. Default: libya-2011, once per data folder, and only on
                                    the PostgreSQL the AppHost runs itself (never on --postgres unless asked).
          --replay-people <n>       People in the replay, a few hundred to 100000. Default: 2000
          --replay-speed <x>        Crisis time per real time. Default: 720 (a crisis day in two minutes). Every
                                    service keeps crisis time (the crisis clock), deadlines and reports included,
                                    and so does every later start on the same data folder.
          --no-replay               Start the platform empty.
          --exercise <scenario>     Run a drill: replay the scenario as an exercise (with --replay-people and
                                    --replay-speed). Every page, document and message says EXERCISE, messages reach
                                    only the simulated phones, the scenario's injects are delivered on the crisis
                                    clock and its objectives rated. Only on servers the AppHost starts, in a data
                                    folder of its own. Default data folder: <repository>/.micic-exercise
          --play <org,...>          Organisations people play in the exercise (seeds/organisations.json ids); the
                                    simulator plays the others and leaves these organisations' work to them.
          --trace-share <0..1>      Share of requests traced end to end (the rest only counted in the metrics).
                                    Default: every one while few arrive, at most 10 new traces a second per
                                    process at the peak (Telemetry__TracesPerSecond); 1 traces every one always.
          --help                    Show this text.

        Existing servers can also be given as Aspire connection strings: ConnectionStrings__postgres,
        ConnectionStrings__messaging, ConnectionStrings__redis. Ctrl+C stops everything it started.
        """;

    public string? DataDirectory { get; init; }

    public int GatewayPort { get; init; } = 8080;

    public string Environment { get; init; } = "Development";

    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public string? ExternalPostgres { get; init; }

    public string? ExternalRabbitMq { get; init; }

    public int RabbitMqNodes { get; init; } = 1;

    public string? ExternalRedis { get; init; }

    public double? TraceShare { get; init; }

    public bool ShowHelp { get; init; }

    public ReplayChoice Replay { get; init; } = ReplayChoice.Default;

    /// <summary>The replay is an exercise (<c>--exercise</c>).</summary>
    public bool Exercise { get; init; }

    /// <summary>Organisations people play in the exercise (<c>--play</c>).</summary>
    public IReadOnlyList<string> Players { get; init; } = [];

    public CrisisReplay ReplaySettings { get; init; } = new(CrisisReplay.DefaultScenario, CrisisReplay.DefaultPeople, CrisisReplay.DefaultSpeed);

    public int ReplicasOf(string service) => Replicas.GetValueOrDefault(service, 1);

    /// <summary>Reads the command line; on --help or a mistake, says so and gives the exit code instead.</summary>
    public static bool TryParse(string[] args, Func<string, string?> environment, [NotNullWhen(true)] out AppHostOptions? options, out int exitCode)
    {
        try
        {
            options = Parse(args, environment);
        }
        catch (LaunchException e)
        {
            Console.Error.WriteLine($"{e.Message} Run with --help for the options.");
            (options, exitCode) = (null, 2);
            return false;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(Usage);
            (options, exitCode) = (null, 0);
            return false;
        }
        exitCode = 0;
        return true;
    }

    public static AppHostOptions Parse(string[] args, Func<string, string?> environment)
    {
        var options = new AppHostOptions
        {
            ExternalPostgres = NullIfEmpty(environment("ConnectionStrings__postgres")) ?? NullIfEmpty(environment("MICIC_POSTGRES")),
            ExternalRabbitMq = NullIfEmpty(environment("ConnectionStrings__messaging")) ?? NullIfEmpty(environment("MICIC_RABBITMQ")),
            ExternalRedis = NullIfEmpty(environment("ConnectionStrings__redis")),
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
                "--rabbitmq-nodes" => options with { RabbitMqNodes = Positive(name, Value()) },
                "--redis" => options with { ExternalRedis = Value() },
                "--replicas" => AddReplicas(options, replicas, Value()),
                "--replay" => options with { Replay = ReplayChoice.Always, ReplaySettings = options.ReplaySettings with { Scenario = Value() } },
                "--replay-people" => Replaying(options) with { ReplaySettings = options.ReplaySettings with { People = Positive(name, Value()) } },
                "--replay-speed" => Replaying(options) with { ReplaySettings = options.ReplaySettings with { Speed = Speed(name, Value()) } },
                "--no-replay" => options with { Replay = ReplayChoice.Never },
                "--exercise" => options with { Exercise = true, Replay = ReplayChoice.Always, ReplaySettings = options.ReplaySettings with { Scenario = Value() } },
                "--play" => options with { Players = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()] },
                "--trace-share" => options with { TraceShare = Share(name, Value()) },
                _ => throw new LaunchException($"Unknown option '{args[i]}'."),
            };
        }
        Validate(options);
        return options with { Replicas = replicas };
    }

    private static AppHostOptions AddReplicas(AppHostOptions options, Dictionary<string, int> replicas, string value)
    {
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry.Split('=') is not [var service, var count] || !Scalable.Contains(service))
            {
                var names = string.Join(", ", Scalable);
                throw new LaunchException($"--replicas expects <service>=<n> with a service among {names}; got '{entry}'.");
            }
            replicas[service] = Positive("--replicas", count);
        }
        return options;
    }

    /// <summary>What <c>--replicas</c> can run several of.</summary>
    public static readonly IReadOnlyList<string> Scalable = ["requests", "offers", "matching", "manifests", "transit", "dashboard", "messages", "funds", "gateway"];

    private static void Validate(AppHostOptions options)
    {
        if (options.Players.Count > 0 && !options.Exercise)
            throw new LaunchException("--play names the organisations people play in an exercise; start one with --exercise <scenario>.");
        if (options.Exercise && options.Replay == ReplayChoice.Never)
            throw new LaunchException("--exercise plays its scenario; it cannot go with --no-replay.");
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
            && rabbitMq.Split(',', StringSplitOptions.TrimEntries).Any(node =>
                !Uri.TryCreate(node, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps")))
        {
            throw new LaunchException($"--rabbitmq must be amqp:// or amqps:// URIs, comma separated; got '{rabbitMq}'.");
        }
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, out var port) && port is > 0 and <= 65535 ? port : throw new LaunchException($"{option} expects a port number; got '{value}'.");

    // Asking for a number of people or a speed is asking for a replay.
    private static AppHostOptions Replaying(AppHostOptions options) =>
        options.Replay == ReplayChoice.Never ? options : options with { Replay = ReplayChoice.Always };

    private static double Speed(string option, string value) =>
        // The crisis clock's own bounds end at 10,000 (a crisis day in under nine seconds): faster, no service keeps up with it.
        double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var speed) && speed is >= 1 and <= 10_000
            ? speed
            : throw new LaunchException($"{option} expects a number from 1 (real time) to 10000; got '{value}'.");

    private static double Share(string option, string value) =>
        double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
            ? share
            : throw new LaunchException($"{option} expects a share from 0 (none) to 1 (every request); got '{value}'.");

    private static int Positive(string option, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new LaunchException($"{option} expects a positive number; got '{value}'.");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Whether to replay a crisis once the platform is up.</summary>
public enum ReplayChoice
{
    /// <summary>Replay the default scenario on a fresh local platform, so that a newcomer sees it working.</summary>
    Default,
    Always,
    Never,
}

/// <summary>The command line asks for something that cannot be done; said to the user, never a stack trace.</summary>
public sealed class LaunchException(string message) : Exception(message);
