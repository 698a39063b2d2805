using Micic.Gateway;
using Micic.Gateway.Apis;
using Micic.Gateway.Proxy;
using Micic.Gateway.Sessions;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();
// First: the client's address (from the ingress's X-Forwarded-For) is what the rate limits count.
app.UseForwardedHeaders();
app.MapDefaultEndpoints();
app.UseCsrfCheck();
app.MapTokenApi();
app.MapSessionApi();
app.MapDocsApi();
app.MapReverseProxy(proxy =>
{
    proxy.UseBodyLimit();
    proxy.UsePassiveHealthChecks();
});
app.Run();

public partial class Program;
