using Micic.Identity.Domain;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Micic.Identity.Data;

/// <summary>
/// Accounts (ASP.NET Core Identity), OpenIddict's clients, authorisations and tokens, the sign-in trail and the
/// revocations. The schema comes from the SQL migrations beside it, like every service's; this model only maps it.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : IdentityUserContext<StaffAccount, Guid>(options)
{
    public DbSet<SignInEvent> SignInEvents => Set<SignInEvent>();

    public DbSet<RevocationRecord> Revocations => Set<RevocationRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict<Guid>();

        builder.Entity<StaffAccount>(account =>
        {
            account.Property(a => a.OrganisationId).HasMaxLength(100);
            account.HasIndex(a => a.OrganisationId);
        });
        builder.Entity<SignInEvent>(trail =>
        {
            trail.HasKey(e => e.Id);
            trail.HasIndex(e => e.At);
            trail.HasIndex(e => new { e.UserName, e.At });
        });
        builder.Entity<RevocationRecord>(revocation =>
        {
            revocation.HasKey(r => r.Key);
        });
    }
}
