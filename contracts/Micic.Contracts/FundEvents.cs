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
