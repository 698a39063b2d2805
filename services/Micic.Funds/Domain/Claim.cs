using Micic.ServiceDefaults.ReferenceData;
namespace Micic.Funds.Domain;

/// <summary>What a reimbursement claim is for.</summary>
public enum ClaimCategory { Shelter, Food, Medical, Transport, Other }

/// <summary><c>pending</c> until a coordinator approves it (charging a fund) or rejects it with a reason; either is final.</summary>
public enum ClaimStatus { Pending, Approved, Rejected }

/// <summary>
/// A transit authority's or partner's claim for what it spent on migrants: reception costs, paid by a fund whose purposes
/// allow reception.
/// </summary>
public sealed record ReimbursementClaim(Guid Id, string OrganisationId, string? SiteCode, ClaimCategory Category, Money Amount, int People, DateOnly From,
    DateOnly To, string? Note, ClaimStatus Status, DateTimeOffset SubmittedAt, Guid? FundId, string? Reason, DateTimeOffset? DecidedAt)
{
    /// <summary>What a fund is asked to pay on its approval.</summary>
    public Cost Cost => new(Amount, Purpose.Reception, From, To);

    /// <returns>Why the claim cannot be decided (again), or null while it is pending.</returns>
    public ChargeRefusal? RefuseDecision() => Status switch
    {
        ClaimStatus.Pending => null,
        ClaimStatus.Approved => new("Already approved.", $"Claim {Id} was approved already, charging fund {FundId}."),
        _ => new("Already rejected.", $"Claim {Id} was rejected already."),
    };
}
