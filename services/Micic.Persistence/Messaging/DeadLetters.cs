using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Telemetry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Micic.Persistence.Messaging;

/// <summary>The receive endpoints (queues) of this service, as MassTransit configures them.</summary>
public sealed class ReceiveEndpoints
{
    readonly ConcurrentDictionary<string, byte> _names = new();
    public void Add(string name) => _names.TryAdd(name, 0);
    public IReadOnlyList<string> Names => _names.Keys.Order(StringComparer.Ordinal).ToList();
    public bool Contains(string name) => _names.ContainsKey(name);
}

public sealed record DeadLetterCount(string Queue, string ErrorQueue, uint Messages);

public sealed record Replayed(string Queue, int Messages);

/// <summary>
/// Dead letters: messages that failed every retry wait in <c>{queue}_error</c>. Operators can see how many there are
/// and, once the cause is fixed, move them back to their queue to be consumed again (the inbox makes a replay of an
/// already-handled message harmless). Each move is confirmed by the broker before the dead letter is removed.
/// </summary>
public sealed class DeadLetters(IConfiguration configuration, ReceiveEndpoints endpoints)
{
    public async Task<IReadOnlyList<DeadLetterCount>> Count(CancellationToken cancellationToken)
    {
        await using var connection = await Connect(cancellationToken);
        var counts = new List<DeadLetterCount>();
        foreach (var queue in endpoints.Names)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(ErrorQueue(queue), cancellationToken);
                counts.Add(new DeadLetterCount(queue, ErrorQueue(queue), declared.MessageCount));
            }
            catch (OperationInterruptedException)
            {
                counts.Add(new DeadLetterCount(queue, ErrorQueue(queue), 0)); // no error queue yet: nothing ever failed
            }
        }
        return counts;
    }

    /// <summary>Moves up to <paramref name="limit"/> dead letters of <paramref name="queue"/> back to it.</summary>
    public async Task<int> Replay(string queue, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await Connect(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var moved = 0;
        while (moved < limit && await NextLetter(channel, queue, cancellationToken) is { } letter)
        {
            // MassTransit binds an exchange named like each queue to it: publishing there delivers to the queue alone.
            await channel.BasicPublishAsync(queue, "", mandatory: true, new BasicProperties(letter.BasicProperties), letter.Body, cancellationToken);
            await channel.BasicAckAsync(letter.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }
        return moved;
    }

    public bool Knows(string queue) => endpoints.Contains(queue);

    /// <returns>The oldest dead letter, or null when there is none — or no error queue yet, as nothing ever failed.</returns>
    static async Task<BasicGetResult?> NextLetter(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.BasicGetAsync(ErrorQueue(queue), autoAck: false, cancellationToken);
        }
        catch (OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return null;
        }
    }

    static string ErrorQueue(string queue) => $"{queue}_error";

    Task<IConnection> Connect(CancellationToken cancellationToken)
    {
        var broker = BrokerNodes.From(configuration);
        return new ConnectionFactory { Uri = broker.First, ClientProvidedName = "micic-dead-letters" }
            .CreateConnectionAsync(broker.Nodes.Select(node => new AmqpTcpEndpoint(node)).ToList(), cancellationToken);
    }
}

public static class DeadLetterApi
{
    const int MaxReplay = 10_000;

    /// <summary>
    /// <c>GET /admin/dead-letters</c> and <c>POST /admin/dead-letters/{queue}/replay?limit=</c>, for coordinators; the
    /// gateway exposes them as <c>/api/admin/{service}/dead-letters</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDeadLetterApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/dead-letters").WithTags("Operations").RequireAuthorization(Roles.Coordinator);
        admin.MapGet("/", async (DeadLetters deadLetters, CancellationToken cancellationToken) =>
            TypedResults.Ok(await deadLetters.Count(cancellationToken)));
        admin.MapPost("/{queue}/replay", async Task<Results<Ok<Replayed>, ValidationProblem, ProblemHttpResult>> (
            string queue, int? limit, DeadLetters deadLetters, CancellationToken cancellationToken) =>
        {
            if (limit is < 1 or > MaxReplay)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxReplay}."] });
            if (!deadLetters.Knows(queue))
                return Problems.NotFound("No such queue in this service.", $"This service does not consume from '{queue}'.");
            return TypedResults.Ok(new Replayed(queue, await deadLetters.Replay(queue, limit ?? 1000, cancellationToken)));
        });
        return app;
    }
}

/// <summary>Counts the service's dead letters every half minute for the <c>micic.messages.dead_letters</c> gauge.</summary>
public sealed class DeadLetterWatch(DeadLetters deadLetters, ILogger<DeadLetterWatch> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    IReadOnlyList<DeadLetterCount> _latest = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MicicTelemetry.ObserveDeadLetters(() => _latest.Select(count =>
            new Measurement<long>(count.Messages, new KeyValuePair<string, object?>("queue", count.ErrorQueue))));
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                _latest = await deadLetters.Count(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Dead letters could not be counted; trying again in {Interval}", Interval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
