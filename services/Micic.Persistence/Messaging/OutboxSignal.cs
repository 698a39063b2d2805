namespace Micic.Persistence.Messaging;

/// <summary>Wakes the outbox relay as soon as a transaction that wrote outbox messages commits.</summary>
public sealed class OutboxSignal
{
    readonly SemaphoreSlim _signal = new(0, 1);

    public void MessagesWaiting()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
