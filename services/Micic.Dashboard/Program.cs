using Micic.Dashboard;
using Micic.Dashboard.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDashboardServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapDashboardApi();
app.MapCheckInAlertsApi();
app.MapExerciseApi();
app.MapExerciseEvaluationApi();
app.MapImprovementsApi();
app.MapAuditApi();
app.MapReportsApi();
app.Run();

public partial class Program;
