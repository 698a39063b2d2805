using System.Runtime.InteropServices;

namespace Micic.AppHost;

/// <summary>
/// Turns Ctrl+C, SIGTERM and SIGHUP into an orderly stop; a second signal forces it. The process is never
/// terminated by the signal itself, so every child is stopped before the launcher exits.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _force = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public ShutdownSignals()
    {
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, OnSignal))];
    }

    public CancellationToken StopRequested => _stop.Token;

    public CancellationToken ForceRequested => _force.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _received) == 1)
        {
            Log.Info($"{context.Signal} received: stopping everything (a second Ctrl+C or SIGTERM forces it)");
            // CancelAsync keeps the shutdown work off the signal-handling thread, which must stay free for a second signal.
            _ = _stop.CancelAsync();
        }
        else
        {
            Log.Info($"{context.Signal} received again: forcing the stop");
            _ = _force.CancelAsync();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
