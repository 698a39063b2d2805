using Micic.ServiceDefaults.Settings;
using Micic.Contracts;
using Micic.Matching.Allocation;
using Micic.Matching.Application;
using Micic.Matching.Consumers;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Sagas;

namespace Micic.Matching;

public static class Extensions
{
    public static WebApplicationBuilder AddMatchingServices(this WebApplicationBuilder builder)
    {
        builder.AddCheckedOptions<MatchingOptions>(MatchingOptions.Section, MatchingOptions.Check);
        builder.AddMicicDatabase("matchingdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("matching", bus =>
        {
            bus.AddBatchConsumer<EvacuationEventsConsumer>(EvacuationEventsConsumer.Endpoint);
            bus.AddConsumer<OfferBoardConsumer>();
            bus.AddBatchConsumer<OfferCapacityReportsConsumer>(OfferCapacityReportsConsumer.Endpoint);
            bus.AddConsumer<MovementConsumer>();
            bus.AddCrisisCatalogue();
        });

        builder.Services.AddSingleton<EvacuationStateMachine>();
        builder.Services.AddSagaBatches<EvacuationState>("evacuation_saga");
        // A batch of saga events or an allocation round changes hundreds of groups' status at once: one message for them all.
        builder.Services.AddOutboxEnvelope<EvacuationStatusChanged, EvacuationStatusesChanged>(changes => new EvacuationStatusesChanged { Changes = changes });
        builder.Services.AddOutboxEnvelope<HoldSeats, HoldSeatsForGroups>(holds => new HoldSeatsForGroups { Holds = holds },
            CommandQueues.AddressOf<HoldSeatsForGroups>());
        builder.Services.AddScoped<IOfferBoard, OfferBoard>();
        builder.Services.AddScoped<EvacuationSagas>();
        builder.Services.AddScoped<CapacityAllocator>();
        builder.Services.AddScoped<WaitingGroups>();
        builder.Services.AddScoped<CoordinatorDecisions>();
        builder.Services.AddSingleton<CoordinatorDecisionValidator>();
        builder.Services.AddHostedService<CapacitySweeper>();
        return builder;
    }
}
