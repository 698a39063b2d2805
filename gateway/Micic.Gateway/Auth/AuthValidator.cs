using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Gateway.Auth;

/// <summary>The body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? ClientId, string? ClientSecret);

/// <summary>The body of <c>POST /api/auth/revocations</c>.</summary>
public sealed record RevokeOrganisation(string? OrganisationId, string? Reason);

/// <summary>Rules for signing in and for cutting an organisation off, each problem named by its field.</summary>
public sealed class AuthValidator(SeedData seeds)
{
    public Dictionary<string, string[]> Validate(TokenRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ClientId))
            errors["clientId"] = ["Required."];
        if (string.IsNullOrWhiteSpace(request.ClientSecret))
            errors["clientSecret"] = ["Required."];
        return errors;
    }

    public Dictionary<string, string[]> Validate(RevokeOrganisation revocation)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(revocation.OrganisationId))
            errors["organisationId"] = ["Required."];
        else if (seeds.Organisations.All(organisation => organisation.Id != revocation.OrganisationId))
            errors["organisationId"] = [$"No organisation '{revocation.OrganisationId}'."];
        return Reason.Check(revocation.Reason, errors);
    }
}
