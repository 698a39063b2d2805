using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Micic.ServiceDefaults.Documents;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// Turns what the framework rejects before an endpoint runs — malformed JSON, a wrong type, a wrong content type, a body
/// over the limit, a form value with a NUL — and a reused Idempotency-Key into an RFC 9457 problem with the status it deserves (never a 500) and,
/// for JSON, the offending field. A document that cannot be printed on this host, or not now (every printer busy, with
/// Retry-After), is a 503, not a 500.
/// </summary>
public sealed class ClientErrorExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>The assembly whose form reader refuses what it cannot decode (a NUL in a value) when a form is first read.</summary>
    const string FormReader = "Microsoft.AspNetCore.WebUtilities";

    /// <summary>How minimal APIs refuse a request without the body an endpoint requires; their own sentence speaks to developers.</summary>
    const string NoBody = "but no body was provided";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is IdempotencyConflictException conflict)
            return await Write(httpContext, exception, new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Idempotency-Key reused",
                Detail = conflict.Message,
            });
        if (exception is PrinterBusy busy)
        {
            httpContext.Response.Headers.RetryAfter = TooManyRequests.RetryAfter(busy.RetryAfter);
            return await Write(httpContext, exception, new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Every printer is busy.",
                Detail = busy.Message,
            });
        }
        if (exception is PrintingUnavailable unavailable)
            return await Write(httpContext, exception, new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "PDF printing is not available on this host.",
                Detail = unavailable.Message,
            });
        if (exception is InvalidDataException { Source: FormReader } unreadableForm)
            return await Write(httpContext, exception, new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The form is not valid.",
                Detail = unreadableForm.Message,
            });
        if (exception is not BadHttpRequestException badRequest)
            return false;

        var status = badRequest.StatusCode;
        ProblemDetails problem = badRequest.Message.Contains(NoBody, StringComparison.Ordinal)
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = ["Required: send a JSON body."] })
            {
                Title = "The request has no body.",
            }
            : FindJsonException(badRequest) is { } json
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [FieldName(json.Path)] = [json.Message.Split(" Path:")[0]],
            })
            {
                Title = "The request body is not valid JSON for this operation.",
            }
            : new ProblemDetails
            {
                Title = status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported content type.",
                    _ => "The request is not valid.",
                },
                Detail = badRequest.Message,
            };
        problem.Status = status;
        return await Write(httpContext, exception, problem);
    }

    async ValueTask<bool> Write(HttpContext httpContext, Exception exception, ProblemDetails problem)
    {
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    static JsonException? FindJsonException(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is JsonException json)
                return json;
        return null;
    }

    /// <summary><c>$.people[0].age</c> → <c>people[0].age</c>; the root is <c>body</c>.</summary>
    static string FieldName(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
