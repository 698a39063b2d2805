using System.Security.Claims;
using Micic.Dashboard.Application;
using Micic.Dashboard.Domain;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        // Coordinators see the whole operation; a consulate gets the same report for its own nationals.
        var reports = app.MapGroup("/api/reports").WithTags("Monitoring & evaluation")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Coordinator, Roles.Consulate));
        reports.MapGet("/after-action", Report);
        reports.MapGet("/after-action.xlsx", ExportWorkbook).LimitedPerOrganisation();
        reports.MapGet("/after-action.pdf", Print).LimitedPerOrganisation();
        return app;
    }

    static async Task<Results<Ok<AfterActionReport>, ValidationProblem, ProblemHttpResult>> Report(
        string? crisisId, ClaimsPrincipal user, AfterActionReporting reporting, CancellationToken cancellationToken)
    {
        if (Invalid(crisisId) is { } invalid)
            return invalid;
        return await reporting.Report(crisisId!, user, cancellationToken) is { } report ? TypedResults.Ok(report) : UnknownCrisis(crisisId!);
    }

    /// <summary>A sheet per breakdown, numbers and times as such, for those who chart and pivot the figures themselves.</summary>
    static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportWorkbook(
        string? crisisId, ClaimsPrincipal user, AfterActionReporting reporting, ExerciseMode exercise, CancellationToken cancellationToken)
    {
        if (Invalid(crisisId) is { } invalid)
            return invalid;
        return await reporting.Report(crisisId!, user, cancellationToken) is { } report
            ? TypedResults.File(ReportDocuments.Workbook(report, exercise), Workbook.ContentType, FileName(report, "xlsx"))
            : UnknownCrisis(crisisId!);
    }

    /// <summary>The report on A4 with its charts, for a briefing or a donor.</summary>
    static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> Print(
        string? crisisId, ClaimsPrincipal user, AfterActionReporting reporting, PdfPrinter printer, CancellationToken cancellationToken)
    {
        if (Invalid(crisisId) is { } invalid)
            return invalid;
        return await reporting.Report(crisisId!, user, cancellationToken) is { } report
            ? TypedResults.File(await printer.Print(ReportDocuments.Page(report, user.OrganisationId()), cancellationToken), PdfPrinter.ContentType,
                FileName(report, "pdf"))
            : UnknownCrisis(crisisId!);
    }

    static ValidationProblem? Invalid(string? crisisId) =>
        string.IsNullOrWhiteSpace(crisisId) ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crisisId"] = ["Required."] })
        : crisisId.Length > 100 || PrintableText.HasControlCharacters(crisisId)
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["crisisId"] = ["At most 100 printable characters."] })
            : null;

    static ProblemHttpResult UnknownCrisis(string crisisId) => Problems.NotFound("No such crisis.", $"No crisis '{crisisId}' is known.");

    static string FileName(AfterActionReport report, string extension) =>
        $"after-action-{report.CrisisId}{(report.Nationalities is { } mine ? "-" + string.Join('-', mine) : "")}-{report.GeneratedAt:yyyyMMdd-HHmm}.{extension}";
}
