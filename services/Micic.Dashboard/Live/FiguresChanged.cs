using Micic.ServiceDefaults.Hosting;

namespace Micic.Dashboard.Live;

/// <summary>
/// Wakes <see cref="LiveFigures"/> when the figures change: raised in this instance once a transaction that changed
/// them has committed (then it also tells the other instances, once for a whole burst), or woken when another instance
/// announced a change of its own.
/// </summary>
public sealed class FiguresChanged : Wakeup
{
    int _raised;

    public void Raise()
    {
        Volatile.Write(ref _raised, 1);
        Wake();
    }

    /// <summary>Whether a change was committed in this instance since the last call.</summary>
    public bool TakeRaised() => Interlocked.Exchange(ref _raised, 0) == 1;
}
