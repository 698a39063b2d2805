using System.Text;
using Micic.Contracts;
using Micic.Messaging.Domain;

namespace Micic.UnitTests.Messaging;

public class KeywordTests
{
    [Theory]
    [InlineData("YES", Keyword.Yes)]
    [InlineData(" yes! ", Keyword.Yes)]
    [InlineData("Oui", Keyword.Yes)]
    [InlineData("نعم", Keyword.Yes)]
    [InlineData("نَعَم", Keyword.Yes)]
    [InlineData("no", Keyword.No)]
    [InlineData("NON.", Keyword.No)]
    [InlineData("لا", Keyword.No)]
    [InlineData("stop", Keyword.Stop)]
    [InlineData("Arrêt", Keyword.Stop)]
    [InlineData("ARRET", Keyword.Stop)]
    [InlineData("توقف", Keyword.Stop)]
    [InlineData("help", Keyword.Help)]
    [InlineData("aide", Keyword.Help)]
    [InlineData("مساعدة", Keyword.Help)]
    public void The_keywords_are_read_in_three_languages(string text, Keyword keyword) => Assert.Equal(keyword, Keywords.Read(text));

    [Theory]
    [InlineData("no problem, thank you")]
    [InlineData("yes but my son is ill")]
    [InlineData("stopped at the checkpoint")]
    [InlineData("")]
    [InlineData("?")]
    public void Anything_more_than_the_word_alone_is_feedback(string text) => Assert.Equal(Keyword.None, Keywords.Read(text));
}

public class TemplateTests
{
    [Fact]
    public void Every_template_is_written_in_every_language() => Assert.Empty(Templates.Missing());

    [Fact]
    public void A_matched_notice_gives_place_and_time_first_then_the_reference()
    {
        var text = Templates.Render(Template.Matched, "ar", new MessageFacts("LBY-7KQ2-M9XD", "Tripoli port", "05/03 08:00"));

        Assert.StartsWith("Tripoli port، 05/03 08:00", text);
        Assert.Contains("LBY-7KQ2-M9XD", text);
        Assert.Contains("نعم", text);
        Assert.Equal(2, Sms.Coding(text));
    }

    [Theory]
    [InlineData("en", 160)]
    [InlineData("fr", 160)]
    [InlineData("ar", 70)]
    [InlineData("bn", 70)]
    public void A_registration_code_fits_one_SMS_in_every_language_with_the_code_in_it(string language, int oneSms)
    {
        var text = Templates.Render(Template.RegistrationCode, language, new MessageFacts(null, Code: "042917"));
        Assert.Contains("042917", text);
        Assert.Contains("15", text);
        Assert.True(text.Length <= oneSms, $"{text.Length}: {text}");
    }

    [Fact]
    public void An_English_notice_goes_in_the_GSM_alphabet()
    {
        var text = Templates.Render(Template.Matched, "en", new MessageFacts("LBY-7KQ2-M9XD", "Tripoli port", "05/03 08:00"));
        Assert.Equal(0, Sms.Coding(text));
        Assert.True(text.Length <= 160, text);
    }

    [Fact]
    public void A_language_Micic_does_not_write_falls_back_on_English() =>
        Assert.Equal(Templates.Render(Template.Departed, "en", new("R")), Templates.Render(Template.Departed, "ti", new("R")));

    [Fact]
    public void Departure_time_is_the_pickup_place_clock()
    {
        var at = new DateTimeOffset(2011, 3, 5, 6, 0, 0, TimeSpan.Zero);
        Assert.Equal("05/03 08:00", LocalTime.Format(at, "LBY"));
        Assert.Equal("05/03 06:00 UTC", LocalTime.Format(at, "XXX"));
    }
}

public class MessageLanguageTests
{
    [Theory]
    [InlineData("fr", "BGD", "fr")]
    [InlineData(null, "BGD", "bn")]
    [InlineData(null, "EGY", "ar")]
    [InlineData(null, "NER", "fr")]
    [InlineData(null, "PHL", "en")]
    [InlineData(null, null, "en")]
    [InlineData("tlh", "SDN", "ar")]
    public void The_language_asked_for_else_the_main_nationality_s(string? asked, string? nationality, string language) =>
        Assert.Equal(language, MessageLanguage.For(asked, nationality));
}

