using MassTransit;
using MassTransit.Configuration;
using Micic.Persistence.Data;
using Micic.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Micic.ServiceDefaults.Time;

namespace Micic.Persistence.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (<see cref="BrokerNodes"/>: one node or a cluster) with the reliability rules every
    /// service follows: every consumer and saga behind the inbox, retries with back-off then the <c>_error</c> queue,
    /// deliberate prefetch and concurrency, the outbox relay, and the bus in <c>/health/ready</c>.
    /// </summary>
    public static IHostApplicationBuilder AddMicicMessaging(this IHostApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null)
    {
        var broker = BrokerNodes.From(builder.Configuration);
        var options = builder.Configuration.GetSection("Messaging").Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.Configure<MessagingOptions>(builder.Configuration.GetSection("Messaging"));

        var endpoints = new ReceiveEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddHostedService<DeadLetterWatch>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddClocks();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<ActorContext>();
        builder.Services.AddSingleton(new TraceContinuations(
            builder.Configuration.GetSection("Telemetry").Get<TraceSampling>() ?? new TraceSampling(), TimeProvider.System));
        builder.Services.AddScoped<TransactionalOutbox>();
        builder.Services.AddScoped<InboxBatch>();
        builder.Services.AddScoped<MassTransit.Middleware.IOutboxContextFactory<DbSession>, NpgsqlInboxContextFactory>();

        builder.Services.AddMassTransit(bus =>
        {
            // Nothing about an operation leaves the platform: MassTransit's usage reports to its makers stay off.
            bus.DisableUsageTelemetry();
            // Queues are named per service ("requests-evacuation-status-changed"): every service gets its own copy of an event,
            // while the instances of one service compete for it.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            configure?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                endpoints.Add(name);
                // Retry wraps the inbox transaction: each attempt starts clean. After the last, MassTransit moves the
                // message to <queue>_error and publishes Fault<T>; nothing is acknowledged without having been handled.
                // A database that cannot be reached (PostgreSQL restarting after a crash) is no fault of the message: it
                // is waited for, for minutes rather than seconds, before the message is given up.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(DatabaseFailures.Unreachable);
                    retry.Interval(options.DatabaseOutageRetries, TimeSpan.FromSeconds(2));
                });
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(DatabaseFailures.Unreachable);
                    retry.Exponential(options.RetryLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                });
                endpoint.UseNpgsqlInbox(context);
                // A batch endpoint takes in as many messages as its batches in progress can hold.
                var batching = context.GetServices<BatchEndpoint>().Any(batch => batch.Name == name);
                endpoint.ConcurrentMessageLimit = batching ? options.BatchSize * BatchEndpoint.Concurrency : options.ConcurrentMessageLimit;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.PrefetchCount = batching ? (ushort)(options.BatchSize * BatchEndpoint.Concurrency) : options.PrefetchCount;
                    // Replicated on a majority of the cluster's nodes: a node may go without a message going with it.
                    if (options.QuorumQueues)
                        rabbit.SetQuorumQueue();
                }
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.First, host =>
                {
                    host.PublisherConfirmation = true;
                    if (broker.Nodes.Count > 1)
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in broker.Nodes)
                                cluster.Node($"{node.Host}:{node.Port}");
                        });
                });
                rabbit.PrefetchCount = options.PrefetchCount;
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Publishes the <typeparamref name="TMessage"/>s of a transaction as one <typeparamref name="TEnvelope"/>, or sends
    /// it to <paramref name="queue"/> for a command (<see cref="OutboxEnvelope"/>); its consumers must take the envelope.
    /// </summary>
    public static IServiceCollection AddOutboxEnvelope<TMessage, TEnvelope>(this IServiceCollection services, Func<IReadOnlyList<TMessage>, TEnvelope> wrap,
        Uri? queue = null)
        where TMessage : class
        where TEnvelope : class =>
        services.AddSingleton(new OutboxEnvelope(typeof(TMessage), typeof(TEnvelope), messages => wrap(messages.Cast<TMessage>().ToList()), queue));

    /// <summary>
    /// A consumer of <see cref="Batch{T}"/> on an endpoint of its own: up to <see cref="MessagingOptions.BatchSize"/>
    /// messages of a kind are handed over together, and the consumer applies them in one transaction through
    /// <see cref="InboxBatch"/>.
    /// </summary>
    public static void AddBatchConsumer<TConsumer>(this IBusRegistrationConfigurator bus, string endpointName)
        where TConsumer : class, IConsumer
    {
        bus.AddSingleton(new BatchEndpoint(endpointName));
        bus.AddConsumer<TConsumer>((context, consumer) =>
        {
            var options = context.GetRequiredService<IOptions<MessagingOptions>>().Value;
            consumer.Options<BatchOptions>(batch => batch
                .SetMessageLimit(options.BatchSize)
                .SetTimeLimit(options.BatchTimeLimit)
                .SetConcurrencyLimit(BatchEndpoint.Concurrency));
        }).Endpoint(endpoint => endpoint.Name = endpointName);
    }

    /// <summary>
    /// Puts every consumer and saga of the endpoint behind the Npgsql inbox (MassTransit's outbox middleware). Batch
    /// consumers claim each message of a batch in the inbox themselves (<see cref="InboxBatch"/>).
    /// </summary>
    public static void UseNpgsqlInbox(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var observer = new OutboxConsumePipeSpecificationObserver<DbSession>(endpoint, context);
        endpoint.ConnectConsumerConfigurationObserver(new UnlessBatch(observer));
        endpoint.ConnectSagaConfigurationObserver(observer);
    }

    sealed class UnlessBatch(IConsumerConfigurationObserver inbox) : IConsumerConfigurationObserver
    {
        public void ConsumerConfigured<TConsumer>(IConsumerConfigurator<TConsumer> configurator) where TConsumer : class =>
            inbox.ConsumerConfigured(configurator);

        public void ConsumerMessageConfigured<TConsumer, TMessage>(IConsumerMessageConfigurator<TConsumer, TMessage> configurator)
            where TConsumer : class where TMessage : class
        {
            if (!typeof(TMessage).IsGenericType || typeof(TMessage).GetGenericTypeDefinition() != typeof(Batch<>))
                inbox.ConsumerMessageConfigured(configurator);
        }
    }
}

/// <summary>An endpoint whose consumer takes its messages in batches (<see cref="MessagingExtensions.AddBatchConsumer{TConsumer}"/>).</summary>
sealed record BatchEndpoint(string Name)
{
    /// <summary>Batches in progress at once on one instance: one fills while the other commits.</summary>
    public const int Concurrency = 2;
}
