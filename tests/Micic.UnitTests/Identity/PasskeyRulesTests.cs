using Micic.Identity.Domain;

namespace Micic.UnitTests.Identity;

public class PasskeyRulesTests
{
    [Fact]
    public void A_passkey_is_added_or_removed_only_from_a_session_as_strong_as_the_person_s_sign_in()
    {
        Assert.True(PasskeyRules.MayChange(["pwd", "mfa"], holdsSecondFactor: true));
        Assert.True(PasskeyRules.MayChange(["hwk", "mfa"], holdsSecondFactor: true));
        Assert.False(PasskeyRules.MayChange(["pwd"], holdsSecondFactor: true)); // a stolen password must not buy a passkey
        Assert.False(PasskeyRules.MayChange([], holdsSecondFactor: true));
        Assert.True(PasskeyRules.MayChange(["pwd"], holdsSecondFactor: false));
    }

    [Fact]
    public void A_passkey_takes_the_name_given_tidied_or_a_numbered_one()
    {
        Assert.Equal("Work laptop", PasskeyRules.Name("  Work laptop ", 0, "Passkey"));
        Assert.Equal("Passkey 1", PasskeyRules.Name(null, 0, "Passkey"));
        Assert.Equal("مفتاح مرور 3", PasskeyRules.Name("   ", 2, "مفتاح مرور"));
        Assert.Equal(new string('x', 60), PasskeyRules.Name(new string('x', 60), 0, "Passkey"));
        Assert.Null(PasskeyRules.Name(new string('x', 61), 0, "Passkey"));
        Assert.Null(PasskeyRules.Name("phone\u0000", 0, "Passkey"));
        Assert.Null(PasskeyRules.Name("line\nbreak", 0, "Passkey"));
    }

    [Theory]
    [InlineData("localhost", true)]
    [InlineData("micic.example.org", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("[::1]", false)]
    [InlineData("::1", false)]
    [InlineData("10.0.0.7", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("bad host", false)]
    public void Passkeys_are_offered_under_a_domain_name_only(string? domain, bool served) =>
        Assert.Equal(served, PasskeyRules.Serves(domain));

    [Theory]
    [InlineData("http://localhost:5100", false, "http://localhost:5100", true)]
    [InlineData("http://LOCALHOST:5100", false, "http://localhost:5100", true)]
    [InlineData("http://localhost:5101", false, "http://localhost:5100", false)]
    [InlineData("https://localhost:5100", false, "http://localhost:5100", false)]
    [InlineData("http://evil.example:5100", false, "http://localhost:5100", false)]
    [InlineData("http://localhost:5100", true, "http://localhost:5100", false)]
    [InlineData("http://localhost:5100/", false, "http://localhost:5100", false)]
    [InlineData("http://localhost:5100/account", false, "http://localhost:5100", false)]
    [InlineData("not an origin", false, "http://localhost:5100", false)]
    [InlineData(null, false, "http://localhost:5100", false)]
    public void A_ceremony_comes_from_the_origin_the_page_was_served_from(string? origin, bool crossOrigin, string servedFrom, bool accepted) =>
        Assert.Equal(accepted, PasskeyRules.Accepts(origin, crossOrigin, servedFrom, []));

    [Fact]
    public void A_deployment_that_lists_its_origins_accepts_those_alone()
    {
        string[] listed = ["https://micic.example.org", "https://intake.micic.example.org"];
        Assert.True(PasskeyRules.Accepts("https://intake.micic.example.org", false, "http://identity:8080", listed));
        Assert.False(PasskeyRules.Accepts("http://identity:8080", false, "http://identity:8080", listed));
    }

    [Fact]
    public void A_token_says_how_the_person_signed_in()
    {
        Assert.Equal(["hwk", "mfa"], Methods.ForToken(["hwk", "mfa"]));
        Assert.Equal(["hwk"], Methods.ForToken(["hwk"]));
        Assert.Equal(["pwd", "otp", "mfa"], Methods.ForToken(["pwd", "mfa"]));
        Assert.Equal(["pwd", "otp", "mfa"], Methods.ForToken(["mfa"]));
        Assert.Equal(["pwd"], Methods.ForToken(["pwd"]));
        Assert.Equal(["pwd"], Methods.ForToken([]));
        Assert.Equal(["hwk", "mfa"], PasskeyRules.SignInMethods(userVerified: true));
        Assert.Equal(["hwk"], PasskeyRules.SignInMethods(userVerified: false));
    }

    [Fact]
    public void A_passkey_is_the_second_factor_the_accounts_list_names_before_an_authenticator()
    {
        var withCodes = new StaffAccount { TotpSecret = "SAN5MAJQK43ZQFZ7RQWEYPXWFH4TITXG" };
        Assert.Equal(SecondFactor.Passkey, withCodes.SecondFactor(holdsPasskey: true));
        Assert.Equal(SecondFactor.Totp, withCodes.SecondFactor(holdsPasskey: false));
        Assert.Equal(SecondFactor.Passkey, new StaffAccount().SecondFactor(holdsPasskey: true));
        Assert.Equal(SecondFactor.None, new StaffAccount().SecondFactor(holdsPasskey: false));
    }
}
