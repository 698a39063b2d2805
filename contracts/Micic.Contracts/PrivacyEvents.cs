namespace Micic.Contracts;

/// <summary>
/// A service showed, or erased, some people's personal data: who did it, why, and whose — ids and a count, never the
/// data itself. Every service that holds personal data records its own and announces it; the audit trail across
/// services is built from these.
/// </summary>
public record PersonalDataAccessed
{
    public required Guid AccessId { get; init; }
    /// <summary>Real time: the trail answers for what people did with data, when they did it.</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>The crisis time beside it, on a replay's or an exercise's crisis clock; absent on a live platform.</summary>
    public DateTimeOffset? CrisisAt { get; init; }
    /// <summary>The service that served or erased the data.</summary>
    public required string Service { get; init; }
    /// <summary>The organisation that read it (from its token), or the service that asked point to point, or retention.</summary>
    public required string OrganisationId { get; init; }
    /// <summary>
    /// Who read it within the organisation: <c>user</c> (a person) or <c>client</c> (a machine client, or the platform's
    /// own work). Absent from announcements made before actors were recorded: the organisation acted as a client then.
    /// </summary>
    public string? ActorKind { get; init; }
    /// <summary>The person's or the client's id.</summary>
    public string? ActorId { get; init; }
    /// <summary>The person's user name, or the client's name.</summary>
    public string? ActorName { get; init; }
    /// <summary>What it was read for: the view or export that showed it, or <c>erasure</c>.</summary>
    public required string Purpose { get; init; }
    public required IReadOnlyList<Guid> PersonIds { get; init; }
    public Guid? RequestId { get; init; }
    public Guid? ManifestId { get; init; }
    public string? SiteCode { get; init; }
}

/// <summary>
/// The retention period of a group whose journey ended (completed or cancelled) has passed, and Requests has erased
/// the people's personal data: every other service erases its copies. Ids only.
/// </summary>
public record PersonalDataErased
{
    public required Guid RequestId { get; init; }
    public required IReadOnlyList<Guid> PersonIds { get; init; }
    public required DateTimeOffset ErasedAt { get; init; }
}
