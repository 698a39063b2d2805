using Micic.Messaging;
using Micic.Messaging.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMessagesServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapGatewayApi();
app.MapMessagesApi();
app.MapFeedbackApi();
app.MapCallBacksApi();
app.Run();

public partial class Program;
