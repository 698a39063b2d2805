using MassTransit;
using Micic.Contracts;
using Micic.Dashboard.Data;

namespace Micic.Dashboard.Consumers;

/// <summary>Gathers every service's record of personal data read or erased into one trail that can be asked about a person.</summary>
public sealed class AuditTrailConsumer(AuditTrail trail) : IConsumer<PersonalDataAccessed>
{
    public Task Consume(ConsumeContext<PersonalDataAccessed> context) => trail.Add(context.Message, context.CancellationToken);
}
