namespace Micic.Contracts;

/// <summary>
/// Point-to-point request from Messaging to Requests for how groups may be reached by SMS, a batch of groups at a time.
/// Phones travel only in the answer (<see cref="MessageContactsOfGroups"/>), to the one service that asked, never in an event.
/// </summary>
public record GetMessageContacts
{
    public required IReadOnlyList<Guid> RequestIds { get; init; }
}

/// <summary>Requests' answer: each group's contact as it stands, and the groups it no longer has (erased or unknown).</summary>
public record MessageContactsOfGroups
{
    public required IReadOnlyList<MessageContact> Groups { get; init; }
    public required IReadOnlyList<Guid> NotFound { get; init; }
}

public record MessageContact
{
    public required Guid RequestId { get; init; }
    /// <summary>The reference the group quotes (e.g. <c>LBY-7KQ2-M9XD</c>).</summary>
    public required string Reference { get; init; }
    /// <summary>The organisation that registered the group, which may read its messages.</summary>
    public required string OrganisationId { get; init; }
    /// <summary>The group's people, whose contact a read of its messages shows (for the audit).</summary>
    public required IReadOnlyList<Guid> PersonIds { get; init; }
    /// <summary>E.164; absent when the group gave none or did not agree to messages.</summary>
    public string? Phone { get; init; }
    /// <summary>The language the group asked for (BCP 47), if any.</summary>
    public string? Language { get; init; }
    /// <summary>The nationality (ISO 3166-1 alpha-3) most of the group holds: its language when it asked for none.</summary>
    public required string MainNationality { get; init; }
    public required bool ConsentToMessages { get; init; }
}
