using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header and the fingerprint of the body it was used with; the keys themselves are
/// kept by the service, in the transaction of the creation (<c>IdempotencyKeys</c>).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string? KeyOf(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString() : null;

    public static byte[] Fingerprint(object request) => SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), Json));

    public static byte[] Fingerprint(ReadOnlySpan<byte> body) => SHA256.HashData(body);
}

public sealed class IdempotencyConflictException() : Exception("This Idempotency-Key was already used with a different request body.");
