using System.Diagnostics;
using Micic.ServiceDefaults.Telemetry;
using OpenTelemetry.Trace;

namespace Micic.UnitTests.Telemetry;

public class TraceSamplingTests
{
    static readonly ActivityContext NoParent = default;

    static SamplingDecision Decide(Sampler sampler, ActivityContext parent = default, ActivityKind kind = ActivityKind.Server) =>
        sampler.ShouldSample(new SamplingParameters(parent, ActivityTraceId.CreateRandom(), "POST /api/requests", kind)).Decision;

    [Fact]
    public void A_message_that_comes_without_a_trace_starts_none()
    {
        var sampler = new TraceSampling().Sampler(new FixedClock(DateTimeOffset.UnixEpoch));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, kind: ActivityKind.Consumer));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, kind: ActivityKind.Producer));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, kind: ActivityKind.Internal)); // a saga's step in a batch
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler));
    }

    [Fact]
    public void A_quiet_process_keeps_every_trace_and_a_flood_is_cut_to_the_rate()
    {
        var clock = new FixedClock(DateTimeOffset.UnixEpoch);
        var sampler = new TraceSampling { TracesPerSecond = 10 }.Sampler(clock);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler)));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler));

        // A flood of 1,000 traces over ten seconds keeps about ten a second.
        var kept = 0;
        for (var i = 0; i < 1000; i++)
        {
            clock.Now += TimeSpan.FromMilliseconds(10);
            kept += Decide(sampler) == SamplingDecision.RecordAndSample ? 1 : 0;
        }
        Assert.InRange(kept, 95, 105);

        // After a quiet spell a burst is kept whole again, up to a second's worth.
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(10, Enumerable.Range(0, 20).Count(_ => Decide(sampler) == SamplingDecision.RecordAndSample));
    }

    [Fact]
    public void A_trace_started_elsewhere_is_followed_whatever_the_rate()
    {
        var sampler = new TraceSampling { TracesPerSecond = 0 }.Sampler(new FixedClock(DateTimeOffset.UnixEpoch));
        var sampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var notSampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);

        Assert.Equal(SamplingDecision.Drop, Decide(sampler, NoParent));
        Assert.Equal(SamplingDecision.RecordAndSample, Decide(sampler, sampled));
        Assert.Equal(SamplingDecision.Drop, Decide(sampler, notSampled));
    }

    [Theory]
    [InlineData(1.0, 1000)]
    [InlineData(0.0, 0)]
    public void A_share_asked_for_replaces_the_rate(double share, int expected)
    {
        var sampler = new TraceSampling { TraceShare = share, TracesPerSecond = 1 }.Sampler(new FixedClock(DateTimeOffset.UnixEpoch));
        Assert.Equal(expected, Enumerable.Range(0, 1000).Count(_ => Decide(sampler) == SamplingDecision.RecordAndSample));
    }

    [Fact]
    public void A_sampled_span_keeps_its_first_children_only_unless_a_share_was_asked_for()
    {
        var limited = new TraceSampling { SpansPerParent = 20 }.Sampler(new FixedClock(DateTimeOffset.UnixEpoch));
        var asked = new TraceSampling { TraceShare = 1, SpansPerParent = 20 }.Sampler(new FixedClock(DateTimeOffset.UnixEpoch));

        int Kept(Sampler sampler)
        {
            using var import = SampledSpan("POST /api/requests/import");
            return Enumerable.Range(0, 100).Count(_ => Decide(sampler, import.Context, ActivityKind.Producer) == SamplingDecision.RecordAndSample);
        }
        Assert.Equal(20, Kept(limited));
        Assert.Equal(20, Kept(limited)); // each span counts its own children
        Assert.Equal(100, Kept(asked));

        // A span given a parent other than the current one is decided as its parent was.
        using var current = SampledSpan("batch");
        var elsewhere = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        Assert.All(Enumerable.Range(0, 30), _ => Assert.Equal(SamplingDecision.RecordAndSample, Decide(limited, elsewhere, ActivityKind.Producer)));
    }

    static Activity SampledSpan(string name)
    {
        var span = new Activity(name).SetIdFormat(ActivityIdFormat.W3C);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return span.Start();
    }

    [Fact]
    public void Messages_carry_a_sampled_trace_on_up_to_a_rate_unless_a_share_was_asked_for()
    {
        var clock = new FixedClock(DateTimeOffset.UnixEpoch);
        var limited = new TraceContinuations(new TraceSampling { TracedMessagesPerSecond = 20 }, clock);
        var asked = new TraceContinuations(new TraceSampling { TraceShare = 1, TracedMessagesPerSecond = 20 }, clock);

        Assert.Equal(20, Enumerable.Range(0, 100).Count(_ => limited.TryContinue()));
        Assert.Equal(100, Enumerable.Range(0, 100).Count(_ => asked.TryContinue()));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(limited.TryContinue());
    }
}
