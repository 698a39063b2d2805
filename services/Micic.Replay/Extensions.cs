using Microsoft.Extensions.Logging.Console;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Time;

namespace Micic.Replay;

/// <summary>Settings under <c>Replay</c>, given by the AppHost.</summary>
public sealed class ReplayOptions
{
    /// <summary>The scenario file (seeds/scenarios/*.json).</summary>
    public string Scenario { get; set; } = "";
    public int People { get; set; }
    public double Speed { get; set; } = 1;

    /// <summary>The share of each nationality's households its consulate registers before the crisis (0 registers none).</summary>
    public double RegisteredShare { get; set; } = 0.2;

    /// <summary>
    /// Kannel's folder of the simulated operator's phones (given by the AppHost when no operator is configured): the
    /// registered people answer their check-ins from there. Without it, no one is registered, as the check-ins would go to real phones.
    /// </summary>
    public string? Phones { get; set; }

    /// <summary>A file written when the replay starts, so that the AppHost plays the default replay once per data folder.</summary>
    public string? Marker { get; set; }

    /// <summary>Where the replay records when it started the crisis clock, so that later starts of the platform keep it.</summary>
    public string? ClockFile { get; set; }

    public ReplaySettings Settings => new(Scenario, People, Speed, RegisteredShare, Phones);
}

public static class Extensions
{
    public static IHostApplicationBuilder AddReplayServices(this IHostApplicationBuilder builder)
    {
        // The replay is a client of the gateway like any other: its calls show in the same traces as the platform's. Its own
        // lines are read by people, as plain text; its HTTP client speaks at Warning, as the services' frameworks do (a line
        // per call would outweigh the crisis it plays).
        builder.QuietFrameworks();
        // One plain line per message: the AppHost shows the replay's lines on its console as they come.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.ConfigureOpenTelemetry();
        builder.Services.AddServiceDiscovery();
        builder.Services.Configure<ReplayOptions>(builder.Configuration.GetSection("Replay"));
        builder.Services.AddSingleton(new SeedData(SeedData.FindFolder(builder.Configuration["Seeds:Path"])));
        // The replay runs the crisis clock every service keeps, shared through Redis.
        builder.AddSharedRedis();
        builder.AddCrisisClock();
        // In an exercise, the simulator delivers the injects and leaves the played organisations' work to their players.
        builder.AddExerciseMode();
        builder.Services.AddHttpClient<GatewayClient>(http =>
        {
            http.BaseAddress = new Uri("http://gateway");
            http.Timeout = TimeSpan.FromSeconds(60);
        }).AddServiceDiscovery();
        builder.Services.AddHostedService<ReplayWorker>();
        return builder;
    }
}
