using Micic.Manifests.Application;
using Micic.Manifests.Consumers;
using Micic.Manifests.Data;
using Micic.Manifests.Domain;
using Micic.Persistence.Data;
using Micic.Contracts;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Documents;

namespace Micic.Manifests;

public static class Extensions
{
    public static WebApplicationBuilder AddManifestsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("manifestsdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("manifests", bus =>
        {
            bus.AddConsumer<OfferConsumer>();
            bus.AddBatchConsumer<GroupMembershipConsumer>(GroupMembershipConsumer.Endpoint);
            bus.AddConsumer<DepartedPassengersConsumer>();
            bus.AddConsumer<PassengerDetailsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<PassengerDetailsOfGroups>());
            bus.AddConsumer<PersonalDataErasedConsumer>();
        });
        builder.AddPersonalDataProtection("manifests");
        builder.AddPrinting();
        builder.Services.AddScoped<ManifestStore>();
        builder.Services.AddScoped<ManifestLifecycle>();
        builder.Services.AddScoped<ManifestReading>();
        builder.Services.AddScoped<PassengersJoining>();
        builder.Services.AddScoped<GroupMembership>();
        builder.Services.AddSingleton<ManifestStepValidator>();
        return builder;
    }
}
