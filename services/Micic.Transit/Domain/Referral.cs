using Micic.ServiceDefaults.Settings;
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
    public const string Section = "Transit:Referrals";

    public static IEnumerable<string?> Check(ReferralDeadlines options) =>
    [
        SettingRules.Positive($"{Section}:Standard", options.Standard),
        SettingRules.Positive($"{Section}:Child", options.Child),
    ];

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

/// <summary>A referral as reception opens it: to whom it goes, and by when it must be taken up.</summary>
public sealed record OpenedReferral(Guid Id, ReferralService Service, bool Consent, ReferralStatus Status, string? PartnerId, DateTimeOffset OpenedAt,
    DateTimeOffset DueBy, bool BestInterestAssessment);

/// <summary>The referrals an arrival opens.</summary>
public static class Referrals
{
    /// <summary>
    /// Those the officer asked for — routed with consent, recorded at the site without it — and, for an unaccompanied or
    /// separated child, a child-protection referral even if nobody asked for one: routed, flagged for a best-interest
    /// assessment, due within the child's shorter time.
    /// </summary>
    public static IReadOnlyList<OpenedReferral> At(Place site, IReadOnlyList<(ReferralService Service, bool Consent)> asked, IReadOnlyCollection<string> needs,
        IReadOnlyList<Partner> roster, ReferralDeadlines deadlines, DateTimeOffset now)
    {
        var child = needs.Contains("unaccompanied-child") || needs.Contains("separated-child");
        var wanted = asked.ToList();
        if (child && !wanted.Any(referral => referral.Service == ReferralService.ChildProtection))
            wanted.Add((ReferralService.ChildProtection, true));

        return wanted.Select(referral =>
        {
            var partner = referral.Consent ? ReferralRouting.Next(roster, referral.Service, site, []) : null;
            var status = !referral.Consent ? ReferralStatus.NotShared : partner is null ? ReferralStatus.Unrouted : ReferralStatus.Routed;
            return new OpenedReferral(Guid.CreateVersion7(now), referral.Service, referral.Consent, status, partner?.OrganisationId, now,
                now + ReferralRouting.TimeToAccept(child, deadlines), child && referral.Service == ReferralService.ChildProtection);
        }).ToList();
    }
}

/// <summary>What a partner is told of a person's needs: only those that bear on the service it offers.</summary>
public static class ReferralNeeds
{
    static readonly string[] Children = ["unaccompanied-child", "separated-child"];

    static readonly Dictionary<ReferralService, string[]> Relevant = new()
    {
        [ReferralService.Asylum] = [.. Children, "trafficking-survivor"],
        [ReferralService.ChildProtection] = [.. Children, "trafficking-survivor"],
        [ReferralService.FamilyTracing] = Children,
        [ReferralService.Medical] = ["medical", "medical-stretcher", "wheelchair", "disability", "elderly", "pregnant"],
        [ReferralService.Trafficking] = [.. Children, "trafficking-survivor"],
        [ReferralService.Psychosocial] = [.. Children, "trafficking-survivor"],
        [ReferralService.Shelter] = [.. Children, "wheelchair", "disability", "elderly", "pregnant", "medical-stretcher"],
    };

    public static IReadOnlyList<string> For(ReferralService service, IEnumerable<string> needs) => needs.Where(Relevant[service].Contains).ToList();
}

/// <summary>The body of <c>POST /api/referrals/{id}/decline</c>.</summary>
public sealed record DeclineReferral(string? Reason);

/// <summary>The body of <c>POST /api/referrals/{id}/complete</c>.</summary>
public sealed record CompleteReferral(string? Outcome);

/// <summary>Rules for what partners send about a referral, each problem named by its field.</summary>
public sealed class ReferralStepValidator
{
    public const int MaxOutcomeLength = 500;

    /// <summary>A decline says why, so that coordinators can see what is missing where.</summary>
    public Dictionary<string, string[]> Validate(DeclineReferral? decline) => ServiceDefaults.Http.Reason.Check(decline?.Reason);

    public Dictionary<string, string[]> Validate(CompleteReferral? completion) =>
        string.IsNullOrWhiteSpace(completion?.Outcome) || completion.Outcome.Length > MaxOutcomeLength
            ? new() { ["outcome"] = [$"Required: what came of it, at most {MaxOutcomeLength} characters."] }
            : [];
}
