using Micic.ServiceDefaults.Hosting;

namespace Micic.Persistence.Messaging;

/// <summary>Wakes the outbox relay as soon as a transaction that wrote outbox messages commits.</summary>
public sealed class OutboxSignal : Wakeup;
