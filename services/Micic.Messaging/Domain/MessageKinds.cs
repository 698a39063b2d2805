namespace Micic.Messaging.Domain;

/// <summary>Which way a message went, as the API names it.</summary>
public static class Direction
{
    public const string In = "in";
    public const string Out = "out";
}

/// <summary>What a message is, as the API names it.</summary>
public static class MessageKind
{
    public const string Notice = "notice";
    public const string Reply = "reply";
    public const string Feedback = "feedback";
    public const string Broadcast = "broadcast";
    public const string CheckIn = "check-in";
    /// <summary>The code that confirms a self-registration's phone.</summary>
    public const string RegistrationCode = "registration-code";
}

/// <summary>
/// Where a message stands, as the API names it: out, <c>queued → sent → delivered | failed</c>; in, <c>received</c>. A
/// notice waits as <see cref="Awaiting"/>, never listed, until Requests has said how to reach the group and the offer it
/// names is known here.
/// </summary>
public static class MessageStatus
{
    public const string Awaiting = "awaiting";
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Received = "received";

    public static readonly IReadOnlyList<string> Listed = [Queued, Sent, Delivered, Failed, Received];
}
