using Micic.Transit;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTransitServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
