using Micic.Requests;
using Micic.Requests.Apis;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRequestsServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDeadLetterApi();
app.MapReferenceDataApi();
app.MapCrisesApi();
app.MapRequestsApi();
app.MapDuplicatesApi();
app.MapRegistrationsApi();
app.MapSelfRegistrationApi();
app.MapCheckInsApi();
app.MapIntakeApi();
app.MapWebApp("/intake", typeof(Program).Assembly, "Micic.Requests.Web.");
app.MapWebApp("/consulate", typeof(Program).Assembly, "Micic.Requests.Consulate.");
app.MapWebApp("/register", typeof(Program).Assembly, "Micic.Requests.Register.");
app.Run();

public partial class Program;
