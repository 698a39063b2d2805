using System.Security.Cryptography;
using System.Text.Json;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace Micic.Requests.Application;

/// <summary>
/// Registrant tickets: who a device's user is, as Requests says so, for the device to store with each family it queues.
/// Encrypted and signed with Data Protection (keys shared by every Requests replica) and time-limited, so a device can
/// neither read nor forge nor keep one for ever.
/// </summary>
public sealed class RegistrantTickets(IDataProtectionProvider provider, TimeProvider clock)
{
    /// <summary>How long a family may wait on a device with its ticket: a long field deployment without a network.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Far above any ticket issued here; longer is refused unread.</summary>
    public const int MaxLength = 2048;

    public const string Header = "X-Micic-Registrant";

    readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("Micic.Requests.RegistrantTicket.v1").ToTimeLimitedDataProtector();

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
}
