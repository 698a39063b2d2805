namespace Micic.Contracts;

/// <summary>A fund paid a cost: for the dashboard's funds panel and the after-action report's costs. Amounts are exact decimals.</summary>
public record FundCharged
{
    public required Guid FundId { get; init; }
    public required Guid ChargeId { get; init; }
    /// <summary>The claim it paid, when it paid one.</summary>
    public Guid? ClaimId { get; init; }
    public required decimal Amount { get; init; }
    /// <summary>ISO 4217.</summary>
    public required string Currency { get; init; }
    /// <summary>evacuation | reception | reintegration.</summary>
    public required string Purpose { get; init; }
    /// <summary>What the fund has left of what it received, after this charge.</summary>
    public required decimal Balance { get; init; }
    /// <summary>The movement's offer, when it paid a movement (see <see cref="MovementCharged"/>).</summary>
    public Guid? OfferId { get; init; }
    /// <summary>The amount in the reporting currency at the seeded rates of <see cref="RatesOf"/>; 0 in events from before it was carried.</summary>
    public decimal ReportingAmount { get; init; }
    public string ReportingCurrency { get; init; } = "";
    public DateOnly? RatesOf { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>An organisation (a consulate, a donor) pledged more to a fund.</summary>
public record FundPledged
{
    public required Guid FundId { get; init; }
    public required Guid PledgeId { get; init; }
    public required string OrganisationId { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A fund received money its donor pledged.</summary>
public record FundReceived
{
    public required Guid FundId { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>A coordinator approved a reimbursement claim, charging a fund. No names: the organisation and site only.</summary>
public record ClaimApproved
{
    public required Guid ClaimId { get; init; }
    public required Guid FundId { get; init; }
    public required string OrganisationId { get; init; }
    public string? SiteCode { get; init; }
    /// <summary>shelter | food | medical | transport | other.</summary>
    public required string Category { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required int People { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A coordinator rejected a reimbursement claim (the reason stays in Funds).</summary>
public record ClaimRejected
{
    public required Guid ClaimId { get; init; }
    public required string OrganisationId { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// Where a fund stands, after anything that moved it (opened, pledged, received, an offer funded or departed, a
/// charge): for the dashboard's funds panel. Money is exact, in the fund's currency.
/// </summary>
public record FundPositionChanged
{
    public required Guid FundId { get; init; }
    public required string Name { get; init; }
    public string? DonorOrganisationId { get; init; }
    public required string Currency { get; init; }
    public required decimal Pledged { get; init; }
    public required decimal Received { get; init; }
    /// <summary>What open offers funded by it will cost when they depart.</summary>
    public required decimal Committed { get; init; }
    public required decimal Spent { get; init; }
    public required decimal Balance { get; init; }
    /// <summary>Days the balance lasts at the last week's spending; null when it spent nothing that week.</summary>
    public decimal? DaysLeftAtRecentBurn { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>A fund's money lasts fewer days than coordinators are to be warned at: an alert on the dashboard.</summary>
public record FundRunningLow
{
    public required Guid FundId { get; init; }
    public required string Name { get; init; }
    public required string Currency { get; init; }
    public required decimal Balance { get; init; }
    public required decimal DaysLeft { get; init; }
    /// <summary>The threshold it fell under (configured days).</summary>
    public required int AlertDays { get; init; }
    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// A departed movement's cost, charged whole to the fund chosen for its offer: by seats used and unused, with the
/// cost shared among its passengers by nationality (counts and money, no people), and the same in the reporting
/// currency at the seeded rates of a stated date.
/// </summary>
public record MovementCharged
{
    public required Guid ChargeId { get; init; }
    public required Guid FundId { get; init; }
    public required Guid OfferId { get; init; }
    public required Guid ManifestId { get; init; }
    public required string CrisisId { get; init; }
    /// <summary>air | sea | land.</summary>
    public required string Mode { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required int SeatsUsed { get; init; }
    public required int SeatsUnused { get; init; }
    public required IReadOnlyList<CostShare> ByNationality { get; init; }
    public required decimal ReportingAmount { get; init; }
    public required string ReportingCurrency { get; init; }
    /// <summary>The day of the exchange rates used.</summary>
    public required DateOnly RatesOf { get; init; }
    public required DateTimeOffset DepartedAt { get; init; }
}

/// <summary>Part of a charge borne for the passengers of one nationality; shares add up exactly to the charge.</summary>
public record CostShare
{
    public required string Nationality { get; init; }
    public required int People { get; init; }
    public required decimal Amount { get; init; }
    public required decimal ReportingAmount { get; init; }
}

/// <summary>
/// A departed movement could not be charged (no fund chosen, or the fund cannot pay it whole): nothing was charged;
/// coordinators are alerted and charge it by choosing a fund that can.
/// </summary>
public record MovementChargeRefused
{
    public required Guid OfferId { get; init; }
    public required Guid ManifestId { get; init; }
    public Guid? FundId { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset At { get; init; }
}
