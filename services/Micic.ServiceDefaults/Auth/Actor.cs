using System.Security.Claims;

namespace Micic.ServiceDefaults.Auth;

/// <summary>Who acts: a person signed in as themselves, or an organisation's machine client.</summary>
public enum ActorKind
{
    User,
    Client,
}

/// <summary>
/// The actor behind a call or a message, written in every audit row beside the organisation: a consulate's read is
/// traced to the officer who made it, not only to the consulate.
/// </summary>
public sealed record Actor(ActorKind Kind, string Id, string Name, string OrganisationId)
{
    /// <summary>
    /// The actor a validated token names. A machine client's token has itself as subject (or, issued before people
    /// signed in as themselves, no client at all); any other subject is a person.
    /// </summary>
    public static Actor Of(ClaimsPrincipal user)
    {
        var organisation = user.OrganisationId();
        var subject = user.FindFirstValue(MicicClaims.Subject) ?? organisation;
        var client = user.FindFirstValue(MicicClaims.ClientId);
        var kind = client is null || client == subject ? ActorKind.Client : ActorKind.User;
        var name = user.FindFirstValue(MicicClaims.Name) ?? user.FindFirstValue(MicicClaims.OrganisationName) ?? subject;
        return new Actor(kind, subject, name, organisation);
    }

    /// <summary>The platform itself acting on its own schedule (retention, say), named after what it does.</summary>
    public static Actor Platform(string name) => new(ActorKind.Client, name, name, name);
}
