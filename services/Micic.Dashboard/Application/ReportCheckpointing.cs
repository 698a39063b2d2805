using Micic.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.Dashboard.Application;

/// <summary>Keeps the after-action report's checkpoint close to the end of the history, so that no report folds much.</summary>
public sealed class ReportCheckpointing(IServiceScopeFactory scopes, IOptions<DashboardOptions> options, ILogger<ReportCheckpointing> logger)
    : PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => options.Value.ReportCheckpointInterval;

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<AfterActionReporting>().KeepCheckpoint(cancellationToken);
        if (added > 0)
            logger.LogInformation("The after-action report's checkpoint took in {Events} events", added);
    }
}
