using Micic.Contracts;
using Micic.Offers.Application;
using Micic.Offers.Consumers;
using Micic.Offers.Data;
using Micic.Offers.Domain;
using Micic.Persistence.Crises;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;

namespace Micic.Offers;

public static class Extensions
{
    public static WebApplicationBuilder AddOffersServices(this WebApplicationBuilder builder)
    {
        builder.AddMicicDatabase("offersdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("offers", bus =>
        {
            bus.AddBatchConsumer<HoldSeatsConsumer>(CommandQueues.Of<HoldSeats>());
            bus.AddConsumer<ReleaseSeatsConsumer>().Endpoint(endpoint => endpoint.Name = CommandQueues.Of<ReleaseSeats>());
            bus.AddConsumer<MovementConsumer>();
            bus.AddConsumer<MovementChargedConsumer>();
            bus.AddCrisisCatalogue();
        });
        // A batch of holds is answered with one message of each kind, not one per group.
        builder.Services.AddOutboxEnvelope<SeatsHeld, SeatsHeldForGroups>(held => new SeatsHeldForGroups { Held = held });
        builder.Services.AddOutboxEnvelope<SeatHoldRejected, SeatHoldsRejected>(rejected => new SeatHoldsRejected { Rejected = rejected });

        builder.Services.AddScoped<OfferStore>();
        builder.Services.AddScoped<OfferDesk>();
        builder.Services.AddSingleton<OfferValidator>();
        builder.Services.AddSingleton<OfferChangeValidator>();
        return builder;
    }
}
