using System.Security.Cryptography;
using System.Text;
using Micic.Identity.Data;
using Micic.Identity.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Redis;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Micic.Identity.Application;

/// <summary>
/// Cutting tokens off: an organisation's (until its machine client's secret is rotated) or a person's (until enabled
/// again). The identity database keeps the record; Redis tells every gateway and service at once, and is put back from
/// the record whenever it has lost some (<see cref="RevocationRestorer"/>).
/// </summary>
public sealed class RevocationDesk(IdentityDb db, Revocations revocations, IConfiguration configuration, IHostEnvironment environment,
    IOptions<ProviderOptions> options, TimeProvider clock)
{
    public async Task<Revocation> RevokeOrganisation(Organisation organisation, string reason, Actor by, CancellationToken cancellationToken)
    {
        var revocation = new Revocation(organisation.Id, reason, clock.GetUtcNow(), by.OrganisationId, Fingerprint(organisation));
        await Keep(revocation, cancellationToken);
        return revocation;
    }

    /// <summary>Every token and session of this person issued until now is refused.</summary>
    public Task RevokePerson(StaffAccount account, string reason, Actor by, CancellationToken cancellationToken) =>
        Keep(new Revocation(account.OrganisationId, reason, clock.GetUtcNow(), by.Name, null, account.Id.ToString()), cancellationToken);

    /// <summary>Whether the organisation's machine client is cut off with the secret it has now.</summary>
    public bool Refuses(Organisation organisation) =>
        revocations.Of(organisation.Id) is { } revocation && revocation.SecretFingerprint == Fingerprint(organisation);

    public Revocation? Of(Organisation organisation) => revocations.Of(organisation.Id);

    /// <summary>
    /// Which credentials are in force, without keeping the secret: keyed with the provider's own encryption key, so the
    /// fingerprint cannot be used to guess it.
    /// </summary>
    public string Fingerprint(Organisation organisation) => Convert.ToHexStringLower(HMACSHA256.HashData(
        Convert.FromBase64String(options.Value.EncryptionKey),
        Encoding.UTF8.GetBytes(DeploymentSettings.SecretOf(configuration, organisation.ClientId, organisation.ClientSecret, environment.IsDevelopment()) ?? "")));

    /// <summary>The record first (a 2xx promises it), then every instance.</summary>
    async Task Keep(Revocation revocation, CancellationToken cancellationToken)
    {
        var record = await db.Revocations.FindAsync([revocation.Key], cancellationToken);
        if (record is null)
            db.Revocations.Add(record = new RevocationRecord { Key = revocation.Key });
        record.OrganisationId = revocation.OrganisationId;
        record.UserId = revocation.UserId;
        record.Reason = revocation.Reason;
        record.RevokedAt = revocation.RevokedAt;
        record.RevokedBy = revocation.RevokedBy;
        record.SecretFingerprint = revocation.SecretFingerprint;
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await revocations.Revoke(revocation);
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
            // Kept in the record: the restorer announces it as soon as Redis answers, and this instance enforces it already.
            revocations.Remember(revocation);
        }
    }

    public static Revocation ToRevocation(RevocationRecord record) =>
        new(record.OrganisationId, record.Reason, record.RevokedAt, record.RevokedBy, record.SecretFingerprint, record.UserId);

    public Task<List<RevocationRecord>> Records(CancellationToken cancellationToken) => db.Revocations.AsNoTracking().ToListAsync(cancellationToken);
}

/// <summary>
/// Puts back into Redis what the record holds and Redis does not (a flushed or rebuilt Redis), so that losing Redis never
/// brings a revoked token back; and makes this instance enforce the record even while Redis is away.
/// </summary>
public sealed class RevocationRestorer(IServiceScopeFactory scopes, Revocations revocations, ILogger<RevocationRestorer> logger)
    : ServiceDefaults.Hosting.PeriodicSweeper(logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected override async Task Sweep(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var records = await scope.ServiceProvider.GetRequiredService<RevocationDesk>().Records(cancellationToken);
        var all = records.Select(RevocationDesk.ToRevocation).ToList();
        foreach (var revocation in all)
            revocations.Remember(revocation);
        revocations.LoadedFromRecord();
        try
        {
            foreach (var revocation in all)
                if (!await revocations.IsShared(revocation))
                {
                    await revocations.Revoke(revocation);
                    logger.LogWarning("Revocation of {Key} was missing from Redis; put back from the record", revocation.Key);
                }
        }
        catch (Exception exception) when (SharedRedis.IsUnreachable(exception))
        {
            logger.LogDebug(exception, "Redis unreachable; {Count} revocations are put back when it answers", all.Count);
        }
    }
}
