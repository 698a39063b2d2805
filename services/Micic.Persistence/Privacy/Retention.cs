using Micic.Persistence.Data;
using Micic.ServiceDefaults.Hosting;
using Micic.ServiceDefaults.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Micic.ServiceDefaults.Time;

namespace Micic.Persistence.Privacy;

/// <summary>Settings under <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    public static IEnumerable<string?> Check(PrivacyOptions options) =>
    [
        SettingRules.Positive($"{Section}:RetainPersonalDataFor", options.RetainPersonalDataFor),
        SettingRules.Positive($"{Section}:SweepInterval", options.SweepInterval),
    ];

    /// <summary>How long personal data is kept once a journey has ended (completed or cancelled).</summary>
    public TimeSpan RetainPersonalDataFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the retention sweeper looks for personal data past its period.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>What a service erases when the retention period of a journey has passed.</summary>
public interface IPersonalDataEraser
{
    /// <summary>
    /// Erases the personal data of one batch of people whose journeys ended before <paramref name="endedBefore"/>, in
    /// the caller's unit of work, claiming rows with <c>SKIP LOCKED</c> so that instances sweeping at once never take the
    /// same; returns how many people it erased (0 when nothing is due).
    /// </summary>
    Task<int> EraseDue(DateTimeOffset endedBefore, CancellationToken cancellationToken);
}

/// <summary>Erases personal data past its retention period, a batch per unit of work, on every instance.</summary>
public sealed class RetentionSweeper(IServiceScopeFactory scopes, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<RetentionSweeper> logger)
    : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        var endedBefore = clock.GetUtcNow() - options.Value.RetainPersonalDataFor;
        for (var erased = 1; erased > 0;)
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync(cancellationToken);
            erased = await scope.ServiceProvider.GetRequiredService<IPersonalDataEraser>().EraseDue(endedBefore, cancellationToken);
            await session.CommitAsync(cancellationToken);
            if (erased > 0)
                logger.LogInformation("Erased the personal data of {People} people whose journeys ended before {EndedBefore}", erased, endedBefore);
        }
    }
}

public static class PrivacyExtensions
{
    /// <summary>
    /// The audit of personal data this service shows (<see cref="PersonalDataAudit"/>) and the retention settings; with
    /// <typeparamref name="TEraser"/>, the sweeper that erases what is past its period.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder, string service)
    {
        builder.AddCheckedOptions<PrivacyOptions>(PrivacyOptions.Section, PrivacyOptions.Check);
        builder.Services.AddSingleton(new AuditedService(service));
        builder.Services.AddScoped<PersonalDataAudit>();
        builder.Services.AddClocks();
        return builder;
    }

    public static IHostApplicationBuilder AddPersonalDataProtection<TEraser>(this IHostApplicationBuilder builder, string service)
        where TEraser : class, IPersonalDataEraser
    {
        builder.AddPersonalDataProtection(service);
        builder.Services.AddScoped<IPersonalDataEraser, TEraser>();
        builder.Services.AddHostedService<RetentionSweeper>();
        return builder;
    }
}
