using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Micic.Gateway.Proxy;

/// <summary>
/// The public API's 413 for bodies over the limit (1 MiB, 20 MiB for CSV import), as a problem response: refused up front when
/// the declared length is too large, and mapped from the proxy's error when a chunked body grows past the limit.
/// </summary>
public static class BodyLimitMiddleware
{
    public static IReverseProxyApplicationBuilder UseBodyLimit(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.Use(async (context, next) =>
        {
            var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize ?? Micic.ServiceDefaults.Extensions.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await TooLarge(context, limit);
                return;
            }

            await next();

            if (context.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                && !context.Response.HasStarted)
                await TooLarge(context, limit);
        });
        return proxy;
    }

    static Task TooLarge(HttpContext context, long limit)
    {
        context.Response.Clear();
        return Results.Problem(
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "The request body is too large.",
            detail: $"At most {limit / (1024 * 1024)} MiB is accepted here.").ExecuteAsync(context);
    }
}
