using System.Diagnostics;
using Micic.ServiceDefaults.Settings;
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
    public const string Section = "Telemetry";

    public static IEnumerable<string?> Check(TraceSampling sampling) =>
    [
        sampling.TraceShare is { } share ? SettingRules.Between($"{Section}:TraceShare", share, 0, 1) : null,
        SettingRules.AtLeast($"{Section}:TracesPerSecond", sampling.TracesPerSecond, 0),
        SettingRules.AtLeast($"{Section}:TracedMessagesPerSecond", sampling.TracedMessagesPerSecond, 0),
        SettingRules.AtLeast($"{Section}:SpansPerParent", sampling.SpansPerParent, 1),
    ];

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

    /// <summary>
    /// Most spans recorded directly under one span when no share is set: a unit of work that publishes a thousand
    /// messages, or a batch that steps a thousand sagas, shows its first few and stays a trace one can read (and the
    /// dashboard can take in). What is not recorded hangs under the span above it and is cut there too.
    /// </summary>
    public int SpansPerParent { get; set; } = 20;

    public Sampler Sampler(TimeProvider clock) => TraceShare is { } share
        ? new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(share, 0, 1)))
        : new ParentBasedSampler(new RateLimitedSampler(TracesPerSecond, clock),
            remoteParentSampled: null, remoteParentNotSampled: null, localParentSampled: new SpansPerParentSampler(SpansPerParent),
            localParentNotSampled: null);
}

/// <summary>
/// Records a span whose parent in this process is sampled, up to <c>limit</c> children of that parent. The count lives
/// on the parent activity itself, so it goes when the parent does.
/// </summary>
public sealed class SpansPerParentSampler(int limit) : Sampler
{
    const string Children = "micic.children";

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        // A span started inside another (the usual case) has the current activity as its parent; one given an explicit
        // local parent is recorded as the parent was.
        if (Activity.Current is not { } parent || parent.SpanId != samplingParameters.ParentContext.SpanId)
            return new SamplingResult(SamplingDecision.RecordAndSample);
        int children;
        lock (parent) // children may start at once (messages published together)
        {
            children = (parent.GetCustomProperty(Children) as int? ?? 0) + 1;
            parent.SetCustomProperty(Children, children);
        }
        return new SamplingResult(children <= limit ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
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
