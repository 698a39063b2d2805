using Micic.Funds.Application;
using Micic.Funds.Consumers;
using Micic.Funds.Data;
using Micic.Funds.Domain;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Funds;

public static class Extensions
{
    public static WebApplicationBuilder AddFundsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("fundsdb", typeof(Extensions).Assembly);
        // Funds hears of offers (what each costs) and of departures (what to charge).
        builder.AddMicicMessaging("funds", bus =>
        {
            bus.AddConsumer<OfferTermsConsumer>();
            bus.AddConsumer<MovementDepartedConsumer>();
            bus.AddCrisisCatalogue();
        });
        builder.Services.Configure<FundsOptions>(builder.Configuration.GetSection("Funds"));
        builder.Services.AddSingleton(provider => ExchangeRates.Read(SeedData.FindFolder(builder.Configuration["Seeds:Path"]),
            provider.GetRequiredService<Currencies>()));
        builder.Services.AddSingleton<FundValidator>();
        builder.Services.AddSingleton<ClaimValidator>();
        builder.Services.AddScoped<FundStore>();
        builder.Services.AddScoped<ClaimStore>();
        builder.Services.AddScoped<MovementStore>();
        builder.Services.AddScoped<FundPositions>();
        builder.Services.AddScoped<FundsDesk>();
        builder.Services.AddScoped<ClaimsDesk>();
        builder.Services.AddScoped<MovementCharging>();
        builder.Services.AddScoped<CostReports>();
        return builder;
    }
}
