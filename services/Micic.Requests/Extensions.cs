using Micic.Contracts;
using Micic.Persistence.Crises;
using Micic.Requests.Application;
using Micic.Requests.Consumers;
using Micic.Requests.Data;
using Micic.Requests.Domain;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.Persistence.Intake;
using Micic.ServiceDefaults.Auth;

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
            bus.AddConsumer<MessageContactsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<GetMessageContacts>());
            bus.AddConsumer<RegisteredContactsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<GetRegisteredContacts>());
            bus.AddConsumer<SelfRegistrationCodeConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<GetSelfRegistrationCode>());
            bus.AddConsumer<PassengerNoShowConsumer>();
            bus.AddConsumer<OnwardJourneyConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<OnwardJourneyRequested>());
            bus.AddConsumer<CheckInsAskedConsumer>();
            bus.AddConsumer<CheckInAnsweredConsumer>();
            bus.AddConsumer<CheckInUnansweredConsumer>();
            bus.AddCrisisCatalogue();
        });
        builder.AddPersonalDataProtection<PersonalDataRetention>("requests");

        builder.Services.AddScoped<EvacuationRequestStore>();
        builder.Services.AddScoped<RequestIntake>();
        builder.Services.AddScoped<RequestCancellations>();
        builder.Services.AddScoped<RequestReading>();
        builder.Services.AddScoped<PossibleDuplicateStore>();
        builder.Services.AddScoped<DuplicateReviews>();
        builder.Services.AddScoped<IntakeKeyStore>();
        builder.Services.AddHeldSubmissions();
        builder.Services.AddScoped<HeldFamilies>();
        builder.Services.AddScoped<RegistrationStore>();
        builder.Services.AddScoped<ConsularRegistry>();
        builder.Services.AddScoped<SelfRegistrationStore>();
        builder.Services.AddScoped<SelfRegistrations>();
        builder.Services.AddScoped<CheckInStore>();
        builder.Services.AddScoped<CheckIns>();
        builder.Services.AddSingleton<RegistrationValidator>();
        builder.Services.AddSingleton<RegistrationImporter>();
        builder.AddRegistrantTickets();
        builder.Services.AddSingleton<EvacuationRequestValidator>();
        builder.Services.AddSingleton<EvacuationRequestImporter>();
        builder.Services.AddScoped<CrisisStore>();
        builder.Services.AddScoped<CrisisDeclarations>();
        builder.Services.AddSingleton<CrisisDeclarationRules>();
        return builder;
    }
}
