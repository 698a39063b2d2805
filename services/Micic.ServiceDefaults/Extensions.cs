using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Messaging;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micic.ServiceDefaults;

public static class Extensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// What every Micic service shares: structured logs, problem-details errors, the 1 MiB body limit, health checks,
    /// JWT validation and the reference data. Database and messaging are added by the service
    /// (<c>AddMicicDatabase</c>, <c>AddMicicMessaging</c>) because each names its own.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        // JSON lines for log collectors; one readable line per entry when developing (the AppHost adds time and name).
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
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ClientErrorExceptionHandler>();
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"]);
        builder.Services.AddSingleton(new SeedData(SeedData.FindFolder(builder.Configuration["Seeds:Path"])));
        builder.AddMicicAuthentication();
        return builder;
    }

    /// <summary>
    /// Error handling, authentication, <c>/health/live</c>, <c>/health/ready</c> (database and bus) and, where the service
    /// consumes messages, its dead-letter operations.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Which instance answered (e.g. "matching-2"): for operators following a request across replicas.
        var instance = app.Configuration["Micic:InstanceName"];
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

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (app.Services.GetService<DeadLetters>() is not null)
            app.MapDeadLetterApi();
        return app;
    }
}
