using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Micic.ServiceDefaults.Http;
using Micic.ServiceDefaults.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micic.ServiceDefaults.Auth;

/// <summary>A person of an organisation who registers or sends people (an intake officer, a colleague reviewing).</summary>
public sealed record FieldWorker(string Id, string Name)
{
    public static FieldWorker Of(Actor actor) => new(actor.Id, actor.Name);
}

/// <summary>
/// Who registered a family or a walk-in, as the registrant ticket issued to them says: checked at sync, because what the
/// intake app queued may reach the platform long after it was typed, sent by whoever holds the device then.
/// </summary>
public sealed record Registrant(string Id, string Name, string OrganisationId, DateTimeOffset IssuedAt)
{
    public FieldWorker Worker => new(Id, Name);
}

/// <summary>Who registered people and who sent them: the same person, unless a colleague sends a queue left on a device.</summary>
public sealed record Registration(FieldWorker RegisteredBy, FieldWorker SentBy);

/// <summary>What the registrant ticket sent with a registration says of it, for the caller.</summary>
public abstract record TicketCheck
{
    /// <summary>No ticket: the caller registered it.</summary>
    public sealed record None : TicketCheck;

    public sealed record Valid(Registrant Registrant) : TicketCheck;

    /// <summary>The registrant has been disabled since the ticket was issued: held for review, not accepted.</summary>
    public sealed record Disabled(Registrant Registrant) : TicketCheck;

    /// <summary>Not a ticket issued here (400), or another organisation's (403).</summary>
    public sealed record Refused(ProblemHttpResult Problem) : TicketCheck;
}

/// <summary>
/// Registrant tickets: who a device's user is, as Requests says so, for the device to store with each family or walk-in
/// it queues; Requests and Transit read them. Encrypted and signed with Data Protection and time-limited, so a device can
/// neither read nor forge nor keep one for ever.
/// </summary>
public sealed class RegistrantTickets(IDataProtectionProvider provider, TimeProvider clock)
{
    /// <summary>How long a registration may wait on a device with its ticket: a long field deployment without a network.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Far above any ticket issued here; longer is refused unread.</summary>
    public const int MaxLength = 2048;

    public const string Header = "X-Micic-Registrant";

    /// <summary>
    /// The Data Protection application of tickets alone. Each service protects its own data under its own application
    /// name (and key ring), which another service cannot unprotect; tickets are issued by Requests and read by Transit
    /// too, so they have an application (and key ring) of their own that every service reading them shares.
    /// </summary>
    public const string Application = "micic-registrant-tickets";

    readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Micic.RegistrantTicket.v1").ToTimeLimitedDataProtector();

    public string Issue(Actor actor)
    {
        var now = clock.GetUtcNow();
        var registrant = new Registrant(actor.Id, actor.Name, actor.OrganisationId, now);
        return _protector.Protect(JsonSerializer.Serialize(registrant, JsonSerializerOptions.Web), now + Lifetime);
    }

    /// <summary>The registrant a ticket names; null when it is not one issued here, was altered, or has expired.</summary>
    public Registrant? Read(string ticket)
    {
        if (ticket.Length is 0 or > MaxLength)
            return null;
        try
        {
            return JsonSerializer.Deserialize<Registrant>(_protector.Unprotect(ticket, out _), JsonSerializerOptions.Web);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The ticket a request carries (<see cref="Header"/>), if any, checked for the caller: one that is not a ticket issued
    /// here (forged, altered, expired, sent twice) is refused, as is another organisation's; one whose person has been
    /// disabled since it was issued names a registrant whose work is held for review.
    /// </summary>
    public TicketCheck Check(HttpRequest request, ClaimsPrincipal user, Revocations revocations)
    {
        if (!request.Headers.TryGetValue(Header, out var ticket))
            return new TicketCheck.None();
        if (ticket.Count != 1 || Read(ticket.ToString()) is not { } registrant)
            return new TicketCheck.Refused(TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [Header] = ["Not a registrant ticket issued by this platform, or it has expired."] })
            {
                Status = StatusCodes.Status400BadRequest, Title = "The registrant ticket is not valid.",
            }));
        if (registrant.OrganisationId != user.OrganisationId())
            return new TicketCheck.Refused(Problems.Forbidden("Registered by another organisation.",
                "A registrant ticket is sent by its own organisation only."));
        return revocations.Refuses(registrant.OrganisationId, registrant.Id, registrant.IssuedAt)
            ? new TicketCheck.Disabled(registrant)
            : new TicketCheck.Valid(registrant);
    }
}

public static class RegistrantTicketsExtensions
{
    /// <summary>Registrant tickets, under their own Data Protection application (<see cref="RegistrantTickets.Application"/>).</summary>
    public static IHostApplicationBuilder AddRegistrantTickets(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // A ticket's lifetime is a security matter: real time, even in an exercise on the crisis clock.
        builder.Services.AddSingleton(services => new RegistrantTickets(
            SharedRedis.DataProtectionOf(RegistrantTickets.Application, configuration, services), TimeProvider.System));
        return builder;
    }
}
