using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Micic.ServiceDefaults.Telemetry;

/// <summary>
/// The figures operators watch beside the framework's own: people submitted, time from submission to match, the
/// outbox's delay, duplicates the inbox absorbed and messages waiting in dead-letter queues.
/// </summary>
public static class MicicTelemetry
{
    public const string MeterName = "Micic";
    public const string ActivitySourceName = "Micic";

    static readonly Meter Meter = new(MeterName);

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static readonly Counter<long> PeopleSubmitted =
        Meter.CreateCounter<long>("micic.requests.people_submitted", "{person}", "People in evacuation requests accepted.");

    public static readonly Histogram<double> TimeToMatch =
        Meter.CreateHistogram<double>("micic.matching.time_to_match", "s", "From a request's submission to seats held for it.");

    public static readonly Histogram<double> OutboxDelay =
        Meter.CreateHistogram<double>("micic.outbox.delay", "s", "From a message's commit (or its due time) to the broker's confirm.");

    public static readonly Counter<long> InboxDuplicates =
        Meter.CreateCounter<long>("micic.inbox.duplicates", "{message}", "Redelivered messages the inbox recognised and did not apply again.");

    static Func<IEnumerable<Measurement<long>>> _deadLetters = () => [];

    static MicicTelemetry() =>
        Meter.CreateObservableGauge("micic.messages.dead_letters", () => _deadLetters(), "{message}",
            "Messages that failed every retry and wait in an _error queue.");

    /// <summary>Where the dead-letter gauge reads its figures (the service's own queues, counted periodically).</summary>
    public static void ObserveDeadLetters(Func<IEnumerable<Measurement<long>>> observe) => _deadLetters = observe;
}
