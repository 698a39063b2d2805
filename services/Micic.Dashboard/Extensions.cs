using Micic.ServiceDefaults.Settings;
using Micic.Dashboard.Application;
using Micic.Dashboard.Consumers;
using Micic.Dashboard.Data;
using Micic.Dashboard.Live;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Documents;

namespace Micic.Dashboard;

public static class Extensions
{
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("dashboarddb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("dashboard", bus =>
        {
            bus.AddBatchConsumer<RequestFiguresConsumer>(RequestFiguresConsumer.Endpoint);
            bus.AddBatchConsumer<OfferFiguresConsumer>(OfferFiguresConsumer.Endpoint);
            bus.AddConsumer<MovementFiguresConsumer>();
            bus.AddConsumer<FeedbackFiguresConsumer>();
            bus.AddConsumer<AuditTrailConsumer>();
            bus.AddConsumer<CrisisFiguresConsumer>();
            bus.AddBatchConsumer<CheckInAlertsConsumer>(CheckInAlertsConsumer.Endpoint);
            bus.AddConsumer<CheckInsAskedConsumer>();
            bus.AddBatchConsumer<FundFiguresConsumer>(FundFiguresConsumer.Endpoint);
            bus.AddCrisisCatalogue();
        });
        builder.Services.AddScoped<EventHistory>();
        builder.Services.AddSingleton<FiguresChanged>();
        builder.Services.AddScoped<DashboardProjection>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<CheckInAlerts>();
        builder.Services.AddSingleton<ExerciseClock>();
        builder.Services.AddScoped<ExerciseInjects>();
        builder.Services.AddScoped<InjectDelivery>();
        builder.Services.AddHostedService<InjectSweeper>();
        builder.Services.AddScoped<CheckInAlertDesk>();
        builder.AddCheckedOptions<DashboardOptions>(DashboardOptions.Section, DashboardOptions.Check);
        builder.Services.AddScoped<ReportCheckpoints>();
        builder.Services.AddScoped<AfterActionReporting>();
        builder.Services.AddScoped<ExerciseEvaluating>();
        builder.Services.AddScoped<ImprovementActions>();
        builder.Services.AddHostedService<ReportCheckpointing>();
        builder.AddPrinting();
        builder.Services.AddSingleton<LiveFigures>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LiveFigures>());
        return builder;
    }
}
