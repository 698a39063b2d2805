namespace Micic.ServiceDefaults.Hosting;

/// <summary>
/// Wakes a background loop as soon as there is work for it, rather than at its next poll. Wakes that come while the
/// loop is busy count as one: it finds all the work when it looks.
/// </summary>
public class Wakeup
{
    readonly SemaphoreSlim _woken = new(0, 1);

    public void Wake()
    {
        if (_woken.CurrentCount > 0)
            return;
        try
        {
            _woken.Release();
        }
        catch (SemaphoreFullException)
        {
            // woken meanwhile
        }
    }

    /// <summary>Waits for a wake or the timeout, whichever comes first; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _woken.WaitAsync(timeout, cancellationToken);
}
