using Micic.Gateway.Proxy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Micic.Gateway.Apis;

/// <summary>
/// The API reference: where to find the OpenAPI document of the gateway (sign-in, revocations) and of every service
/// behind it, each served through the gateway (<see cref="ServiceRoutes"/>).
/// </summary>
public static class DocsApi
{
    public const string Gateway = "gateway";

    public static IEndpointRouteBuilder MapDocsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/docs", Index).WithTags("Documentation").AllowAnonymous();
        app.MapOpenApi($"/api/docs/{Gateway}").AllowAnonymous();
        return app;
    }

    static Ok<ApiReference> Index() => TypedResults.Ok(new ApiReference(
        "Micic API reference: one OpenAPI document for the gateway and one for each service behind it.",
        ServiceRoutes.Services.Prepend(Gateway).Select(name => new ApiDocument(name, $"/api/docs/{name}")).ToList()));
}

public sealed record ApiReference(string Description, IReadOnlyList<ApiDocument> Documents);

public sealed record ApiDocument(string Name, string Url);
