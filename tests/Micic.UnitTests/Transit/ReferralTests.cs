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

public class ReferralsAtArrivalTests
{
    static readonly IReadOnlyList<Partner> Roster = Partner.Roster(TestSeeds.Data);
    static readonly ServiceDefaults.ReferenceData.Place Choucha = TestSeeds.Data.Places["TN-CHOUCHA"];
    static readonly DateTimeOffset Now = new(2011, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_consent_a_referral_is_routed_without_it_it_stays_at_the_site_and_with_nobody_to_take_it_it_is_unrouted()
    {
        var opened = Referrals.At(Choucha, [(ReferralService.Medical, true), (ReferralService.Asylum, false)], [], Roster, new ReferralDeadlines(), Now);

        var medical = opened.Single(r => r.Service == ReferralService.Medical);
        Assert.Equal((ReferralStatus.Routed, "msf-medical", Now.AddHours(4)), (medical.Status, medical.PartnerId, medical.DueBy));
        var asylum = opened.Single(r => r.Service == ReferralService.Asylum);
        Assert.Equal((ReferralStatus.NotShared, null), (asylum.Status, asylum.PartnerId));

        var malta = TestSeeds.Data.Places["MT-VALLETTA-PORT"];
        Assert.Equal(ReferralStatus.Unrouted, Assert.Single(Referrals.At(malta, [(ReferralService.Shelter, true)], [], Roster, new ReferralDeadlines(), Now)).Status);
    }

    [Fact]
    public void An_unaccompanied_child_gets_child_protection_unasked_flagged_for_a_best_interest_assessment_and_due_within_the_hour()
    {
        var opened = Referrals.At(Choucha, [(ReferralService.Medical, true)], ["unaccompanied-child"], Roster, new ReferralDeadlines(), Now);

        Assert.Equal(2, opened.Count);
        var protection = opened.Single(r => r.Service == ReferralService.ChildProtection);
        Assert.Equal((ReferralStatus.Routed, "unicef-child-protection", true, Now.AddHours(1)),
            (protection.Status, protection.PartnerId, protection.BestInterestAssessment, protection.DueBy));
        Assert.Equal(Now.AddHours(1), opened.Single(r => r.Service == ReferralService.Medical).DueBy);
        Assert.False(opened.Single(r => r.Service == ReferralService.Medical).BestInterestAssessment);

        // Asked for already: not twice.
        Assert.Single(Referrals.At(Choucha, [(ReferralService.ChildProtection, true)], ["separated-child"], Roster, new ReferralDeadlines(), Now));
    }
}

public class ReferralPartnerViewTests
{
    [Fact]
    public void A_partner_is_told_only_the_needs_that_bear_on_its_service()
    {
        string[] needs = ["pregnant", "trafficking-survivor", "separated-child"];
        Assert.Equal(["pregnant"], ReferralNeeds.For(ReferralService.Medical, needs));
        Assert.Equal(["trafficking-survivor", "separated-child"], ReferralNeeds.For(ReferralService.Trafficking, needs));
        Assert.Equal(["separated-child"], ReferralNeeds.For(ReferralService.FamilyTracing, needs));
        Assert.All(Enum.GetValues<ReferralService>(), service => Assert.NotNull(ReferralNeeds.For(service, needs)));
    }

    [Fact]
    public void A_decline_says_why_and_a_completion_what_came_of_it()
    {
        var validator = new ReferralStepValidator();
        Assert.Empty(validator.Validate(new DeclineReferral("no interpreter for Tigrinya until Monday")));
        Assert.Equal(["reason"], validator.Validate(new DeclineReferral(" ")).Keys);
        Assert.Equal(["reason"], validator.Validate((DeclineReferral?)null).Keys);
        Assert.Empty(validator.Validate(new CompleteReferral("registered; interview on 14 March")));
        Assert.Equal(["outcome"], validator.Validate(new CompleteReferral(new string('x', 501))).Keys);
        Assert.Equal(["outcome"], validator.Validate((CompleteReferral?)null).Keys);
    }
}
