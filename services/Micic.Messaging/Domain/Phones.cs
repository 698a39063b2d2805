using System.Text.RegularExpressions;

namespace Micic.Messaging.Domain;

/// <summary>Phone numbers as Micic keeps them (E.164) and shows them to those who need only to tell them apart.</summary>
public static partial class Phones
{
    /// <summary>
    /// The number as E.164, from what a gateway or a person wrote (<c>+218 91…</c>, <c>00218…</c>, or digits with the
    /// country code and no <c>+</c>, as an operator gives a sender); null when it cannot be one.
    /// </summary>
    public static string? E164(string? written)
    {
        if (string.IsNullOrWhiteSpace(written) || written.Length > 32)
            return null;
        var number = Formatting().Replace(written.Trim(), "");
        if (number.StartsWith("00", StringComparison.Ordinal))
            number = "+" + number[2..];
        else if (!number.StartsWith('+'))
            number = "+" + number;
        return E164Pattern().IsMatch(number) ? number : null;
    }

    /// <summary>All but the last three digits hidden: enough to tell two family members' phones apart, not to call them.</summary>
    public static string Masked(string phone) =>
        phone.Length <= 3 ? new string('•', phone.Length) : new string('•', phone.Length - 3) + phone[^3..];

    [GeneratedRegex(@"[ ()\-.]")]
    private static partial Regex Formatting();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164Pattern();
}
