using Micic.Offers;
using Micic.Offers.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddOffersServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapOffersApi();
app.Run();

public partial class Program;
