using System.Security.Cryptography;
using Micic.Persistence.Data;

namespace Micic.Requests.Data;

/// <summary>The intake devices' organisation keys.</summary>
public sealed class IntakeKeyStore(DbSession session)
{
    /// <summary>The organisation's key for wrapping device keys: made on first use, the same for ever after.</summary>
    public async Task<byte[]> OrganisationKey(string organisationId, CancellationToken cancellationToken)
    {
        await using var command = await session.Command("""
            INSERT INTO intake_organisation_key (organisation_id, key) VALUES (@organisation, @key) ON CONFLICT (organisation_id) DO NOTHING;
            SELECT key FROM intake_organisation_key WHERE organisation_id = @organisation;
            """, cancellationToken);
        command.Parameters.AddWithValue("organisation", organisationId);
        command.Parameters.AddWithValue("key", RandomNumberGenerator.GetBytes(32));
        return (byte[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
