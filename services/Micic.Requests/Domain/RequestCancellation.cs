using Micic.Contracts;

namespace Micic.Requests.Domain;

/// <summary>The body of <c>POST /api/requests/{id}/cancel</c>.</summary>
public sealed record CancelEvacuationRequest(string? Reason);

/// <summary>
/// When a requester may withdraw a request: until the group has left. A cancelled request stays cancelled; matching
/// releases any seats it held.
/// </summary>
public static class RequestCancellation
{
    /// <summary>Why a request in this status cannot be cancelled, or null when it can.</summary>
    public static string? Refusal(string status) => status switch
    {
        RequestStatus.Cancelled => "The request is already cancelled.",
        RequestStatus.Departed or RequestStatus.InTransit or RequestStatus.Completed =>
            $"The group has already left (the request is {status}); it can no longer be cancelled.",
        _ => null,
    };
}
