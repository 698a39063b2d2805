using OpenTelemetry.Trace;

namespace Micic.ServiceDefaults.Telemetry;

/// <summary>
/// Which traces a process starts (<c>Telemetry</c> settings). A trace is decided where it starts — a request reaching
/// the gateway — and followed by every service it reaches. By default every trace is kept while
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

    /// <summary>
    /// Most messages a second a process sends on carrying a sampled trace when no share is set: a trace that reaches a
    /// batch of a thousand groups, each hop sending on several messages, would otherwise grow at every hop. Beyond it a
    /// trace ends where it is (the rest of the flow is counted in the metrics); while the platform is quiet, never.
    /// </summary>
    public double TracedMessagesPerSecond { get; set; } = 20;

    public Sampler Sampler(TimeProvider clock) => new ParentBasedSampler(TraceShare is { } share
        ? new TraceIdRatioBasedSampler(Math.Clamp(share, 0, 1))
        : new RateLimitedSampler(TracesPerSecond, clock));
}

/// <summary>
/// Keeps traces up to a rate: a bucket of one second's worth, refilled as time passes, so a burst after a quiet spell is
/// kept whole and a sustained flood is cut to the rate. Only a request that reaches a process from outside starts a
/// trace (ASP.NET Core's server span, at the gateway): a message that arrives without one was left out of its
/// producer's trace on purpose, and a trace started for it — or for a saga's step in a batch — in every process would
/// undo the choice.
/// </summary>
public sealed class RateLimitedSampler(double perSecond, TimeProvider clock) : Sampler
{
    readonly TokenBucket _traces = new(perSecond, clock);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.Kind == System.Diagnostics.ActivityKind.Server && _traces.TryTake()
            ? new SamplingResult(SamplingDecision.RecordAndSample)
            : new SamplingResult(SamplingDecision.Drop);
}

/// <summary>Allows up to a rate: a bucket of one second's worth, refilled as time passes.</summary>
public sealed class TokenBucket(double perSecond, TimeProvider clock)
{
    readonly double _perSecond = perSecond;
    readonly Lock _bucket = new();
    double _tokens = perSecond;
    long _filledAt = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_bucket)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(_perSecond, _tokens + clock.GetElapsedTime(_filledAt, now).TotalSeconds * _perSecond);
            _filledAt = now;
            if (_tokens < 1)
                return false;
            _tokens--;
            return true;
        }
    }
}

/// <summary>
/// Whether a message sent now carries its producer's sampled trace on (<see cref="TraceSampling.TracedMessagesPerSecond"/>);
/// always, when a share was asked for. One per process.
/// </summary>
public sealed class TraceContinuations(TraceSampling sampling, TimeProvider clock)
{
    readonly TokenBucket? _messages = sampling.TraceShare is null ? new TokenBucket(sampling.TracedMessagesPerSecond, clock) : null;

    public bool TryContinue() => _messages?.TryTake() ?? true;
}
