namespace Micic.Contracts;

/// <summary>
/// A crisis at alert level 3 or 4 asked its registered nationals "are you safe?": these households were asked (the
/// first time, or again after a day without an answer). Ids only: the consulate's view in Requests shows who was asked.
/// </summary>
public record CheckInsAsked
{
    public required string CrisisId { get; init; }
    public required IReadOnlyList<Guid> RegistrationIds { get; init; }
    /// <summary>1 the first time, 2 for the second try.</summary>
    public required int Attempt { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A registered household answered its check-in: 1 safe, 2 needs help (an alert for its consulate), 3 wants to leave
/// (Requests turns the registration into an evacuation request). A later answer replaces an earlier one.
/// </summary>
public record CheckInAnswered
{
    public required string CrisisId { get; init; }
    public required Guid RegistrationId { get; init; }
    /// <summary>ISO 3166-1 alpha-3: whose consulate is to act.</summary>
    public required string Nationality { get; init; }
    public required int Answer { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>No answer after the second try: the household goes on its consulate's list of people to call.</summary>
public record CheckInUnanswered
{
    public required string CrisisId { get; init; }
    public required Guid RegistrationId { get; init; }
    public required string Nationality { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A registration of nationals abroad was erased (on request, or once its household had left the country): the services
/// that asked it "are you safe?" erase its phone and what was written to and from it.
/// </summary>
public record RegistrationErased
{
    public required Guid RegistrationId { get; init; }
    public required IReadOnlyList<Guid> PersonIds { get; init; }
    public required DateTimeOffset ErasedAt { get; init; }
}

/// <summary>
/// A consulate took up a "need help" answer (it called the household): the dashboard's alert for it is closed, until the
/// household asks for help again. <see cref="AnsweredAt"/> is the time of the answer it took up. Ids only.
/// </summary>
public record CheckInAlertAcknowledged
{
    public required string CrisisId { get; init; }
    public required Guid RegistrationId { get; init; }
    public required string Nationality { get; init; }
    public required DateTimeOffset AnsweredAt { get; init; }
    /// <summary>The consulate (organisation id) that acknowledged it.</summary>
    public required string OrganisationId { get; init; }
    public required DateTimeOffset At { get; init; }
}
