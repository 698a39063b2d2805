using Micic.Contracts;
using Micic.Requests.Application;
using Micic.Requests.Consumers;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults.Redis;

namespace Micic.Requests;

public static class Extensions
{
    public static WebApplicationBuilder AddRequestsServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("requestsdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("requests", bus =>
        {
            bus.AddBatchConsumer<EvacuationStatusChangedConsumer>(EvacuationStatusChangedConsumer.Endpoint);
            bus.AddConsumer<PassengerDetailsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<GetPassengerDetails>());
            bus.AddConsumer<PassengerNoShowConsumer>();
            bus.AddConsumer<OnwardJourneyConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<OnwardJourneyRequested>());
        });
        builder.AddPersonalDataProtection<PersonalDataRetention>("requests");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<EvacuationRequestStore>();
        builder.Services.AddScoped<RequestIntake>();
        builder.Services.AddScoped<RequestCancellations>();
        builder.Services.AddScoped<RequestReading>();
        builder.Services.AddScoped<HeldSubmissionStore>();
        builder.Services.AddScoped<HeldSubmissions>();
        // Registrant tickets are read by whichever replica a family reaches.
        builder.AddSharedDataProtection("micic-requests");
        builder.Services.AddSingleton<RegistrantTickets>();
        builder.Services.AddSingleton<EvacuationRequestValidator>();
        builder.Services.AddSingleton<EvacuationRequestImporter>();
        return builder;
    }
}
