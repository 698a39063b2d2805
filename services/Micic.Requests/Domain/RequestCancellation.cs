using System.Security.Claims;
using Micic.Contracts;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Domain;

/// <summary>The body of <c>POST /api/requests/{id}/cancel</c>.</summary>
public sealed record CancelEvacuationRequest(string? Reason);

/// <summary>
/// When a requester may withdraw a request: until the group has left. A cancelled request stays cancelled; matching
/// releases any seats it held.
/// </summary>
public static class RequestCancellation
{
    /// <summary>
    /// Coordinators, and the organisation that asked, act on a request: they see all its people and may cancel it.
    /// </summary>
    public static bool MayActOn(this ClaimsPrincipal user, string requestedBy) =>
        user.IsCoordinator() || (user.IsInRole(Roles.Requester) && requestedBy == user.OrganisationId());

    /// <summary>Why a request in this status cannot be cancelled, or null when it can.</summary>
    public static string? Refusal(string status) => status switch
    {
        RequestStatus.Cancelled => "The request is already cancelled.",
        RequestStatus.Departed or RequestStatus.InTransit or RequestStatus.Completed =>
            $"The group has already left (the request is {status}); it can no longer be cancelled.",
        _ => null,
    };
}
