using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http;

namespace Micic.Persistence.Messaging;

/// <summary>
/// On whose behalf this unit of work acts (scoped): the caller of an HTTP request, from their token; or, while a message
/// is consumed, the actor its headers name (set by the inbox). The outbox writes it into every message it stores, so
/// the actor follows what a person caused from service to service. Null for the platform's own work.
/// </summary>
public sealed class ActorContext(IHttpContextAccessor http)
{
    bool _consuming;
    Actor? _sender;

    public Actor? Current =>
        _consuming ? _sender
        : http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? Actor.Of(user)
        : null;

    /// <summary>From now on this scope acts for whoever the consumed message was sent on behalf of (perhaps nobody).</summary>
    internal void Consuming(Actor? sender)
    {
        _consuming = true;
        _sender = sender;
    }
}
