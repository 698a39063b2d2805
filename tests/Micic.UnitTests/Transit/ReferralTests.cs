using Micic.ServiceDefaults;
using Micic.Transit.Domain;

namespace Micic.UnitTests.Transit;

public class ReferralTests
{
    static readonly IReadOnlyList<Partner> Roster = Partner.Roster(TestSeeds.Data);
    static readonly ServiceDefaults.ReferenceData.Place Choucha = TestSeeds.Data.Places["TN-CHOUCHA"];
    static readonly ServiceDefaults.ReferenceData.Place Djerba = TestSeeds.Data.Places["TN-DJERBA-AIRPORT"];
    static readonly ServiceDefaults.ReferenceData.Place Salloum = TestSeeds.Data.Places["EG-SALLOUM"];

    [Fact]
    public void The_seeded_roster_offers_every_service_and_two_partners_for_some_service_and_site()
    {
        Assert.Equal(Enum.GetValues<ReferralService>(), Roster.SelectMany(partner => partner.Services).Distinct().Order());
        Assert.Contains(Enum.GetValues<ReferralService>(), service =>
            TestSeeds.Data.Places.Values.Any(site => Roster.Count(partner => partner.CoversAtSite(service, site.Code)) >= 2));
    }

    [Fact]
    public void A_referral_goes_to_a_partner_at_the_site_before_one_covering_the_country_and_past_those_who_declined()
    {
        Assert.Equal("unicef-child-protection", ReferralRouting.Next(Roster, ReferralService.ChildProtection, Choucha, [])?.OrganisationId);
        Assert.Equal("tdh-child-protection", ReferralRouting.Next(Roster, ReferralService.ChildProtection, Choucha, ["unicef-child-protection"])?.OrganisationId);
        Assert.Null(ReferralRouting.Next(Roster, ReferralService.ChildProtection, Choucha, ["unicef-child-protection", "tdh-child-protection"]));

        // Nobody offers asylum at a site: the country's desk takes it.
        Assert.Equal("unhcr-protection", ReferralRouting.Next(Roster, ReferralService.Asylum, Djerba, [])?.OrganisationId);
        // Child protection at Djerba: no partner there, one for the whole of Tunisia.
        Assert.Equal("tdh-child-protection", ReferralRouting.Next(Roster, ReferralService.ChildProtection, Djerba, [])?.OrganisationId);
        Assert.Equal("erc-salloum", ReferralRouting.Next(Roster, ReferralService.Shelter, Salloum, [])?.OrganisationId);
    }

    [Fact]
    public void A_child_is_given_an_hour_where_anyone_else_has_four()
    {
        var deadlines = new ReferralDeadlines();
        Assert.Equal(TimeSpan.FromHours(1), ReferralRouting.TimeToAccept(child: true, deadlines));
        Assert.Equal(TimeSpan.FromHours(4), ReferralRouting.TimeToAccept(child: false, deadlines));
    }

    [Fact]
    public void A_partner_accepts_a_referral_routed_to_it_once_and_completes_it_only_after_accepting()
    {
        var routed = new ReferralState(Guid.NewGuid(), ReferralStatus.Routed, "msf-medical");
        Assert.True(routed.IsHeldBy("msf-medical"));
        Assert.False(routed.IsHeldBy("trc-health"));
        Assert.Null(routed.RefuseAcceptance());
        Assert.Null(routed.RefuseDecline());
        Assert.NotNull(routed.RefuseCompletion());

        var accepted = routed with { Status = ReferralStatus.Accepted };
        Assert.Equal("Already accepted.", accepted.RefuseAcceptance()!.Title);
        Assert.NotNull(accepted.RefuseDecline());
        Assert.Null(accepted.RefuseCompletion());

        var completed = routed with { Status = ReferralStatus.Completed };
        Assert.NotNull(completed.RefuseAcceptance());
        Assert.NotNull(completed.RefuseCompletion());
        Assert.False(new ReferralState(Guid.NewGuid(), ReferralStatus.NotShared, null).IsHeldBy("msf-medical"));
    }

    [Fact]
    public void Statuses_and_services_are_the_apis_words()
    {
        Assert.Equal(["not-shared", "routed", "accepted", "declined", "completed", "unrouted"], WireNames<ReferralStatus>.All);
        Assert.Equal(["asylum", "child-protection", "medical", "trafficking", "family-tracing", "psychosocial", "shelter"], WireNames<ReferralService>.All);
    }
}
