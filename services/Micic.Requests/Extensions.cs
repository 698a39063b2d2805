using Micic.Contracts;
using Micic.Requests.Consumers;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;

namespace Micic.Requests;

public static class Extensions
{
    public static WebApplicationBuilder AddRequestsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("requestsdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("requests", bus =>
        {
            bus.AddConsumer<EvacuationStatusChangedConsumer>();
            bus.AddConsumer<PassengerDetailsConsumer>();
            bus.AddConsumer<PassengerNoShowConsumer>();
            bus.AddConsumer<OnwardJourneyConsumer>().Endpoint(endpoint => endpoint.Name = RequestQueues.OnwardJourney);
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EvacuationRequestStore>();
        builder.Services.AddSingleton<EvacuationRequestValidator>();
        builder.Services.AddSingleton<EvacuationRequestImporter>();
        return builder;
    }
}
