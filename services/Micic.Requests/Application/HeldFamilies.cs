using System.Security.Claims;
using Micic.Persistence.Crises;
using Micic.Persistence.Intake;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;

namespace Micic.Requests.Application;

/// <summary>Families registered by someone disabled since: held, then taken up as a request by a colleague, or discarded.</summary>
public sealed class HeldFamilies(HeldSubmissions held, RequestIntake intake, EvacuationRequestValidator validator, CrisisCatalogue crises)
{
    public Task<Guid> Hold(SubmitEvacuationRequest submission, Registrant registrant, FieldWorker sentBy, CancellationToken cancellationToken) =>
        held.Hold(submission, submission.People!.Count, null, registrant, sentBy, cancellationToken);

    /// <summary>The held family becomes a request, sent by the reviewer and registered by whom it was.</summary>
    public Task<ReviewOutcome> Accept(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        held.Accept<SubmitEvacuationRequest>(id, user, async (submission, family, reviewer) =>
        {
            if (validator.Validate(submission, await crises.Find(submission.CrisisId, cancellationToken)) is { Count: > 0 } errors)
                return ReviewOutcome.Invalid("request", errors);
            var request = (await intake.Submit([submission], family.OrganisationId, cancellationToken, new Registration(family.Registrant.Worker, reviewer)))[0];
            return new ReviewOutcome.Accepted(request.Id, request);
        }, cancellationToken);
}
