using Micic.ServiceDefaults.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace Micic.UnitTests.Auth;

public sealed class RegistrantTicketsTests
{
    static readonly Actor Officer = new(ActorKind.User, "5b0c7e8e-2f4a-4d7e-9a51-0d6f1c2b3a44", "Amina Field", "unhcr");
    static readonly IDataProtectionProvider Keys = new EphemeralDataProtectionProvider();

    [Fact]
    public void A_ticket_names_the_person_their_organisation_and_when_it_was_issued()
    {
        var now = DateTimeOffset.UtcNow;
        var tickets = new RegistrantTickets(Keys, new FixedClock(now));
        var ticket = tickets.Issue(Officer);
        Assert.DoesNotContain("Amina", ticket); // the device cannot read it either
        var registrant = tickets.Read(ticket);
        Assert.NotNull(registrant);
        Assert.Equal((Officer.Id, Officer.Name, "unhcr", now), (registrant.Id, registrant.Name, registrant.OrganisationId, registrant.IssuedAt));
    }

    [Fact]
    public void An_altered_a_foreign_an_expired_or_an_absurd_ticket_names_nobody()
    {
        var tickets = new RegistrantTickets(Keys, TimeProvider.System);
        var ticket = tickets.Issue(Officer);
        var altered = ticket[..^3] + (ticket[^3] == 'A' ? 'B' : 'A') + ticket[^2..];
        Assert.Null(tickets.Read(altered));
        Assert.Null(new RegistrantTickets(new EphemeralDataProtectionProvider(), TimeProvider.System).Read(ticket)); // another platform's keys
        var expired = new RegistrantTickets(Keys, new FixedClock(DateTimeOffset.UtcNow - RegistrantTickets.Lifetime - TimeSpan.FromMinutes(1))).Issue(Officer);
        Assert.Null(tickets.Read(expired));
        Assert.Null(tickets.Read(""));
        Assert.Null(tickets.Read("not a ticket at all"));
        Assert.Null(tickets.Read(new string('A', RegistrantTickets.MaxLength + 1)));
    }
}
