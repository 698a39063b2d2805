using Micic.ServiceDefaults.Http;

namespace Micic.Matching.Domain;

/// <summary>The body of <c>POST /api/matching/{requestId}/assign</c>.</summary>
public sealed record AssignBody(Guid? OfferId, string? Reason);

/// <summary>The body of <c>POST /api/matching/{requestId}/release</c>.</summary>
public sealed record ReleaseBody(string? Reason);

/// <summary>Rules for a coordinator's decision: an offer when assigning, and always a reason, each problem named by its field.</summary>
public sealed class CoordinatorDecisionValidator
{
    public Dictionary<string, string[]> Validate(AssignBody assignment)
    {
        var errors = Reason.Check(assignment.Reason);
        if (assignment.OfferId is null)
            errors["offerId"] = ["Required."];
        return errors;
    }

    public Dictionary<string, string[]> Validate(ReleaseBody release) => Reason.Check(release.Reason);
}
