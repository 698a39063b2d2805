using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;

namespace Micic.Offers;

public static class Extensions
{
    public static WebApplicationBuilder AddOffersServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("offersdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("offers");
        return builder;
    }
}
