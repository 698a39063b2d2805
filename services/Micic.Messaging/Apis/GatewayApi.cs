using System.Globalization;
using System.Text;
using Micic.Messaging.Application;
using Micic.Messaging.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Micic.Messaging.Apis;

/// <summary>
/// What the SMS gateway calls: each message it receives (<c>POST /api/messages/inbound</c>) and each delivery report
/// (<c>/api/messages/delivery</c>, GET as Kannel sends it, or POST). Not a person's API: the gateway proves itself with
/// the shared secret, and fields come as it sends them — query, form, or the text as a <c>text/plain</c> body.
/// </summary>
public static class GatewayApi
{
    /// <summary>More than any SMS, however long: a body beyond it is no message.</summary>
    const int MaxBody = 16 * 1024;

    public static IEndpointRouteBuilder MapGatewayApi(this IEndpointRouteBuilder app)
    {
        var gateway = app.MapGroup("/api/messages").WithTags("SMS gateway").AllowAnonymous().DisableAntiforgery();
        gateway.MapPost("/inbound", Inbound);
        gateway.MapMethods("/delivery", [HttpMethods.Get, HttpMethods.Post], Delivery);
        return app;
    }

    /// <summary>Answered 202 once recorded (or recorded before); Kannel is configured to send no reply of its own from it.</summary>
    static async Task<Results<Accepted<InboundAnswer>, ValidationProblem, ProblemHttpResult>> Inbound(
        HttpContext http, GatewaySecret secret, InboundMessages inbound, CancellationToken cancellationToken)
    {
        if (Refused(http, secret) is { } refusal)
            return refusal;
        var (fields, problem) = await Fields(http.Request, cancellationToken);
        if (problem is { } unreadable)
            return unreadable;

        var errors = new Dictionary<string, string[]>();
        var from = Phones.E164(fields.GetValueOrDefault("from"));
        if (from is null)
            errors["from"] = ["Required: the sender's phone number, with its country code."];
        var text = fields.GetValueOrDefault("text")?.Trim();
        if (string.IsNullOrEmpty(text))
            errors["text"] = ["Required: an empty message says nothing."];
        else if (text.Length > Domain.Sms.MaxInboundLength)
            errors["text"] = [$"At most {Domain.Sms.MaxInboundLength} characters."];
        var id = fields.GetValueOrDefault("id");
        if (id is { Length: > 100 })
            errors["id"] = ["At most 100 characters."];
        // When it was sent, as Kannel writes it (%t: "2011-03-02 14:18") or in seconds since 1970 (%T); only ever shown.
        var ts = fields.GetValueOrDefault("ts");
        DateTimeOffset? sentAt = long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.TryParseExact(ts, ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var written) ? written : null;
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The message is not valid.");

        var outcome = await inbound.Receive(new InboundSms(from!, fields.GetValueOrDefault("to"), text!, string.IsNullOrEmpty(id) ? null : id, sentAt),
            cancellationToken);
        return outcome == InboundOutcome.TooMany
            ? TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many messages from this phone.",
                detail: "Bring them again in a minute: messages from other phones are taken meanwhile.")
            : TypedResults.Accepted((string?)null, new InboundAnswer(outcome == InboundOutcome.AlreadyTaken ? "already-received" : "received"));
    }

    static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Delivery(
        HttpContext http, GatewaySecret secret, DeliveryReports reports, CancellationToken cancellationToken)
    {
        if (Refused(http, secret) is { } refusal)
            return refusal;
        var (fields, problem) = await Fields(http.Request, cancellationToken);
        if (problem is { } unreadable)
            return unreadable;
        var errors = new Dictionary<string, string[]>();
        if (!Guid.TryParse(fields.GetValueOrDefault("id"), out var id))
            errors["id"] = ["Required: the id of the message the report is about."];
        if (!int.TryParse(fields.GetValueOrDefault("status"), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            || !DeliveryReport.Known.Contains(status))
            errors["status"] = [$"Must be one of Kannel's delivery report kinds: {string.Join(", ", DeliveryReport.Known)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The delivery report is not valid.");
        return await reports.Record(id, status, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.", detail: $"No message {id} was sent.");
    }

    static ProblemHttpResult? Refused(HttpContext http, GatewaySecret secret) =>
        secret.Matches(GatewaySecret.Presented(http.Request.Headers["X-Micic-Inbound-Secret"], http.Request.Headers.Authorization))
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not the SMS gateway.",
                detail: "Present the inbound secret (X-Micic-Inbound-Secret, or as the password of HTTP Basic credentials).");

    /// <summary>
    /// The fields as the gateway sent them: query, then form fields or a <c>text/plain</c> body as the text, decoded
    /// strictly in its charset (UTF-8 unless it says otherwise) — text that is not what it claims to be is refused, not
    /// guessed at.
    /// </summary>
    static async Task<(Dictionary<string, string> Fields, ProblemHttpResult? Problem)> Fields(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!IsUtf8Query(request.QueryString.Value))
            return (fields, NotUtf8());
        foreach (var (key, value) in request.Query)
            fields[key] = value.ToString();
        if (request.ContentLength is > MaxBody)
            return (fields, TooLarge());

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (key, value) in form)
                fields[key] = value.ToString();
        }
        else if (request.ContentType is { } contentType && !string.IsNullOrEmpty(contentType))
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
                return (fields, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                    detail: "Send the text as text/plain, or the fields as application/x-www-form-urlencoded."));
            var body = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBody)
                    return (fields, TooLarge());
                body.Write(buffer, 0, read);
            }
            if (body.Length > 0)
            {
                if (Strict(media.Charset.HasValue ? media.Charset.Value : null) is not { } encoding)
                    return (fields, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported charset.",
                        detail: "The text must be UTF-8, UTF-16BE or ISO-8859-1."));
                try
                {
                    fields["text"] = encoding.GetString(body.GetBuffer(), 0, (int)body.Length);
                }
                catch (DecoderFallbackException)
                {
                    return (fields, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The text is not valid.",
                        detail: $"The body is not valid {encoding.WebName}."));
                }
            }
        }
        // Form decoding puts U+FFFD where bytes were not UTF-8.
        if (fields.Values.Any(value => value.Contains('\uFFFD')))
            return (fields, NotUtf8());
        return (fields, null);
    }

    static ProblemHttpResult NotUtf8() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The message is not valid.", detail: "A field is not valid UTF-8.");

    /// <summary>
    /// Whether every percent-encoded value of the query is UTF-8: ASP.NET leaves a sequence that is not as it was written
    /// (<c>%C3%28</c>), which would be taken for the text itself.
    /// </summary>
    static bool IsUtf8Query(string? query)
    {
        if (string.IsNullOrEmpty(query))
            return true;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var part in query.TrimStart('?').Split('&', '='))
        {
            var bytes = new List<byte>(part.Length);
            for (var i = 0; i < part.Length; i++)
            {
                if (part[i] == '%' && i + 2 < part.Length
                    && byte.TryParse(part.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var escaped))
                {
                    bytes.Add(escaped);
                    i += 2;
                }
                else if (part[i] < 0x80)
                    bytes.Add((byte)part[i]);
                else
                    bytes.AddRange(Encoding.UTF8.GetBytes(part[i].ToString()));
            }
            try
            {
                strict.GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
        return true;
    }

    static Encoding? Strict(string? charset) => charset?.Trim('"').ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        "utf-16be" or "ucs-2" or "ucs2" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true),
        "iso-8859-1" or "latin1" => Encoding.Latin1,
        _ => null,
    };

    static ProblemHttpResult TooLarge() =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too large.", detail: $"A message is at most {MaxBody} bytes.");
}

/// <summary>What came of an inbound message: <c>received</c>, or <c>already-received</c> when the gateway brought it again.</summary>
public sealed record InboundAnswer(string Status);
