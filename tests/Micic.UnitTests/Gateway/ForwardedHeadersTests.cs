using System.Net;
using Micic.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Gateway;

/// <summary>
/// Behind an ingress, the gateway takes the client's address from X-Forwarded-For, from the ingress's network alone: the
/// per-address rate limits then count real clients, and no one else can pose as another address.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task The_ingress_says_who_its_client_is_and_the_gateway_believes_it()
    {
        var context = await Through(["10.0.0.0/8"], from: "10.42.3.7", forwardedFor: "198.51.100.20", forwardedProto: "https");

        Assert.Equal(IPAddress.Parse("198.51.100.20"), context.Connection.RemoteIpAddress);
        Assert.Equal("https", context.Request.Scheme);
    }

    [Fact]
    public async Task Only_the_last_hop_counts_so_a_client_cannot_choose_its_address_by_sending_the_header_itself()
    {
        // The client sent "X-Forwarded-For: 192.0.2.1"; the ingress appended the address it saw.
        var context = await Through(["10.0.0.0/8"], from: "10.42.3.7", forwardedFor: "192.0.2.1, 198.51.100.20");

        Assert.Equal(IPAddress.Parse("198.51.100.20"), context.Connection.RemoteIpAddress);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "172.16.5.5")]   // not the ingress
    [InlineData(null, "127.0.0.1")]           // the AppHost's platform: nothing is trusted, loopback included
    public async Task Anyone_else_saying_so_is_not_believed(string? network, string from)
    {
        var context = await Through(network is null ? [] : [network], from, forwardedFor: "198.51.100.20", forwardedProto: "https");

        Assert.Equal(IPAddress.Parse(from), context.Connection.RemoteIpAddress);
        Assert.Equal("http", context.Request.Scheme);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("ingress-nginx")]
    public async Task A_network_that_is_not_one_stops_the_gateway_at_start_saying_what_is_expected(string network)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "https://micic.example.org/",
            ["Auth:ClientSecrets:micic-web"] = "a-deployment-secret",
            ["Gateway:ForwardedHeaders:KnownNetworks:0"] = network,
        });
        builder.AddGatewayServices();

        // Refused as the host is built, before anything runs, in the sentence every wrong setting gets.
        var refused = Assert.Throws<Micic.ServiceDefaults.Settings.InvalidSettingsException>(() => builder.Build());
        Assert.Contains($"Gateway:ForwardedHeaders:KnownNetworks (Gateway__ForwardedHeaders__KnownNetworks) must be networks in CIDR notation", refused.Message);
        Assert.Contains($"'{network}' is not", refused.Message);
    }

    static async Task<HttpContext> Through(string[] knownNetworks, string from, string forwardedFor, string? forwardedProto = null)
    {
        var options = new ForwardedHeadersOptions();
        Extensions.TrustForwardedHeaders(options, new ForwardedHeadersSettings { KnownNetworks = knownNetworks });
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        if (forwardedProto is not null)
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        await new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options)).Invoke(context);
        return context;
    }
}
