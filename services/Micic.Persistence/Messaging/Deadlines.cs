using MassTransit;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Deadlines without a scheduler: a message published with a due time waits in the outbox (its <c>enqueue_time</c>)
/// and the relay sends it once due. MassTransit's own <c>Delay</c> is not used, because the RabbitMQ transport turns
/// it into a delayed-exchange declaration, and that plugin is not available.
/// </summary>
public static class Deadlines
{
    public const string DueHeader = "Micic-Due";

    public static Task PublishWhenDue<T>(this IPublishEndpoint endpoint, T message, DateTimeOffset due) where T : class =>
        endpoint.Publish(message, context => context.Headers.Set(DueHeader, due.UtcDateTime.ToString("O")));

    /// <summary>When the message is due, if it was published with <see cref="PublishWhenDue{T}"/>.</summary>
    public static DateTime? DueTime(SendContext context) =>
        context.Headers.Get<string>(DueHeader) is { } due ? DateTime.Parse(due, null, System.Globalization.DateTimeStyles.RoundtripKind) : null;
}
