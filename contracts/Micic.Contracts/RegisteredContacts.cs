namespace Micic.Contracts;

/// <summary>
/// Point-to-point request from Messaging to Requests for the consenting registered households of a country (in some of
/// its areas, if given), to send them check-ins in a declared crisis: a page of <see cref="Limit"/> at a time, after
/// the cursor <see cref="After"/>. Phones travel only in the answer (<see cref="RegisteredContacts"/>), never in an event.
/// </summary>
public record GetRegisteredContacts
{
    /// <summary>ISO 3166-1 alpha-3.</summary>
    public required string CountryOfResidence { get; init; }
    /// <summary>Place codes; none for the whole country.</summary>
    public IReadOnlyList<string>? Areas { get; init; }
    /// <summary>The <see cref="RegisteredContacts.Next"/> of the page before; none for the first page.</summary>
    public Guid? After { get; init; }
    public required int Limit { get; init; }
}

/// <summary>Requests' answer: one page of households, and the cursor of the next page when there is one.</summary>
public record RegisteredContacts
{
    public required string CountryOfResidence { get; init; }
    public required IReadOnlyList<RegisteredContact> Items { get; init; }
    public Guid? Next { get; init; }
}

public record RegisteredContact
{
    public required Guid RegistrationId { get; init; }
    /// <summary>E.164.</summary>
    public required string Phone { get; init; }
    /// <summary>The language the household asked for (BCP 47), if any.</summary>
    public string? Language { get; init; }
    /// <summary>ISO 3166-1 alpha-3: the household's language when it asked for none.</summary>
    public required string Nationality { get; init; }
}
