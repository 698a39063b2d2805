using System.Text;
using Micic.Persistence.Crises;
using Micic.Requests.Domain;
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

    /// <summary><c>text/csv</c>, with no charset or UTF-8.</summary>
    public static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)
        && (!type.Charset.HasValue || HeaderUtilities.RemoveQuotes(type.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The file, read by <paramref name="importer"/> as it arrives.</summary>
    /// <exception cref="DecoderFallbackException">The body is not UTF-8.</exception>
    public static async Task<ImportReading> Read(HttpRequest request, EvacuationRequestImporter importer, CrisisCatalogue crises,
        CancellationToken cancellationToken)
    {
        var known = await crises.All(cancellationToken);
        using var text = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        return await importer.Read(text, known, cancellationToken);
    }
}
