using Micic.Identity.Domain;

namespace Micic.UnitTests.Identity;

public class AccountRulesTests
{
    static Micic.ServiceDefaults.ReferenceData.Organisation Organisation(string id) => TestSeeds.Data.Organisations.Single(o => o.Id == id);

    [Fact]
    public void A_person_holds_only_roles_their_organisation_holds()
    {
        Assert.Empty(AccountRules.CheckRoles(Organisation("iom"), ["coordinator", "admin"]));
        Assert.Contains("'consulate' is not a role", AccountRules.CheckRoles(Organisation("iom"), ["consulate"])["roles"][0]);
        Assert.Equal(["roles"], AccountRules.CheckRoles(Organisation("iom"), []).Keys);
        Assert.Equal(["roles"], AccountRules.CheckRoles(Organisation("iom"), null).Keys);
        Assert.Equal(["roles"], AccountRules.CheckRoles(Organisation("iom"), [null]).Keys);
        Assert.Equal(["roles"], AccountRules.CheckRoles(Organisation("iom"), ["requester", "requester"]).Keys);
    }

    [Fact]
    public void Coordinators_and_consulates_always_use_a_second_factor_others_as_their_organisation_says()
    {
        Assert.True(AccountRules.RequiresSecondFactor(Organisation("iom"), ["requester"])); // IOM requires it of everyone
        Assert.True(AccountRules.RequiresSecondFactor(Organisation("consulate-phl"), ["offerer"]));
        Assert.False(AccountRules.RequiresSecondFactor(Organisation("unhcr"), ["requester"]));
        Assert.True(AccountRules.RequiresSecondFactor(Organisation("unhcr") with { Mfa = "optional" }, ["coordinator"]));
    }

    [Fact]
    public void A_machine_client_never_administers_people()
    {
        Assert.Equal(["coordinator", "requester"], AccountRules.MachineRoles(Organisation("iom")));
    }

    [Theory]
    [InlineData("amina.el-sayed", true)]
    [InlineData("officer@consulate-bgd", true)]
    [InlineData("", false)]
    [InlineData("name with spaces", false)]
    [InlineData("<script>", false)]
    [InlineData("عائشة", false)]
    public void User_names_are_plain(string userName, bool valid) => Assert.Equal(valid, AccountRules.CheckUserName(userName).Count == 0);

    [Fact]
    public void An_account_is_invited_until_it_has_a_password_and_disabled_above_all()
    {
        var now = DateTimeOffset.Parse("2026-12-06T10:00:00Z");
        var account = new StaffAccount();
        Assert.Equal(AccountStatus.Invited, account.StatusAt(now));
        account.PasswordHash = "hash";
        Assert.Equal(AccountStatus.Active, account.StatusAt(now));
        account.LockoutEnd = now.AddMinutes(15);
        Assert.Equal(AccountStatus.Locked, account.StatusAt(now));
        Assert.Equal(AccountStatus.Active, account.StatusAt(now.AddMinutes(16)));
        account.DisabledAt = now;
        Assert.Equal("disabled", account.StatusName(now));
    }
}
