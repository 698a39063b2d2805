using Micic.Funds;
using Micic.Funds.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFundsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapFundsApi();
app.MapClaimsApi();
app.MapCostsApi();
app.Run();

public partial class Program;
