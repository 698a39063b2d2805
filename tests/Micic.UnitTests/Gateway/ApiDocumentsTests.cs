using System.Text.Json.Nodes;
using Micic.Gateway.Proxy;

namespace Micic.UnitTests.Gateway;

public class ApiDocumentsTests
{
    readonly ApiDocuments _documents = new(ServiceRoutes.BuildRoutes());

    [Theory]
    [InlineData("matching", "/api/matching/{requestId}", "/api/matching/{requestId}")]
    [InlineData("matching", "/admin/dead-letters", "/api/admin/matching/dead-letters")]
    [InlineData("offers", "/admin/dead-letters/{queue}/replay", "/api/admin/offers/dead-letters/{queue}/replay")]
    [InlineData("identity", "/api/audit/sign-ins", "/api/audit/sign-ins")]
    [InlineData("dashboard", "/api/audit", "/api/audit")]
    [InlineData("requests", "/api/requests/import", "/api/requests/import")]
    public void A_service_path_is_shown_as_the_gateway_routes_it(string service, string servicePath, string gatewayPath) =>
        Assert.Equal(gatewayPath, _documents.GatewayPath(service, servicePath));

    [Theory]
    [InlineData("identity", "/admin/dead-letters")] // the identity provider has no dead letters to show
    [InlineData("dashboard", "/api/audit/sign-ins")] // the gateway sends that path to the identity provider
    [InlineData("requests", "/health/ready")]
    [InlineData("matching", "/api/offers")]
    [InlineData("matching", "/api/matchingx")]
    public void A_path_the_gateway_does_not_send_to_that_service_is_not_shown(string service, string servicePath) =>
        Assert.Null(_documents.GatewayPath(service, servicePath));

    [Fact]
    public void A_document_gets_the_gateway_paths_and_the_gateway_as_its_server()
    {
        var document = JsonNode.Parse("""
            {"openapi":"3.1.1","servers":[{"url":"http://10.0.0.7:41234"}],
             "paths":{"/api/matching/unmatched":{"get":{}},"/admin/dead-letters":{"get":{"tags":["Operations"]}},"/health/live":{"get":{}}}}
            """)!.AsObject();

        var routed = _documents.AsRouted(document, "matching", "http://127.0.0.1:8080");

        Assert.Equal(["/api/matching/unmatched", "/api/admin/matching/dead-letters"], routed["paths"]!.AsObject().Select(path => path.Key));
        Assert.Equal("Operations", routed["paths"]!["/api/admin/matching/dead-letters"]!["get"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:8080", Assert.Single(routed["servers"]!.AsArray())!["url"]!.GetValue<string>());
    }
}
