using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Identity.Domain;

/// <summary>What an account may hold and how its holder must sign in.</summary>
public static class AccountRules
{
    public const int MaxUserNameLength = 100;

    /// <summary>Roles that always need a second factor, whatever the organisation says: they see people's data across a crisis.</summary>
    static readonly string[] SecondFactorRoles = [Roles.Coordinator, Roles.Consulate];

    /// <summary>Whether a person with these roles in this organisation signs in with a second factor.</summary>
    public static bool RequiresSecondFactor(Organisation organisation, IEnumerable<string> roles) =>
        organisation.Mfa == "required" || roles.Any(SecondFactorRoles.Contains);

    /// <summary>Field errors for a set of roles given to a person of <paramref name="organisation"/>.</summary>
    public static Dictionary<string, string[]> CheckRoles(Organisation organisation, IReadOnlyList<string?>? roles)
    {
        var errors = new Dictionary<string, string[]>();
        if (roles is null || roles.Count == 0)
            errors["roles"] = ["At least one role is required."];
        else if (roles.Where(role => role is null || !organisation.Roles.Contains(role)).ToList() is [var wrong, ..])
            errors["roles"] = [$"'{Shown(wrong)}' is not a role of {organisation.Name} (it holds {string.Join(", ", organisation.Roles)})."];
        else if (roles.Distinct().Count() != roles.Count)
            errors["roles"] = ["A role is named twice."];
        return errors;
    }

    /// <summary>Field errors for a new user name: letters, digits and . _ - @, unique case-insensitively (checked by the store).</summary>
    public static Dictionary<string, string[]> CheckUserName(string? userName)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(userName))
            errors["userName"] = ["Required."];
        else if (userName.Length > MaxUserNameLength)
            errors["userName"] = [$"At most {MaxUserNameLength} characters."];
        else if (!userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            errors["userName"] = ["Letters, digits and . _ - @ only."];
        return errors;
    }

    static string Shown(string? value) => value is null ? "null" : value.Length > 100 ? value[..100] + "…" : value;

    /// <summary>The roles a machine client's token carries: the organisation's, but never <c>admin</c> (people only manage people).</summary>
    public static IReadOnlyList<string> MachineRoles(Organisation organisation) =>
        organisation.Roles.Where(role => role != Roles.Admin).ToList();
}
