using Micic.Messaging.Application;
using Micic.Messaging.Data;
using Micic.Messaging.Sms;
using Micic.Persistence.Data;
using Microsoft.Extensions.Options;

namespace Micic.Messaging.Consumers;

/// <summary>
/// Sends the outbound queue through the SMS gateway at the rate the operator accepts, shared by every instance (one row
/// counts the messages of the current second). Each message is claimed with a lease, so an instance that dies while
/// sending leaves it to another; one the gateway does not take is tried again with back-off — Kannel down means
/// messages wait, and go when it is back.
/// </summary>
public sealed class OutboundSender(IServiceScopeFactory scopes, OutboundWakeup wakeup, IOptions<SmsOptions> options, TimeProvider clock,
    ILogger<OutboundSender> logger)
    : BackgroundService
{
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    const int Concurrency = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await SendDue(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Sending the outbound queue failed; trying again shortly");
            }
            // A full second's worth sent: the next second's share may be due at once.
            if (sent < options.Value.SendRatePerSecond)
                await wakeup.WaitAsync(options.Value.PollInterval, stoppingToken);
            else
                await Task.Delay(TimeSpan.FromMilliseconds(1000 - DateTime.UtcNow.Millisecond), stoppingToken);
        }
    }

    async Task<int> SendDue(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<KannelSender>();
        if (!sender.Configured)
            return 0;
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var store = scope.ServiceProvider.GetRequiredService<MessageStore>();
        await session.BeginAsync(cancellationToken);
        var due = await store.ClaimDue(options.Value.SendRatePerSecond, options.Value.SendRatePerSecond, Lease, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (due.Count == 0)
            return 0;

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(OutboundText Text, SendOutcome Outcome)>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (text, token) => outcomes.Add((text, await sender.Send(text.Id, text.Phone, text.Text, token))));

        await session.BeginAsync(cancellationToken);
        foreach (var (text, outcome) in outcomes.OrderBy(result => result.Text.Id))
            if (outcome.Taken)
                await store.MarkSent(text.Id, clock.GetUtcNow(), cancellationToken);
            else
            {
                logger.LogWarning("The SMS gateway did not take message {MessageId} (attempt {Attempt}): {Detail}", text.Id, text.Attempts, outcome.Detail);
                await store.Retry(text.Id, text.Attempts, options.Value.MaxAttempts, outcome.Detail, cancellationToken);
            }
        await session.CommitAsync(cancellationToken);
        return due.Count;
    }
}
