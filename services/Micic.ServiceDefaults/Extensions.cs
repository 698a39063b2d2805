using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.Settings;
using Micic.ServiceDefaults.Telemetry;
using Micic.ServiceDefaults.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Micic.ServiceDefaults;

public static class Extensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;
    const string HealthPath = "/health";

    /// <summary>
    /// What every Micic host shares: logs, traces and metrics over OpenTelemetry, health checks, service discovery,
    /// problem-details errors, the 1 MiB body limit, Redis for what instances share, the clock (real, or the crisis clock), whether this is an exercise, JWT validation (with revocations) and
    /// the reference data. Database and messaging come
    /// from Micic.Persistence (<c>AddMicicDatabase</c>, <c>AddMicicMessaging</c>), added by each service because each
    /// names its own.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // First, so that every setting read below is checked, and the host is not built while one is wrong.
        builder.Settings();
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Converters.Add(new PrintableText());
        });

        builder.Services.AddOpenApi();
        // Each host adds its own limits (the gateway per organisation, document services per organisation's documents).
        builder.Services.AddRateLimiter(_ => { });

        builder.AddCrisisClock();
        builder.AddExerciseMode();
        var seeds = SeedData.FindFolder(builder.Settings().Folder("Seeds:Path"));
        builder.Services.AddSingleton(new SeedData(seeds));
        builder.Services.AddSingleton(Currencies.Read(seeds));
        builder.AddSharedRedis();
        builder.AddMicicAuthentication();
        return builder;
    }

    /// <summary>
    /// Traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost sets it to the
    /// Aspire dashboard): ASP.NET Core, HttpClient (the gateway's forwarding too), Npgsql and MassTransit, so that one request can be
    /// followed from the gateway through the outbox and the broker to the consumer that handles it.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var sampling = builder.Settings().Section<TraceSampling>(TraceSampling.Section, TraceSampling.Check);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql", MicicTelemetry.MeterName))
            .WithTracing(tracing => tracing
                .SetSampler(sampling.Sampler(TimeProvider.System))
                .AddSource(builder.Environment.ApplicationName, "MassTransit", "Npgsql", MicicTelemetry.ActivitySourceName)
                // Health probes (Aspire's, and the gateway's of each service) every few seconds would bury the traces people look for.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments(HealthPath))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri?.AbsolutePath.StartsWith(HealthPath, StringComparison.Ordinal) != true));

        if (builder.Settings().Url("OTEL_EXPORTER_OTLP_ENDPOINT") is not null)
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        return builder;
    }

    /// <summary><c>live</c>: the process answers; <c>ready</c>: what it depends on answers too.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        return builder;
    }

    /// <summary>Where every host publishes its OpenAPI document; the gateway serves them all under <c>/api/docs</c>.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>
    /// Security headers, error handling, authentication, rate limits, <c>/health/live</c>, <c>/health/ready</c> and the
    /// OpenAPI document.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // First, so that every answer carries them, errors included.
        app.UseSecurityHeaders();
        // Which instance answered (Aspire names each replica, e.g. "matching-x7k2"): for operators following a request across replicas.
        var instance = app.Configuration["Micic:InstanceName"]
            ?? $"{app.Configuration["OTEL_SERVICE_NAME"]}-{InstanceId(app.Configuration["OTEL_RESOURCE_ATTRIBUTES"])}".Trim('-');
        if (!string.IsNullOrEmpty(instance))
            app.Use((context, next) =>
            {
                context.Response.Headers["X-Micic-Instance"] = instance;
                return next(context);
            });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: limits are counted per organisation, from the token.
        app.UseRateLimiter();

        app.MapHealthChecks($"{HealthPath}/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks($"{HealthPath}/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi(OpenApiPath).AllowAnonymous();
        return app;
    }

    /// <summary><c>service.instance.id</c> from OpenTelemetry's resource attributes (<c>key=value,key=value</c>).</summary>
    static string? InstanceId(string? attributes) =>
        attributes?.Split(',').Select(pair => pair.Split('=', 2)).FirstOrDefault(pair => pair is ["service.instance.id", _])?[1];

    /// <summary>JSON lines for log collectors; one readable line per entry when developing.</summary>
    static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        else
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.UseUtcTimestamp = true;
            });
        builder.QuietFrameworks();
    }

    /// <summary>
    /// Frameworks speak at Warning unless configuration asks for more (Logging:LogLevel:&lt;category&gt;): at Information
    /// they write a line per request, message or SQL command, and every line is exported.
    /// </summary>
    public static void QuietFrameworks(this IHostApplicationBuilder builder)
    {
        foreach (var category in (string[])["Microsoft", "System", "Yarp", "MassTransit", "OpenIddict", "Npgsql"])
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, LogLevel.Warning);
        if (builder.Configuration["Logging:LogLevel:Microsoft.Hosting.Lifetime"] is null)
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information); // "Now listening on", "Application started"
    }
}
