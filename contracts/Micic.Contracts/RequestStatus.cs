namespace Micic.Contracts;

/// <summary>The lifecycle of an evacuation request as the public API names it.</summary>
public static class RequestStatus
{
    public const string Submitted = "submitted";
    public const string Pending = "pending";
    public const string Matched = "matched";
    public const string Manifested = "manifested";
    public const string Departed = "departed";
    public const string InTransit = "in-transit";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All =
        [Submitted, Pending, Matched, Manifested, Departed, InTransit, Completed, Cancelled];
}
