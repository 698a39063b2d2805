using System.Security.Cryptography;
using System.Text;
using Micic.Requests.Domain;
using Microsoft.Net.Http.Headers;

namespace Micic.Requests.Apis;

/// <summary>
/// The body of a CSV import, read once as it arrives: never held whole as text, decoded as strict UTF-8 (with or
/// without a byte order mark), and hashed on the way for <c>Idempotency-Key</c>.
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

    /// <summary>The file read by <paramref name="importer"/>, and the SHA-256 of the body's bytes (when the whole body was read).</summary>
    /// <exception cref="DecoderFallbackException">The body is not UTF-8.</exception>
    public static async Task<(ImportReading Reading, byte[] Fingerprint)> Read(
        HttpRequest request, EvacuationRequestImporter importer, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var body = new HashingStream(request.Body, sha256);
        using var text = new StreamReader(body, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        var reading = await importer.Read(text, cancellationToken);
        if (reading.Plan is not null)
            await body.CopyToAsync(Stream.Null, cancellationToken); // nothing is left; makes sure every byte was hashed
        return (reading, sha256.GetHashAndReset());
    }

    /// <summary>Passes reads through, adding every byte read to a hash.</summary>
    sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            hash.AppendData(buffer.Span[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the request body asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
