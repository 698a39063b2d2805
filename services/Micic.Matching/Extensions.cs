using Micic.Matching.StateMachines;
using Micic.ServiceDefaults.Data;
using Micic.ServiceDefaults.Messaging;
using Micic.ServiceDefaults.Sagas;

namespace Micic.Matching;

public static class Extensions
{
    public static WebApplicationBuilder AddMatchingServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMicicDatabase("matchingdb", typeof(Extensions).Assembly);
        builder.AddMicicMessaging("matching", bus =>
            bus.AddSagaStateMachine<EvacuationStateMachine, EvacuationState>(typeof(EvacuationStateMachineDefinition))
                .NpgsqlRepository("evacuation_saga"));
        return builder;
    }
}
