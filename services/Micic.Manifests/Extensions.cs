using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;

namespace Micic.Manifests;

public static class Extensions
{
    public static WebApplicationBuilder AddManifestsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("manifestsdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("manifests");
        return builder;
    }
}
