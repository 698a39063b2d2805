using Micic.Identity;
using Micic.Identity.Apis;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Exercises;
using Micic.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddIdentityServices();

var app = builder.Build();
app.UseForwardedHeaders();
app.MapDefaultEndpoints();
app.MapEmbeddedFile("/account/account.css", typeof(Program).Assembly, "Micic.Identity.Web.account.css");
app.MapEmbeddedFile("/account/passkeys.js", typeof(Program).Assembly, "Micic.Identity.Web.passkeys.js");
app.MapEmbeddedFile($"/account/{WebApp.ExerciseStyle}", typeof(ExerciseMode).Assembly, ExerciseMode.BannerStyle);
app.MapConnectApi();
app.MapAccountsApi();
app.MapSignInAuditApi();
app.MapRevocationsApi();
app.MapRazorPages();
app.Run();

public partial class Program;
