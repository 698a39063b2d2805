namespace Micic.Contracts;

/// <summary>
/// Takes a matched group off its offer; it goes back to waiting, not on that offer again. A coordinator sends it by
/// hand (who, the message's headers say), Manifests when the movement left before the group could join it, Messaging
/// when the family gives the seat up by SMS. With <see cref="OfferId"/>, it applies only while the group is still on
/// that offer, so a release that raced a newer match changes nothing.
/// </summary>
public sealed record ReleaseFromOffer
{
    public required Guid RequestId { get; init; }
    public required string Reason { get; init; }
    public Guid? OfferId { get; init; }
}
