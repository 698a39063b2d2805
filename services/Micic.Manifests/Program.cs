using Micic.Manifests;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddManifestsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
