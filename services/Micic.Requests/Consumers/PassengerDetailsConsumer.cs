using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;
using Micic.ServiceDefaults;

namespace Micic.Requests.Consumers;

/// <summary>
/// Answers Manifests' point-to-point question for a matched group's people — the only way personal data leaves this
/// service — with the read audited. The answer goes to the asker's queue through the outbox, with the audit record.
/// </summary>
public sealed class PassengerDetailsConsumer(RequestReading reading) : IConsumer<GetPassengerDetails>
{
    public async Task Consume(ConsumeContext<GetPassengerDetails> context)
    {
        var requestId = context.Message.RequestId;
        if (await reading.ForManifest(requestId, context.CancellationToken) is not { } request)
        {
            await context.RespondAsync(new PassengerDetailsNotFound { RequestId = requestId });
            return;
        }
        await context.RespondAsync(new PassengerDetails
        {
            RequestId = requestId,
            ConsentToShareWithConsulate = request.ConsentToShareWithConsulate,
            DestinationCountry = request.DestinationCountry,
            People = request.People.Select(person => new PassengerPerson
            {
                PersonId = person.Id, GivenName = person.GivenName!, FamilyName = person.FamilyName!, Nationality = person.Nationality,
                Sex = person.Sex, Age = Ages.On(person.BirthDate, person.Age, DateOnly.FromDateTime(DateTime.UtcNow)),
                DocumentKind = person.DocumentKind, DocumentNumber = person.DocumentNumber, DocumentExpiresOn = person.DocumentExpiresOn,
            }).ToList(),
        });
    }
}
