using System.Security.Cryptography;

namespace Micic.Persistence.Messaging;

/// <summary>Ids for the messages an envelope carries (<see cref="OutboxEnvelope"/>), where a consumer keeps each on its own.</summary>
public static class EnvelopeParts
{
    /// <summary>The same for the same envelope and place on every delivery, and unlike any other message's id.</summary>
    public static Guid IdOf(Guid envelopeId, int index)
    {
        Span<byte> key = stackalloc byte[20];
        envelopeId.TryWriteBytes(key);
        BitConverter.TryWriteBytes(key[16..], index);
        return new Guid(MD5.HashData(key));
    }
}
