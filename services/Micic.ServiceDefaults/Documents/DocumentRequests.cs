using System.Threading.RateLimiting;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Micic.ServiceDefaults.Documents;

/// <summary>
/// How many documents (PDFs and workbooks) one organisation may ask for: <see cref="PrintingOptions.DocumentsPerMinute"/>
/// at each instance, a token bucket per organisation (the token's <c>org</c>), then 429 with Retry-After. Compiling a
/// report or printing a manifest costs seconds of a browser and of the database: one caller must not take them all.
/// </summary>
public static class DocumentRequests
{
    public const string Policy = "documents";

    /// <summary>Counts the endpoint's calls against the caller's organisation's documents.</summary>
    public static TBuilder LimitedPerOrganisation<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.RequireRateLimiting(Policy);

    internal static IHostApplicationBuilder AddDocumentRequestLimit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy<string, PerOrganisation>(Policy));
        return builder;
    }

    /// <summary>Public for its unit test: the partition of a call is its organisation's bucket.</summary>
    public sealed class PerOrganisation(IOptions<PrintingOptions> options) : IRateLimiterPolicy<string>
    {
        readonly int _perMinute = Math.Max(1, options.Value.DocumentsPerMinute);

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => TooManyRequests.Answer;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetTokenBucketLimiter(httpContext.User.FindFirst(MicicClaims.Organisation)?.Value ?? "", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = _perMinute, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMinutes(1) / _perMinute, QueueLimit = 0,
            });
    }
}