public class PhoneTests
{
    [Theory]
    [InlineData("+218912345678", "+218912345678")]
    [InlineData("218912345678", "+218912345678")]
    [InlineData("00218 91 234 5678", "+218912345678")]
    public void Numbers_as_gateways_give_them_are_read_as_E164(string given, string phone) => Assert.Equal(phone, Phones.E164(given));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("+12")]
    [InlineData("+0218912345678")]
    public void What_is_no_phone_number_is_refused(string given) => Assert.Null(Phones.E164(given));

    [Fact]
    public void A_masked_phone_shows_its_last_three_digits_only() => Assert.Equal(new string('•', 10) + "678", Phones.Masked("+218912345678"));
}

public class JourneyNoticeTests
{
    static readonly Guid Offer = Guid.NewGuid();

    static EvacuationStatusChanged Change(string status, int sequence, Guid? offer = null) => new()
    {
        RequestId = Guid.NewGuid(), Status = status, Sequence = sequence, GroupSize = 3, Priority = 0, OfferId = offer, At = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_match_is_told_once()
    {
        Assert.Equal(Template.Matched, JourneyNotices.For(new JourneyState(RequestStatus.Pending, 1, null), Change(RequestStatus.Matched, 2, Offer)));
        Assert.Null(JourneyNotices.For(new JourneyState(RequestStatus.Matched, 2, Offer), Change(RequestStatus.Manifested, 3, Offer)));
    }

    [Fact]
    public void Losing_the_seat_is_told_waiting_is_not()
    {
        Assert.Equal(Template.Released, JourneyNotices.For(new JourneyState(RequestStatus.Manifested, 3, Offer), Change(RequestStatus.Pending, 4)));
        Assert.Null(JourneyNotices.For(new JourneyState(RequestStatus.Submitted, 0, null), Change(RequestStatus.Pending, 1)));
    }

    [Fact]
    public void An_older_change_arriving_late_tells_nothing() =>
        Assert.Null(JourneyNotices.For(new JourneyState(RequestStatus.Departed, 5, Offer), Change(RequestStatus.Matched, 2, Offer)));

    [Fact]
    public void Departure_and_arrival_are_told()
    {
        Assert.Equal(Template.Departed, JourneyNotices.For(new JourneyState(RequestStatus.Manifested, 3, Offer), Change(RequestStatus.Departed, 4)));
        Assert.Equal(Template.Arrived, JourneyNotices.For(new JourneyState(RequestStatus.InTransit, 5, Offer), Change(RequestStatus.Completed, 6)));
    }
}

public class GatewaySecretTests
{
    readonly GatewaySecret _secret = new("s3cret");

    [Fact]
    public void The_header_or_the_Basic_password_is_the_secret()
    {
        Assert.True(_secret.Matches(GatewaySecret.Presented("s3cret", null)));
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("kannel:s3cret"));
        Assert.True(_secret.Matches(GatewaySecret.Presented(null, basic)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("s3cre", null)]
    [InlineData(null, "Bearer s3cret")]
    [InlineData(null, "Basic !!!notbase64")]
    public void Anything_else_is_refused(string? header, string? authorization) =>
        Assert.False(_secret.Matches(GatewaySecret.Presented(header, authorization)));
}

public class FeedbackCategoryTests
{
    [Theory]
    [InlineData("Where is the bus?", FeedbackCategory.Question)]
    [InlineData("Merci beaucoup", FeedbackCategory.Thanks)]
    [InlineData("We need water please", FeedbackCategory.Request)]
    [InlineData("The guard asked for sexual favours, thank you for help", FeedbackCategory.Sensitive)]
    [InlineData("شكوى من المعاملة", FeedbackCategory.Complaint)]
    public void A_first_guess_at_the_category(string text, string category) => Assert.Equal(category, FeedbackCategory.Guess(text));
}

public class DeliveryReportTests
{
    [Theory]
    [InlineData(1, MessageStatus.Delivered)]
    [InlineData(2, MessageStatus.Failed)]
    [InlineData(16, MessageStatus.Failed)]
    [InlineData(8, MessageStatus.Sent)]
    public void Kannel_s_reports_move_a_message(int report, string status) => Assert.Equal(status, DeliveryReport.StatusOf(report));

    [Fact]
    public void Retries_back_off_to_five_minutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Retry.After(1));
        Assert.Equal(TimeSpan.FromSeconds(4), Retry.After(2));
        Assert.Equal(TimeSpan.FromMinutes(5), Retry.After(30));
    }
}
