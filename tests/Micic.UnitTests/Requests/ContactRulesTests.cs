using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class ContactRulesTests
{
    readonly EvacuationRequestValidator _validator = new(TestSeeds.Data, new FixedClock(new DateTimeOffset(2011, 3, 2, 10, 0, 0, TimeSpan.Zero)));

    Dictionary<string, string[]> Validate(SubmitEvacuationRequest request) => _validator.Validate(request, TestSeeds.Crisis(request.CrisisId));

    [Theory]
    [InlineData("+218912345678", "+218912345678")]
    [InlineData("+218 91 234 5678", "+218912345678")]
    [InlineData("+880-1712-345678", "+8801712345678")]
    [InlineData(" +33 (0)6.12.34.56.78 ", "+330612345678")]
    public void A_phone_is_kept_as_E164(string written, string stored) => Assert.Equal(stored, ContactRules.E164(written));

    [Theory]
    [InlineData("0912345678")]
    [InlineData("+0912345678")]
    [InlineData("+12")]
    [InlineData("+2189123456789012")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("+218 91 234 567x")]
    public void What_is_no_international_number_is_refused(string phone)
    {
        Assert.Null(ContactRules.E164(phone));
        Assert.Equal(["contact.phone"], Validate(EvacuationRequestValidatorTests.Valid() with { Contact = new ContactDetails(phone) }).Keys);
    }

    [Theory]
    [InlineData("ar", "ar")]
    [InlineData("FR", "fr")]
    [InlineData("bn", "bn")]
    public void Known_languages_are_read_in_any_case(string given, string language) =>
        Assert.Equal(language, ContactRules.Language(given));

    [Theory]
    [InlineData("tlh")]
    [InlineData("")]
    [InlineData("en-GB-oed-too-long")]
    public void A_language_messages_are_not_written_in_is_refused(string language) =>
        Assert.Equal(["contact.language"],
            Validate(EvacuationRequestValidatorTests.Valid() with { Contact = new ContactDetails("+218912345678", language, true) }).Keys);

    [Fact]
    public void An_accepted_request_keeps_the_contact_as_messages_need_it()
    {
        var submission = EvacuationRequestValidatorTests.Valid() with { Contact = new ContactDetails("+218 91 234 5678", "AR", true) };
        var request = EvacuationRequest.Accept(submission, "iom", "LBY", new DateTimeOffset(2011, 3, 2, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(("+218912345678", "ar", true), (request.ContactPhone, request.ContactLanguage, request.ConsentToMessages));
    }

    [Fact]
    public void Without_a_word_on_consent_no_message_is_sent()
    {
        var request = EvacuationRequest.Accept(EvacuationRequestValidatorTests.Valid(), "iom", "LBY", new DateTimeOffset(2011, 3, 2, 10, 0, 0, TimeSpan.Zero));
        Assert.False(request.ConsentToMessages);
    }
}
