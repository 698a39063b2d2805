using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>The places and crises of <c>seeds/</c>, for any authenticated client.</summary>
public static class ReferenceDataApi
{
    public static IEndpointRouteBuilder MapReferenceDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Reference data").RequireAuthorization();
        api.MapGet("/places", (SeedData seeds) => TypedResults.Ok(seeds.Places.Values.OrderBy(place => place.Code, StringComparer.Ordinal).ToList()));
        api.MapGet("/crises", (SeedData seeds) => TypedResults.Ok(seeds.Crises.Values.OrderBy(crisis => crisis.StartedAt).ToList()));
        return app;
    }
}
