using Micic.Matching;
using Micic.Matching.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMatchingServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapMatchingApi();
app.Run();

public partial class Program;
