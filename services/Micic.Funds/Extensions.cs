using Micic.Funds.Application;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds;

public static class Extensions
{
    public static WebApplicationBuilder AddFundsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("fundsdb", typeof(Extensions).Assembly);
        // Funds only publishes (charges, receipts, decisions on claims) for now; it consumes nothing.
        builder.AddMicicMessaging("funds");
        builder.Services.AddSingleton(Currencies.Read(SeedData.FindFolder(builder.Configuration["Seeds:Path"])));
        builder.Services.AddSingleton<FundValidator>();
        builder.Services.AddSingleton<ClaimValidator>();
        builder.Services.AddScoped<FundStore>();
        builder.Services.AddScoped<ClaimStore>();
        builder.Services.AddScoped<FundsDesk>();
        builder.Services.AddScoped<ClaimsDesk>();
        return builder;
    }
}
