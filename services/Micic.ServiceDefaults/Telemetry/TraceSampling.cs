using OpenTelemetry.Trace;

namespace Micic.ServiceDefaults.Telemetry;

/// <summary>
/// Which traces a process starts (<c>Telemetry</c> settings). A trace is decided where it starts — the gateway, a
/// sweeper — and followed by every service it reaches, so it is whole or absent. By default every trace is kept while
/// few start, and at most <see cref="TracesPerSecond"/> a second when thousands of groups move: at 2 a.m. every request
/// can be followed, and at the peak the telemetry costs what a deployment would pay. A fixed share can be asked for
/// instead (<see cref="TraceShare"/>, the AppHost's <c>--trace-share</c>).
/// </summary>
public sealed class TraceSampling
{
    /// <summary>The share of traces kept, from 0 to 1; when unset, <see cref="TracesPerSecond"/> decides.</summary>
    public double? TraceShare { get; set; }

    /// <summary>Most traces a process starts a second when no share is set.</summary>
    public double TracesPerSecond { get; set; } = 10;

    public Sampler Sampler(TimeProvider clock) => new ParentBasedSampler(TraceShare is { } share
        ? new TraceIdRatioBasedSampler(Math.Clamp(share, 0, 1))
        : new RateLimitedSampler(TracesPerSecond, clock));
}

/// <summary>
/// Keeps traces up to a rate: a bucket of one second's worth, refilled as time passes, so a burst after a quiet spell is
/// kept whole and a sustained flood is cut to the rate.
/// </summary>
public sealed class RateLimitedSampler(double perSecond, TimeProvider clock) : Sampler
{
    readonly double _perSecond = perSecond;
    readonly Lock _bucket = new();
    double _tokens = perSecond;
    long _filledAt = clock.GetTimestamp();

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        lock (_bucket)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(_perSecond, _tokens + clock.GetElapsedTime(_filledAt, now).TotalSeconds * _perSecond);
            _filledAt = now;
            if (_tokens < 1)
                return new SamplingResult(SamplingDecision.Drop);
            _tokens--;
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }
}
