namespace Micic.Messaging.Domain;

/// <summary>How a text travels as SMS: the GSM 7-bit alphabet when it can, UCS-2 (Kannel's <c>coding=2</c>) otherwise.</summary>
public static class Sms
{
    const string Gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const string Gsm7Extension = "^{}\\[~]|€\f";

    public static bool IsGsm7(string text) => text.All(c => Gsm7.Contains(c) || Gsm7Extension.Contains(c));

    /// <summary>Kannel's <c>coding</c>: 0 for the GSM alphabet, 2 for UCS-2.</summary>
    public static int Coding(string text) => IsGsm7(text) ? 0 : 2;

    /// <summary>The most characters Micic takes in one inbound message: more than any phone sends as one.</summary>
    public const int MaxInboundLength = 1600;
}

/// <summary>What a delivery report says, from Kannel's <c>%d</c>.</summary>
public static class DeliveryReport
{
    /// <summary>The status a report moves a message to, or null when it changes nothing (still on its way).</summary>
    public static string? StatusOf(int report) => report switch
    {
        1 => MessageStatus.Delivered,       // delivered to the phone
        2 or 16 => MessageStatus.Failed,    // not delivered to the phone / refused by the operator
        4 or 8 => MessageStatus.Sent,       // queued at, or accepted by, the operator
        _ => null,
    };

    public static readonly IReadOnlyList<int> Known = [1, 2, 4, 8, 16];
}

/// <summary>When to try again a message the SMS gateway did not take: soon, then less and less often.</summary>
public static class Retry
{
    public static TimeSpan After(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 10))));
}
