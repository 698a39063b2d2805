using Micic.ServiceDefaults.Hosting;

namespace Micic.Messaging.Application;

/// <summary>Wakes this instance's sender as soon as a message is committed to the queue, rather than at its next look.</summary>
public sealed class OutboundWakeup : Wakeup;
