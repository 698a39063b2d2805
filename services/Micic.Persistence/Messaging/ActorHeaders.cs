using MassTransit;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Auth;

namespace Micic.Persistence.Messaging;

/// <summary>
/// The actor a message is sent on behalf of, in its headers: the service that acts on it later, outside the request that
/// caused it, still knows who asked (for its audit and its history), without every contract carrying it.
/// </summary>
public static class ActorHeaders
{
    public const string Kind = "Micic-Actor-Kind";
    public const string Id = "Micic-Actor-Id";
    public const string Name = "Micic-Actor-Name";
    public const string Organisation = "Micic-Actor-Organisation";

    public static void Write(Actor actor, SendHeaders headers)
    {
        headers.Set(Kind, actor.Kind.WireName());
        headers.Set(Id, actor.Id);
        headers.Set(Name, actor.Name);
        headers.Set(Organisation, actor.OrganisationId);
    }

    /// <summary>The actor the headers name; null unless they name one whole (a message no person or client caused, or from before actors travelled).</summary>
    public static Actor? Read(Headers headers) =>
        WireNames<ActorKind>.TryParse(Text(headers, Kind), out var kind)
        && Text(headers, Id) is { } id && Text(headers, Name) is { } name && Text(headers, Organisation) is { } organisation
            ? new Actor(kind, id, name, organisation)
            : null;

    static string? Text(Headers headers, string key) => headers.Get<string>(key) is { Length: > 0 } text ? text : null;
}
