using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class SelfRegistrationRulesTests
{
    static readonly DateTimeOffset Now = new(2011, 2, 20, 9, 0, 0, TimeSpan.Zero);

    static PendingRegistration Waiting(string code, int wrongCodes = 0, string status = SelfRegistrationStatus.AwaitingCode)
    {
        var id = Guid.CreateVersion7(Now);
        return new PendingRegistration(id, status, Now, Now + SelfRegistrationRules.CodeLifetime, SelfRegistrationRules.Hash(id, code), wrongCodes, null);
    }

    [Fact]
    public void The_code_sent_confirms_within_fifteen_minutes()
    {
        var pending = Waiting("042917");
        Assert.Equal(CodeOutcome.Confirmed, SelfRegistrationRules.Try(pending, "042917", Now.AddMinutes(14)));
    }

    [Fact]
    public void A_code_at_or_after_its_fifteen_minutes_has_expired_even_the_right_one()
    {
        var pending = Waiting("042917");
        Assert.Equal(CodeOutcome.Expired, SelfRegistrationRules.Try(pending, "042917", Now.AddMinutes(15)));
        Assert.Equal(CodeOutcome.Expired, SelfRegistrationRules.Try(pending, "111111", Now.AddHours(2)));
    }

    [Fact]
    public void Four_wrong_codes_leave_tries_and_the_fifth_voids()
    {
        for (var wrong = 0; wrong < 4; wrong++)
        {
            var pending = Waiting("042917", wrong);
            Assert.Equal(CodeOutcome.Wrong, SelfRegistrationRules.Try(pending, "000000", Now));
            Assert.Equal(4 - wrong, SelfRegistrationRules.TriesLeftAfterWrong(pending));
        }
        Assert.Equal(CodeOutcome.Voided, SelfRegistrationRules.Try(Waiting("042917", 4), "000000", Now));
    }

    [Fact]
    public void After_four_wrong_codes_the_right_one_still_confirms() =>
        Assert.Equal(CodeOutcome.Confirmed, SelfRegistrationRules.Try(Waiting("042917", 4), "042917", Now));

    [Fact]
    public void A_code_of_another_registration_is_wrong_here()
    {
        var mine = Waiting("042917");
        var theirs = Waiting("555123");
        Assert.Equal(CodeOutcome.Wrong, SelfRegistrationRules.Try(mine, "555123", Now));
        Assert.NotEqual(mine.CodeHash, SelfRegistrationRules.Hash(theirs.Id, "042917"));
    }

    [Fact]
    public void A_code_not_sent_yet_matches_nothing() =>
        Assert.Equal(CodeOutcome.Wrong, SelfRegistrationRules.Try(Waiting("042917") with { CodeHash = null }, "042917", Now));

    [Theory]
    [InlineData(SelfRegistrationStatus.Confirmed, CodeOutcome.AlreadyConfirmed)]
    [InlineData(SelfRegistrationStatus.Voided, CodeOutcome.AlreadyVoid)]
    [InlineData(SelfRegistrationStatus.Expired, CodeOutcome.Expired)]
    public void An_ended_registration_takes_no_code_not_even_the_right_one(string status, CodeOutcome outcome) =>
        Assert.Equal(outcome, SelfRegistrationRules.Try(Waiting("042917", status: status), "042917", Now));

    [Theory]
    [InlineData("042917", true)]
    [InlineData("42917", false)]
    [InlineData("0429170", false)]
    [InlineData("04291a", false)]
    [InlineData("٠٤٢٩١٧", false)]
    [InlineData(null, false)]
    public void A_code_is_six_ascii_digits(string? code, bool wellFormed) => Assert.Equal(wellFormed, SelfRegistrationRules.IsWellFormed(code));

    [Fact]
    public void Codes_are_six_digits_and_vary()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => SelfRegistrationRules.NewCode()).ToList();
        Assert.All(codes, code => Assert.True(SelfRegistrationRules.IsWellFormed(code)));
        Assert.True(codes.Distinct().Count() > 190);
    }

    [Fact]
    public void Three_codes_an_hour_go_to_a_phone_and_the_fourth_waits_until_the_first_is_an_hour_old()
    {
        Assert.Null(SelfRegistrationRules.RetryAfter([], Now));
        Assert.Null(SelfRegistrationRules.RetryAfter([Now.AddMinutes(-50), Now.AddMinutes(-10)], Now));
        Assert.Equal(TimeSpan.FromMinutes(10), SelfRegistrationRules.RetryAfter([Now.AddMinutes(-5), Now.AddMinutes(-50), Now.AddMinutes(-20)], Now));
    }

    [Fact]
    public void A_phone_is_counted_by_a_digest_not_its_number()
    {
        var digest = SelfRegistrationRules.PhoneDigest("+218912345678");
        Assert.Equal(digest, SelfRegistrationRules.PhoneDigest("+218912345678"));
        Assert.NotEqual(digest, SelfRegistrationRules.PhoneDigest("+218912345679"));
        Assert.DoesNotContain("218912345678", Convert.ToHexString(digest));
    }
}
