using Micic.Manifests;
using Micic.Manifests.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddManifestsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapManifestsApi();
app.Run();

public partial class Program;
