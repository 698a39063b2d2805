using Micic.ServiceDefaults;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Transit.Domain;

/// <summary>What a referral asks a partner for.</summary>
public enum ReferralService { Asylum, ChildProtection, Medical, Trafficking, FamilyTracing, Psychosocial, Shelter }

/// <summary>
/// Where a referral is: <c>not-shared</c> (no consent: counted at the site, sent to nobody), <c>routed</c> to a partner,
/// <c>accepted</c> by it, <c>completed</c> with an outcome; <c>unrouted</c> when no partner (or none left) covers it.
/// <c>declined</c> is what a partner did, recorded in the history; the referral itself moves on to the next partner.
/// </summary>
public enum ReferralStatus { NotShared, Routed, Accepted, Declined, Completed, Unrouted }

/// <summary>A partner of the roster: an organisation with role <c>partner</c>, the services it offers and where.</summary>
public sealed record Partner(string OrganisationId, string Name, IReadOnlyList<ReferralService> Services, IReadOnlyList<string> Sites,
    IReadOnlyList<string> Countries)
{
    public const string Role = "partner";

    public bool CoversAtSite(ReferralService service, string siteCode) => Services.Contains(service) && Sites.Contains(siteCode);

    public bool CoversInCountry(ReferralService service, string country) => Services.Contains(service) && Countries.Contains(country);

    /// <summary>The partners of the seeded roster, in their order there.</summary>
    public static IReadOnlyList<Partner> Roster(SeedData seeds) =>
        seeds.Organisations.Where(organisation => organisation.Roles.Contains(Role))
            .Select(organisation => new Partner(organisation.Id, organisation.Name,
                (organisation.Services ?? []).Select(name => WireNames<ReferralService>.TryParse(name, out var service) ? service : (ReferralService?)null)
                    .OfType<ReferralService>().ToList(),
                organisation.Sites ?? [], organisation.Countries ?? []))
            .ToList();
}

/// <summary>
/// Who a referral goes to: a partner covering the service at the site, else one covering it in the site's country — in
/// the roster's order, passing over those who declined it already.
/// </summary>
public static class ReferralRouting
{
    public static Partner? Next(IReadOnlyList<Partner> roster, ReferralService service, Place site, IReadOnlyCollection<string> declinedBy)
    {
        var open = roster.Where(partner => !declinedBy.Contains(partner.OrganisationId)).ToList();
        return open.FirstOrDefault(partner => partner.CoversAtSite(service, site.Code))
               ?? open.FirstOrDefault(partner => partner.CoversInCountry(service, site.Country));
    }

    /// <summary>
    /// How long a partner has to accept: four hours, one for an unaccompanied or separated child, whose best interest is
    /// a primary consideration.
    /// </summary>
    public static TimeSpan TimeToAccept(bool child, ReferralDeadlines deadlines) => child ? deadlines.Child : deadlines.Standard;
}

/// <summary>How long partners have to accept a referral (settings under <c>Transit:Referrals</c>).</summary>
public sealed class ReferralDeadlines
{
    public TimeSpan Standard { get; set; } = TimeSpan.FromHours(4);
    public TimeSpan Child { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Why a step of a referral's lifecycle cannot be taken now.</summary>
public sealed record ReferralRefusal(string Title, string Detail);

/// <summary>A referral's lifecycle as its partner drives it: accept, or decline (it moves on); then complete with an outcome.</summary>
public sealed record ReferralState(Guid Id, ReferralStatus Status, string? PartnerId)
{
    /// <summary>A partner acts only on a referral routed to it (or accepted by it); any other is not there for it.</summary>
    public bool IsHeldBy(string partnerId) => PartnerId == partnerId && Status is ReferralStatus.Routed or ReferralStatus.Accepted or ReferralStatus.Completed;

    public ReferralRefusal? RefuseAcceptance() => Status switch
    {
        ReferralStatus.Routed => null,
        ReferralStatus.Accepted => new("Already accepted.", $"Referral {Id} was accepted already."),
        _ => new("The referral cannot be accepted.", $"Referral {Id} is {Status.WireName()}."),
    };

    public ReferralRefusal? RefuseDecline() => Status switch
    {
        ReferralStatus.Routed => null,
        _ => new("The referral cannot be declined.", $"Referral {Id} is {Status.WireName()}; only a referral not yet accepted can be declined."),
    };

    public ReferralRefusal? RefuseCompletion() => Status switch
    {
        ReferralStatus.Accepted => null,
        ReferralStatus.Routed => new("Accept the referral first.", $"Referral {Id} has not been accepted."),
        _ => new("The referral cannot be completed.", $"Referral {Id} is {Status.WireName()}."),
    };
}
