using MassTransit;

namespace Micic.Matching.StateMachines;

public sealed class EvacuationStateMachineDefinition : SagaDefinition<EvacuationState>
{
    public EvacuationStateMachineDefinition() => EndpointName = "matching-evacuation";
}
