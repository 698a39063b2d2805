using Micic.Dashboard.Consumers;
using Micic.Dashboard.Data;
using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;

namespace Micic.Dashboard;

public static class Extensions
{
    public static WebApplicationBuilder AddDashboardServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("dashboarddb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("dashboard", bus =>
        {
            bus.AddConsumer<RequestFiguresConsumer>();
            bus.AddConsumer<OfferFiguresConsumer>();
        });
        builder.Services.AddSingleton<DashboardProjection>();
        return builder;
    }
}
