using Micic.AppHost;
using Micic.AppHost.Servers;
using Microsoft.Extensions.DependencyInjection;

// `dotnet run --project Micic.AppHost`: PostgreSQL, RabbitMQ, Redis and Kannel (SMS) from the OS packages, the services
// behind the gateway on http://127.0.0.1:8080, the Aspire dashboard beside them and, on a fresh data folder, a crisis replayed.
if (!AppHostOptions.TryParse(args, Environment.GetEnvironmentVariable, out var options, out var exitCode))
    return exitCode;
try
{
    Run(options);
    return 0;
}
catch (LaunchException e)
{
    // What cannot be done here (a package that cannot be installed, a folder the servers cannot reach) is said plainly.
    Console.Error.WriteLine(e.Message);
    return 1;
}

static void Run(AppHostOptions options)
{
    var folders = PlatformFolders.Create(options.DataDirectory, options.Exercise);
    PlatformProgress.Say($"Starting Micic (data folder {folders.Data}); the first start takes a minute or two.");
    ServerPackages.EnsureInstalled(options);

    // What to play, decided before any server touches the data folder: an exercise never starts on a live platform's data.
    var replay = CrisisReplay.Decide(options, folders);
    var exercise = PlatformExercise.Decide(options, folders, replay);

    var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [] });
    builder.Services.AddSingleton(folders).AddHostedService<PlatformSummary>();
    PlatformProgress.Show(builder);
    var postgres = builder.AddPostgres("postgres", options.ExternalPostgres, folders);
    var messaging = builder.AddRabbitMq("messaging", options.ExternalRabbitMq, options.RabbitMqNodes, folders);
    var redis = builder.AddRedis("redis", options.ExternalRedis, folders);
    // The gateway's origin is the identity provider's: created first, so that every process is told where it is.
    var gateway = builder.AddProject<Projects.Micic_Gateway>("gateway").WithHttpEndpoint(port: options.GatewayPort);
    var platform = new PlatformSettings(options, folders, PlatformClock.Decide(replay, folders), exercise, gateway);
    // Kannel: the operator's SMSC (Messaging:Sms:Operator) or simulated phones, and smsbox posting replies to the gateway.
    var sms = builder.AddSmsGateway("sms", platform);

    IResourceBuilder<ProjectResource> Service<TProject>(string name) where TProject : IProjectMetadata, new() =>
        builder.AddProject<TProject>(name)
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health/ready")
            // Each service as itself: its own PostgreSQL role, owner of its database alone, and its own RabbitMQ user.
            .WithDatabase(postgres, $"{name}db", $"micic_{name}")
            .WithServer(messaging, $"micic_{name}")
            .WithServer(redis)
            .WithPlatformSettings(platform)
            .WithReplicas(options.ReplicasOf(name))
            .RestartedWhenItCrashes();

    gateway
        .WithHttpHealthCheck("/health/ready")
        .WithServer(redis)
        .WithServices(
            Service<Projects.Micic_Requests>("requests"),
            Service<Projects.Micic_Offers>("offers"),
            Service<Projects.Micic_Matching>("matching"),
            Service<Projects.Micic_Manifests>("manifests"),
            Service<Projects.Micic_Transit>("transit"),
            Service<Projects.Micic_Dashboard>("dashboard"),
            Service<Projects.Micic_Funds>("funds"),
            // "messages": the name "messaging" is RabbitMQ's.
            Service<Projects.Micic_Messaging>("messages").WithSmsGateway(sms),
            Service<Projects.Micic_Identity>("identity").WithProviderKeys(folders))
        .WithPlatformSettings(platform)
        .WithReplicas(options.ReplicasOf("gateway"))
        .RestartedWhenItCrashes();

    if (replay is not null)
        builder.AddCrisisReplay("replay", replay, platform, redis, sms);

    builder.Build().Run();
}
