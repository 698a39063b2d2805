namespace Micic.Persistence.Messaging;

/// <summary>Settings under <c>Messaging</c>; defaults suit a 2-core machine.</summary>
public sealed class MessagingOptions
{
    /// <summary>Messages RabbitMQ hands a consumer before acknowledgement.</summary>
    public ushort PrefetchCount { get; set; } = 16;

    /// <summary>Messages consumed at once per endpoint; each holds a database connection.</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>Most messages a batch consumer takes in one transaction.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a batch consumer waits for a batch to fill once its first message has arrived.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Immediate retries (exponential back-off) before a message goes to its <c>_error</c> queue.</summary>
    public int RetryLimit { get; set; } = 5;

    /// <summary>
    /// Tries, two seconds apart, while the service's database cannot be reached (PostgreSQL restarting after a crash)
    /// before a message goes to its <c>_error</c> queue: five minutes by default.
    /// </summary>
    public int DatabaseOutageRetries { get; set; } = 150;

    /// <summary>Messages relayed per outbox transaction.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>How often the relay looks for messages committed by other instances or left by a crash.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the relay waits for the broker to confirm one batch of messages. A send caught by a broker restart can otherwise
    /// wait forever for a confirm that will never come; on timeout the batch rolls back and is sent again.
    /// </summary>
    public TimeSpan OutboxSendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Declare the services' queues as quorum queues, replicated across a RabbitMQ cluster (set by the AppHost for
    /// <c>--rabbitmq-nodes 3</c>). A queue's type is fixed when it is first declared.
    /// </summary>
    public bool QuorumQueues { get; set; }

    /// <summary>How long inbox rows are kept to recognise redeliveries.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);
}
