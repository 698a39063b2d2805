using Micic.Contracts;

namespace Micic.Requests.Domain;

/// <summary>Where the review of a possible duplicate stands.</summary>
public static class DuplicateStatus
{
    /// <summary>Flagged at intake, not reviewed yet.</summary>
    public const string Open = "open";
    /// <summary>One request kept the people, the other was cancelled.</summary>
    public const string Merged = "merged";
    /// <summary>Reviewed and found to be different people.</summary>
    public const string Dismissed = "dismissed";

    public static readonly IReadOnlyList<string> All = [Open, Merged, Dismissed];
}

/// <summary>The body of <c>POST /api/requests/duplicates/{id}/merge</c>.</summary>
public sealed record MergeDuplicates(Guid? KeepRequestId, string? Reason);

/// <summary>The body of <c>POST /api/requests/duplicates/{id}/dismiss</c>.</summary>
public sealed record DismissDuplicate(string? Reason);

/// <summary>A possible duplicate as its review sees it: the two requests, who looks alike, and where the review stands.</summary>
public sealed record PossibleDuplicate(Guid Id, Guid FirstRequestId, Guid SecondRequestId, string Status, IReadOnlyList<FlaggedPerson> People)
{
    public bool Concerns(Guid requestId) => requestId == FirstRequestId || requestId == SecondRequestId;

    public Guid OtherThan(Guid requestId) => requestId == FirstRequestId ? SecondRequestId : FirstRequestId;
}

/// <summary>
/// What a coordinator may decide about a possible duplicate. A merge keeps one request and cancels the other, so it is
/// refused where it would lose someone: when the request to cancel holds a person who does not look like anyone in the
/// request kept (a family registered with a grandmother at one desk and without her at the other keeps the fuller
/// request), or when its group has left already. A cancelled request cannot be the one kept.
/// </summary>
public static class DuplicateReview
{
    /// <summary>Why the review cannot change any more, or null while it is open.</summary>
    public static string? Closed(PossibleDuplicate duplicate) =>
        duplicate.Status == DuplicateStatus.Open ? null : $"This possible duplicate was {duplicate.Status} already.";

    /// <summary>Why keeping <paramref name="kept"/> and cancelling the other request is refused, or null when it may be done.</summary>
    /// <param name="kept">The request to keep: its reference and status.</param>
    /// <param name="cancelled">The other request: its reference, status and the ids of its people.</param>
    public static string? MergeRefusal(PossibleDuplicate duplicate, (string Reference, string Status) kept,
        (string Reference, string Status, IReadOnlyCollection<Guid> People) cancelled)
    {
        if (Closed(duplicate) is { } closed)
            return closed;
        if (kept.Status == RequestStatus.Cancelled)
            return $"Request {kept.Reference} is cancelled and cannot be the one kept.";
        if (cancelled.Status != RequestStatus.Cancelled && RequestCancellation.Refusal(cancelled.Status) is { } refusal)
            return $"Request {cancelled.Reference} cannot be cancelled: {refusal}";
        var alike = duplicate.People.Select(person => person.PersonId).ToHashSet();
        var unmatched = cancelled.People.Count(person => !alike.Contains(person));
        return unmatched == 0 ? null
            : $"Request {cancelled.Reference} holds {unmatched} {(unmatched == 1 ? "person" : "people")} who look like no one in request "
              + $"{kept.Reference}; cancelling it would leave them out. Keep {cancelled.Reference} instead if it holds the whole family, "
              + "or dismiss the flag and correct the requests.";
    }
}
