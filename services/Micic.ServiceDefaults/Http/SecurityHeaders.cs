using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// What every answer of every host tells the browser, pages and API alike: load nothing from elsewhere and be framed by
/// no one (the pages keep their scripts and styles in files of their own), do not guess content types, send no
/// referrer — the pages call only their own origin, and paths name requests and manifests by id — and, over TLS, keep
/// to TLS. Added as the answer starts, where absent: an answer the gateway forwards already carries the service's, and
/// so carries each once.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
    public const string ReferrerPolicy = "no-referrer";

    /// <summary>A year; not <c>includeSubDomains</c>, as the gateway cannot speak for other hosts of its domain.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy);
            headers.TryAdd(HeaderNames.XContentTypeOptions, "nosniff");
            headers.TryAdd("Referrer-Policy", ReferrerPolicy);
            if (context.Request.IsHttps)
                headers.TryAdd(HeaderNames.StrictTransportSecurity, StrictTransportSecurity);
            return Task.CompletedTask;
        });
        return next(context);
    });
}
