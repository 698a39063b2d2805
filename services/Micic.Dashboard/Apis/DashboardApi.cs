using Micic.Dashboard.Data;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Dashboard.Apis;

public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Roles.Coordinator);
        dashboard.MapGet("/summary", async Task<Ok<Summary>> (DashboardProjection projection, CancellationToken cancellationToken) =>
            TypedResults.Ok(await projection.Summary(cancellationToken)));
        return app;
    }
}
