using Micic.Identity.Domain;

namespace Micic.UnitTests.Identity;

public class TotpTests
{
    // RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 at 59 s; six digits are its last six.
    const string RfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static readonly DateTimeOffset At59 = DateTimeOffset.FromUnixTimeSeconds(59);

    [Fact]
    public void Codes_are_those_of_RFC_6238() => Assert.Equal("287082", Totp.Code(RfcSecret, At59));

    [Fact]
    public void A_code_is_accepted_once_and_one_step_either_side_of_now()
    {
        var step = Totp.Accept(RfcSecret, "287082", At59, lastStep: null);
        Assert.Equal(1, step);
        Assert.Null(Totp.Accept(RfcSecret, "287082", At59, lastStep: step)); // replayed
        Assert.Equal(1, Totp.Accept(RfcSecret, "287082", At59.AddSeconds(30), lastStep: null)); // the clock drifted a step
        Assert.Null(Totp.Accept(RfcSecret, "287082", At59.AddSeconds(95), lastStep: null)); // expired
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("28708a")]
    [InlineData("٢٨٧٠٨٢")] // Arabic-Indic digits are not the code's
    public void Anything_but_six_digits_is_refused(string? code) => Assert.Null(Totp.Accept(RfcSecret, code, At59, null));

    [Fact]
    public void A_new_secret_is_160_random_bits_an_authenticator_can_read()
    {
        var secret = Totp.NewSecret();
        Assert.Equal(32, secret.Length);
        Assert.NotEqual(secret, Totp.NewSecret());
        Assert.StartsWith("otpauth://totp/Micic:amina?secret=" + secret, Totp.EnrolmentUri(secret, "amina", "Micic"));
    }
}
