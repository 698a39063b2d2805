using Micic.Dashboard.Data;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        // Reading only: no endpoint changes or deletes the trail.
        app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Roles.Coordinator).MapGet("/", Find);
        return app;
    }

    /// <summary>
    /// Who has seen this person's (or anyone's) personal data, when and why, across services, oldest first: what a data
    /// protection officer, or the person themselves, asks. <c>actor</c> narrows it to what one person (or client) read.
    /// </summary>
    static async Task<Results<Ok<PagedList<AuditEntry>>, ValidationProblem>> Find(
        Guid? personId, string? organisationId, string? actor, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, AuditTrail trail,
        CancellationToken cancellationToken)
    {
        var (request, errors) = PageRequest.From(page, pageSize);
        if (!IsShortPrintable(organisationId))
            errors["organisationId"] = ["At most 100 printable characters."];
        if (!IsShortPrintable(actor))
            errors["actor"] = ["At most 100 printable characters."];
        if (from > to)
            errors["from"] = ["Must not be after 'to'."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = new AuditQuery(personId, string.IsNullOrEmpty(organisationId) ? null : organisationId, string.IsNullOrEmpty(actor) ? null : actor,
            from, to);
        var (items, total) = await trail.Find(query, request, cancellationToken);
        return TypedResults.Ok(new PagedList<AuditEntry>(items, request.Page, request.PageSize, total));
    }

    static bool IsShortPrintable(string? id) => id is null || id.Length <= 100 && !PrintableText.HasControlCharacters(id);
}
