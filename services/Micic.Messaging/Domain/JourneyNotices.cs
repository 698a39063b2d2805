using Micic.Contracts;

namespace Micic.Messaging.Domain;

/// <summary>Where a group's journey stood when Messaging last heard of it.</summary>
public sealed record JourneyState(string Status, int Sequence, Guid? OfferId);

/// <summary>Which change of a group's journey its family is told of, and which is too small to send an SMS about.</summary>
public static class JourneyNotices
{
    /// <summary>The notice a change calls for, given where the group stood before (null: never heard of it).</summary>
    public static Template? For(JourneyState? before, EvacuationStatusChanged change)
    {
        if (before is not null && change.Sequence <= before.Sequence)
            return null; // older than what is known
        var wasOnAnOffer = before?.Status is RequestStatus.Matched or RequestStatus.Manifested;
        return change.Status switch
        {
            RequestStatus.Matched when change.OfferId is not null && (!wasOnAnOffer || before!.OfferId != change.OfferId) => Template.Matched,
            RequestStatus.Pending when wasOnAnOffer => Template.Released,
            RequestStatus.Departed when before?.Status is not (RequestStatus.Departed or RequestStatus.InTransit) => Template.Departed,
            RequestStatus.Completed when before?.Status is not RequestStatus.Completed => Template.Arrived,
            _ => null,
        };
    }

    /// <summary>The key that makes a notice once only, however often its event comes.</summary>
    public static string Key(Template template, long version) => $"{template}:{version}";
}
