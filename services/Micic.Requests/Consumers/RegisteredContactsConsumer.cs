using MassTransit;
using Micic.Contracts;
using Micic.Requests.Application;

namespace Micic.Requests.Consumers;

/// <summary>
/// Answers Messaging's point-to-point question for the registered households to check in on — their phones leave this
/// service only this way — with the read audited. The answer goes to the asker's queue through the outbox, with the audit record.
/// </summary>
public sealed class RegisteredContactsConsumer(ConsularRegistry registry) : IConsumer<GetRegisteredContacts>
{
    /// <summary>The most households one answer holds, whatever the limit asked for.</summary>
    public const int MaxLimit = 1000;

    public async Task Consume(ConsumeContext<GetRegisteredContacts> context)
    {
        var question = context.Message;
        var (items, next) = await registry.ForCheckIns(question.CountryOfResidence, question.Areas, question.After,
            Math.Clamp(question.Limit, 1, MaxLimit), context.CancellationToken);
        await context.RespondAsync(new RegisteredContacts
        {
            CountryOfResidence = question.CountryOfResidence,
            Items = [.. items.Select(item => new RegisteredContact
            {
                RegistrationId = item.RegistrationId, Phone = item.Phone, Language = item.Language, Nationality = item.Nationality,
            })],
            Next = next,
        });
    }
}
