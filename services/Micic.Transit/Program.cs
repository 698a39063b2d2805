using Micic.Transit;
using Micic.Transit.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddTransitServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapTransitApi();
app.MapReferralsApi();
app.MapHeldWalkInsApi();
app.Run();

public partial class Program;
