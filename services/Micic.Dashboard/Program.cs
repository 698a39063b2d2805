using Micic.Dashboard;
using Micic.Dashboard.Apis;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboardServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDashboardApi();
app.Run();

public partial class Program;
