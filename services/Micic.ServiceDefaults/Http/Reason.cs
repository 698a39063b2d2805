namespace Micic.ServiceDefaults.Http;

/// <summary>
/// The reason given for a change that affects people — an offer withdrawn, a group released or assigned by hand, a
/// request cancelled, an organisation cut off: required, because whoever reads the history later must know why, and
/// short enough to show in a list.
/// </summary>
public static class Reason
{
    public const int MaxLength = 500;

    /// <returns>The errors given (or new ones), with the <c>reason</c> field's when it is missing or too long.</returns>
    public static Dictionary<string, string[]> Check(string? reason, Dictionary<string, string[]>? errors = null)
    {
        errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(reason))
            errors["reason"] = ["Required: say why."];
        else if (reason.Length > MaxLength)
            errors["reason"] = [$"At most {MaxLength} characters."];
        return errors;
    }
}
