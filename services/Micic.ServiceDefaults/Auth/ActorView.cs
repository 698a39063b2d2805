namespace Micic.ServiceDefaults.Auth;

/// <summary>An actor as the API and stored histories show it: <c>user</c> or <c>client</c>, with its id and name.</summary>
public sealed record ActorView(string Kind, string Id, string Name)
{
    public static ActorView Of(Actor actor) => new(actor.Kind.WireName(), actor.Id, actor.Name);
}
