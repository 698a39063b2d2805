using Micic.Contracts;

namespace Micic.Persistence.Messaging;

/// <summary>
/// Where each command, or answer to one asker, is handled: the queue of the one service that takes it. The handling service names its endpoint
/// from here and senders address it from here, so the two cannot drift apart. Commands go to the exchange each queue is
/// bound to, as events do: a sender never declares the queue, whose kind (classic, or quorum on a cluster) is the
/// receiver's to choose.
/// </summary>
public static class CommandQueues
{
    static readonly Dictionary<Type, string> Queues = new()
    {
        [typeof(HoldSeats)] = "offers-hold-seats",
        [typeof(HoldSeatsForGroups)] = "offers-hold-seats",
        [typeof(ReleaseSeats)] = "offers-release-seats",
        [typeof(OnwardJourneyRequested)] = "requests-onward-journey",
        [typeof(GetPassengerDetails)] = "requests-passenger-details",
        [typeof(PassengerDetailsOfGroups)] = "manifests-passenger-details",
        [typeof(GetMessageContacts)] = "requests-message-contacts",
        [typeof(MessageContactsOfGroups)] = "messages-message-contacts",
        [typeof(GetRegisteredContacts)] = "requests-registered-contacts",
        [typeof(RegisteredContacts)] = "messages-registered-contacts",
        [typeof(GetSelfRegistrationCode)] = "requests-self-registration-code",
    };

    /// <summary>The name of the queue that takes <typeparamref name="TCommand"/>.</summary>
    public static string Of<TCommand>() where TCommand : class =>
        Queues.TryGetValue(typeof(TCommand), out var queue) ? queue : throw new InvalidOperationException($"No service takes {typeof(TCommand).Name} as a command.");

    /// <summary>Where to send <typeparamref name="TCommand"/>.</summary>
    public static Uri AddressOf<TCommand>() where TCommand : class => new($"exchange:{Of<TCommand>()}");
}
