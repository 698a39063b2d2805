namespace Micic.Dashboard.Live;

/// <summary>
/// Raised in this instance once a transaction that changed the figures has committed. <see cref="LiveFigures"/> takes
/// it on its next beat, pushes fresh figures and tells the other instances once for the whole burst, rather than once
/// per event.
/// </summary>
public sealed class FiguresChanged
{
    int _raised;

    public void Raise() => Volatile.Write(ref _raised, 1);

    /// <summary>Whether the figures changed since the last call.</summary>
    public bool Take() => Interlocked.Exchange(ref _raised, 0) == 1;
}
