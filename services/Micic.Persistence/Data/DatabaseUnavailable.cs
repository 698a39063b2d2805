using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Micic.Persistence.Data;

/// <summary>
/// A request that could not reach the database — PostgreSQL restarting after a crash, a connection it cut — is a 503 with
/// Retry-After, not a 500: the client sends the same request again a moment later, with the same Idempotency-Key, which
/// answers as the first time if the connection was lost after its commit (the only case in which anything was stored).
/// </summary>
public sealed class DatabaseUnavailable(IProblemDetailsService problems) : IExceptionHandler
{
    static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseFailures.Unreachable(exception))
            return false;
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = TooManyRequests.RetryAfter(RetryAfter);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The service's database cannot be reached just now.",
                Detail = "Send the same request again shortly, with the same Idempotency-Key: if it was stored after all, you get the answer it had.",
            },
        });
    }
}
