using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;

namespace Micic.Transit;

public static class Extensions
{
    public static WebApplicationBuilder AddTransitServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("transitdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("transit");
        return builder;
    }
}
