using Micic.ServiceDefaults;

namespace Micic.Offers.Domain;

/// <summary>Where an offer is in its life. Its words on the wire are the contracts' offer statuses.</summary>
public enum OfferState { Open, Closed, Withdrawn, Departed }

/// <summary>A move an offer makes: from the states it may be in, to the one it reaches.</summary>
public sealed record OfferMove(IReadOnlyList<OfferState> From, OfferState To)
{
    public IReadOnlyList<string> FromNames => From.Select(state => state.WireName()).ToList();
}

/// <summary>
/// An offer's lifecycle: open (it takes holds; its seats and departure may change; it may be withdrawn) → closed for
/// boarding when its manifest closes → departed. A movement may depart without a formal close; nothing leaves
/// withdrawn or departed.
/// </summary>
public static class OfferLifecycle
{
    public static readonly OfferMove Closing = new([OfferState.Open], OfferState.Closed);
    public static readonly OfferMove Departure = new([OfferState.Open, OfferState.Closed], OfferState.Departed);
    public static readonly OfferMove Withdrawal = new([OfferState.Open], OfferState.Withdrawn);

    /// <summary>Holds, seat changes and withdrawals need an open offer.</summary>
    public static bool IsOpen(this OfferState state) => state == OfferState.Open;

    /// <summary>Why a hold was refused, from the offer's state afterwards (null: no such offer).</summary>
    public static string HoldRefusal(OfferState? state, DateTimeOffset departsAt, DateTimeOffset now) => state switch
    {
        null => "no such offer",
        { } closed when !closed.IsOpen() => $"offer {closed.WireName()}",
        _ when departsAt <= now => "offer departed",
        _ => "no capacity left",
    };
}
