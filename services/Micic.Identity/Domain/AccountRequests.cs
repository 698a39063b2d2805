using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Identity.Domain;

/// <summary>The body of <c>POST /api/auth/revocations</c>.</summary>
public sealed record RevokeOrganisation(string? OrganisationId, string? Reason);

/// <summary>The body of <c>POST /api/accounts</c>.</summary>
public sealed record InviteAccount(string? UserName, IReadOnlyList<string?>? Roles, string? OrganisationId = null);

/// <summary>The body of <c>PATCH /api/accounts/{id}</c>.</summary>
public sealed record ChangeAccount(IReadOnlyList<string?>? Roles);

/// <summary>The body of <c>POST /api/accounts/{id}/disable</c> and <c>…/enable</c>.</summary>
public sealed record AccountReason(string? Reason);

/// <summary>Rules for the bodies of the accounts and revocations APIs, each problem named by its field.</summary>
public sealed class AccountValidator(SeedData seeds)
{
    public Dictionary<string, string[]> Validate(RevokeOrganisation revocation)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(revocation.OrganisationId))
            errors["organisationId"] = ["Required."];
        else if (seeds.Organisations.All(organisation => organisation.Id != revocation.OrganisationId))
            errors["organisationId"] = [$"No organisation '{Shown(revocation.OrganisationId)}'."];
        return Reason.Check(revocation.Reason, errors);
    }

    /// <summary>A new account of <paramref name="organisation"/>: a user name and some of the organisation's roles.</summary>
    public Dictionary<string, string[]> Validate(InviteAccount invitation, Organisation organisation)
    {
        var errors = AccountRules.CheckUserName(invitation.UserName);
        foreach (var (field, messages) in AccountRules.CheckRoles(organisation, invitation.Roles))
            errors[field] = messages;
        return errors;
    }

    public static Dictionary<string, string[]> Validate(ChangeAccount change, Organisation organisation) => AccountRules.CheckRoles(organisation, change.Roles);

    /// <summary>The organisation named in a body or query, when there is one: unknown ids are field errors, not 404s.</summary>
    public Organisation? Organisation(string? id) => seeds.Organisations.FirstOrDefault(organisation => organisation.Id == id);

    static string Shown(string value) => value.Length > 100 ? value[..100] + "…" : value;
}
