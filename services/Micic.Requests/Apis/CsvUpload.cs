using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Micic.Requests.Apis;

/// <summary>
/// The body of a CSV import, read as it arrives: never held whole as text, decoded as strict UTF-8 (with or without a
/// byte order mark).
/// </summary>
static class CsvUpload
{
    /// <summary>The CSV import accepts up to 20 MiB; every other body is limited to 1 MiB.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file, read by <paramref name="read"/> (an importer's) as it arrives; or, instead, the refusal to answer with:
    /// 415 for a body that is not <c>text/csv</c> (with no charset or UTF-8), 400 for one that is not UTF-8.
    /// </summary>
    public static async Task<(T? Reading, ProblemHttpResult? Refusal)> Read<T>(HttpRequest request, Func<TextReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken) where T : class
    {
        if (!IsCsv(request.ContentType))
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type.",
                detail: "Send the file as text/csv, encoded as UTF-8."));
        try
        {
            using var text = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
            return (await read(text, cancellationToken), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["body"] = ["The file is not valid UTF-8 text."] })
            {
                Status = StatusCodes.Status400BadRequest, Title = "The file cannot be imported.",
            }));
        }
    }

    static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
        && (!type.Charset.HasValue || HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
