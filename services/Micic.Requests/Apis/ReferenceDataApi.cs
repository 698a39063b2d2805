using System.Globalization;
using Micic.ServiceDefaults.ReferenceData;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Requests.Apis;

/// <summary>The places and countries of <c>seeds/</c>, for any authenticated client (crises: <see cref="CrisesApi"/>).</summary>
public static class ReferenceDataApi
{
    public static IEndpointRouteBuilder MapReferenceDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Reference data").RequireAuthorization();
        api.MapGet("/places", (SeedData seeds) => TypedResults.Ok(seeds.Places.Values.OrderBy(place => place.Code, StringComparer.Ordinal).ToList()));
        api.MapGet("/countries", (SeedData seeds) => TypedResults.Ok(Countries(seeds)));
        return app;
    }

    /// <summary>
    /// The countries the API accepts, with their two-letter code where one is known, by which a client names them in
    /// the reader's language.
    /// </summary>
    public sealed record Country(string Code, string? Alpha2);

    static IReadOnlyList<Country> Countries(SeedData seeds)
    {
        var alpha2 = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(culture => { try { return new RegionInfo(culture.Name); } catch (ArgumentException) { return null; } })
            .OfType<RegionInfo>()
            .GroupBy(region => region.ThreeLetterISORegionName)
            .ToDictionary(group => group.Key, group => group.First().TwoLetterISORegionName, StringComparer.Ordinal);
        return seeds.Countries.Order(StringComparer.Ordinal).Select(code => new Country(code, alpha2.GetValueOrDefault(code))).ToList();
    }
}
