using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Intake;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Auth;
using Micic.Transit.Application;
using Micic.Transit.Consumers;
using Micic.Transit.Data;
using Micic.Transit.Domain;

namespace Micic.Transit;

public static class Extensions
{
    public static WebApplicationBuilder AddTransitServices(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<TransitOptions>(builder.Configuration.GetSection("Transit"));
        builder.Services.Configure<ReferralDeadlines>(builder.Configuration.GetSection("Transit:Referrals"));
        builder.AddMicicDatabase("transitdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("transit", bus =>
        {
            bus.AddConsumer<MovementDepartedConsumer>();
            bus.AddConsumer<PersonalDataErasedConsumer>();
            bus.AddCrisisCatalogue();
        });
        builder.AddPersonalDataProtection<WalkInRetention>("transit");
        builder.Services.AddScoped<TransitStore>();
        builder.Services.AddScoped<Reception>();
        builder.Services.AddScoped<SiteClosureStore>();
        builder.Services.AddScoped<SiteClosures>();
        builder.Services.AddHeldSubmissions();
        builder.Services.AddScoped<HeldWalkIns>();
        builder.AddRegistrantTickets();
        builder.Services.AddScoped<SiteReading>();
        builder.Services.AddScoped<ReferralStore>();
        builder.Services.AddScoped<ReferralDesk>();
        builder.Services.AddSingleton<ReferralStepValidator>();
        builder.Services.AddHostedService<OverdueReferralSweeper>();
        builder.Services.AddSingleton<ArrivalValidator>();
        builder.Services.AddHostedService<MissingPeopleSweeper>();
        return builder;
    }
}
