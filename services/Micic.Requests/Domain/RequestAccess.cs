using System.Security.Claims;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Domain;

/// <summary>Who may see whom in a request, and act on it.</summary>
public static class RequestAccess
{
    /// <summary>
    /// Coordinators, and the organisation that asked, act on a request: they see all its people and may cancel it.
    /// </summary>
    public static bool MayActOn(this ClaimsPrincipal user, string requestedBy) =>
        user.IsCoordinator() || (user.IsInRole(Roles.Requester) && requestedBy == user.OrganisationId());

    /// <summary>
    /// Whether a person of a request is visible to the caller: to those who act on it, and to the consulate of the
    /// person's nationality where the group consented to sharing with consulates.
    /// </summary>
    public static bool MaySee(this ClaimsPrincipal user, string requestedBy, bool consentToShareWithConsulate, string nationality) =>
        user.MayActOn(requestedBy)
        || (user.IsInRole(Roles.Consulate) && consentToShareWithConsulate && user.Nationalities().Contains(nationality));

    /// <summary>
    /// Whether a line of a request's history is shown to the caller: a line about the whole group to whoever sees the
    /// request; a line about one person (<paramref name="aboutNationality"/>: theirs, if Micic still holds them) only to
    /// whoever may see that person — a consulate reads nothing of what became of another State's nationals in a family
    /// it partly sees.
    /// </summary>
    public static bool MaySeeLine(this ClaimsPrincipal user, string requestedBy, bool consentToShareWithConsulate, Guid? aboutPersonId,
        string? aboutNationality) =>
        aboutPersonId is null || user.MayActOn(requestedBy)
        || (aboutNationality is not null && user.MaySee(requestedBy, consentToShareWithConsulate, aboutNationality));
}
