using System.Security.Cryptography;
using System.Text.Json;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micic.Persistence.Data;

/// <summary>
/// <c>Idempotency-Key</c> on a creation endpoint, written once: the same key with the same body answers what the first
/// call answered and creates nothing; the same key with another body is 409. The key is checked and remembered in the
/// endpoint's own unit of work, which joins the one begun here, so the creation and the key commit together or not at all.
/// </summary>
public static class IdempotencyKeyFilter
{
    /// <summary>A key is an id the client made up (a UUID, say), not a place to store text.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>For an endpoint whose JSON body binds to <typeparamref name="TBody"/>: the body is fingerprinted as bound.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey<TBody>(this RouteHandlerBuilder endpoint) where TBody : class =>
        endpoint.AddEndpointFilter((context, next) =>
            Around(context, next, _ => ValueTask.FromResult(Idempotency.Fingerprint(context.Arguments.OfType<TBody>().Single()))));

    /// <summary>For an endpoint that streams its body itself (a file upload): the body's bytes are fingerprinted first.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter((context, next) => Around(context, next, async http =>
        {
            http.Request.EnableBuffering();
            var fingerprint = await SHA256.HashDataAsync(http.Request.Body, http.RequestAborted);
            http.Request.Body.Position = 0;
            return fingerprint;
        }));

    static async ValueTask<object?> Around(EndpointFilterInvocationContext context, EndpointFilterDelegate next,
        Func<HttpContext, ValueTask<byte[]>> fingerprintOf)
    {
        var http = context.HttpContext;
        if (Idempotency.KeyOf(http.Request) is not { } key)
            return await next(context);
        if (key.Length > MaxKeyLength)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Idempotency.Header] = [$"At most {MaxKeyLength} characters."] },
                title: "The Idempotency-Key is not valid.");

        var cancellationToken = http.RequestAborted;
        var fingerprint = await fingerprintOf(http);
        var owner = http.User.OrganisationId();
        var session = http.RequestServices.GetRequiredService<DbSession>();
        await session.BeginAsync(cancellationToken);
        if (await IdempotencyKeys.Replay(session, owner, key, fingerprint, cancellationToken) is { } earlier)
            return earlier;

        var result = await next(context);
        if (Answer(result) is not { StatusCode: >= 200 and < 300 } answer || !session.InTransaction)
            return result; // refused, or failed: nothing is remembered, and the session rolls back what is left open
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await IdempotencyKeys.Remember(session, owner, key, fingerprint,
            new StoredResponse(answer.StatusCode.Value, LocationOf(answer), JsonSerializer.Serialize(((IValueHttpResult)answer).Value, json)),
            cancellationToken);
        await session.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The answer itself, out of the <c>Results&lt;…&gt;</c> union a handler returns.</summary>
    static IStatusCodeHttpResult? Answer(object? result) => result switch
    {
        INestedHttpResult nested => Answer(nested.Result),
        IStatusCodeHttpResult and IValueHttpResult answer => (IStatusCodeHttpResult)answer,
        _ => null,
    };

    // Created<T> and Accepted<T> both carry a Location, but share no interface that exposes it.
    static string? LocationOf(IStatusCodeHttpResult answer) => answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
}
