namespace Micic.Gateway.Auth;

/// <summary>The body of <c>POST /api/auth/token</c>.</summary>
public sealed record TokenRequest(string? ClientId, string? ClientSecret);

/// <summary>Rules for the token shortcut's body, each problem named by its field.</summary>
public sealed class AuthValidator
{
    public Dictionary<string, string[]> Validate(TokenRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ClientId))
            errors["clientId"] = ["Required."];
        else if (request.ClientId.Length > 200)
            errors["clientId"] = ["At most 200 characters."];
        if (string.IsNullOrWhiteSpace(request.ClientSecret))
            errors["clientSecret"] = ["Required."];
        else if (request.ClientSecret.Length > 1000)
            errors["clientSecret"] = ["At most 1000 characters."];
        return errors;
    }
}
