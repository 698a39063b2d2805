using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;
using Micic.ServiceDefaults;

namespace Micic.Requests.Consumers;

/// <summary>
/// Answers Manifests' point-to-point question for matched groups' people — the only way personal data leaves this
/// service — with the read audited. One question names a batch of groups and gets one answer, which goes to the asker's
/// queue through the outbox, with the audit record.
/// </summary>
public sealed class PassengerDetailsConsumer(RequestReading reading, TimeProvider clock) : IConsumer<GetPassengerDetails>
{
    public async Task Consume(ConsumeContext<GetPassengerDetails> context)
    {
        var requests = await reading.ForManifests(context.Message.RequestIds, context.CancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await context.RespondAsync(new PassengerDetailsOfGroups
        {
            Groups = requests.Select(request => new PassengerDetails
            {
                RequestId = request.Id,
                ConsentToShareWithConsulate = request.ConsentToShareWithConsulate,
                DestinationCountry = request.DestinationCountry,
                People = request.People.Select(person => new PassengerPerson
                {
                    PersonId = person.Id, GivenName = person.GivenName!, FamilyName = person.FamilyName!, Nationality = person.Nationality,
                    Sex = person.Sex, Age = Ages.On(person.BirthDate, person.Age, today),
                    DocumentKind = person.DocumentKind, DocumentNumber = person.DocumentNumber, DocumentExpiresOn = person.DocumentExpiresOn,
                }).ToList(),
            }).ToList(),
            NotFound = context.Message.RequestIds.Except(requests.Select(request => request.Id)).ToList(),
        });
    }
}
