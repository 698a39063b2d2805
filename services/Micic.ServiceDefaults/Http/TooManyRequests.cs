using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace Micic.ServiceDefaults.Http;

/// <summary>The answer to a caller over a rate limit: a 429 problem, and when to try again if the limiter can tell.</summary>
public static class TooManyRequests
{
    public static async ValueTask Answer(OnRejectedContext context, CancellationToken cancellationToken)
    {
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            context.HttpContext.Response.Headers.RetryAfter = RetryAfter(retryAfter);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; slow down and retry.")
            .ExecuteAsync(context.HttpContext);
    }

    /// <summary>Whole seconds, rounded up, never 0 (a client would retry at once).</summary>
    public static string RetryAfter(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
