using System.Security.Claims;
using Micic.Requests.Domain;
using Micic.ServiceDefaults.Auth;

namespace Micic.UnitTests.Requests;

public class RequestAccessTests
{
    static ClaimsPrincipal User(string organisation, string role, params string[] nationalities) =>
        new(new ClaimsIdentity(
            [new Claim(MicicClaims.Organisation, organisation), new Claim(ClaimTypes.Role, role),
             .. nationalities.Select(n => new Claim(MicicClaims.Nationality, n))], "test"));

    [Fact]
    public void Coordinators_and_the_organisation_that_asked_act_on_a_request_and_see_everyone_in_it()
    {
        Assert.True(User("iom", Roles.Coordinator).MayActOn("unhcr"));
        Assert.True(User("unhcr", Roles.Requester).MayActOn("unhcr"));
        Assert.False(User("irc", Roles.Requester).MayActOn("unhcr"));
        Assert.False(User("consulate-bgd", Roles.Consulate, "BGD").MayActOn("unhcr"));
        Assert.True(User("unhcr", Roles.Requester).MaySee("unhcr", consentToShareWithConsulate: false, "EGY"));
    }

    [Fact]
    public void A_consulate_sees_only_its_nationals_and_only_where_the_group_consented()
    {
        var consulate = User("consulate-bgd", Roles.Consulate, "BGD");
        Assert.True(consulate.MaySee("unhcr", consentToShareWithConsulate: true, "BGD"));
        Assert.False(consulate.MaySee("unhcr", consentToShareWithConsulate: false, "BGD"));
        Assert.False(consulate.MaySee("unhcr", consentToShareWithConsulate: true, "EGY"));
        Assert.False(User("greek-ferry", Roles.Offerer).MaySee("unhcr", consentToShareWithConsulate: true, "BGD"));
    }

    [Fact]
    public void A_line_about_one_person_is_shown_only_to_those_who_may_see_that_person()
    {
        var person = Guid.NewGuid();
        var bangladesh = User("consulate-bgd", Roles.Consulate, "BGD");
        // A line about the whole group: to whoever sees the request.
        Assert.True(bangladesh.MaySeeLine("unhcr", consentToShareWithConsulate: true, aboutPersonId: null, aboutNationality: null));
        // A line about an Egyptian in a family the Bangladeshi consulate partly sees: not to it.
        Assert.False(bangladesh.MaySeeLine("unhcr", consentToShareWithConsulate: true, person, "EGY"));
        Assert.True(bangladesh.MaySeeLine("unhcr", consentToShareWithConsulate: true, person, "BGD"));
        Assert.False(bangladesh.MaySeeLine("unhcr", consentToShareWithConsulate: false, person, "BGD"));
        // Someone Micic no longer holds: only those who act on the request.
        Assert.False(bangladesh.MaySeeLine("unhcr", consentToShareWithConsulate: true, person, aboutNationality: null));
        Assert.True(User("unhcr", Roles.Requester).MaySeeLine("unhcr", consentToShareWithConsulate: false, person, aboutNationality: null));
        Assert.True(User("iom", Roles.Coordinator).MaySeeLine("unhcr", consentToShareWithConsulate: false, person, "EGY"));
    }
}
