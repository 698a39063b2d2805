using Micic.Messaging.Domain;

namespace Micic.UnitTests.Messaging;

public class CheckInRulesTests
{
    [Theory]
    [InlineData(null, 3, true)]
    [InlineData(null, 4, true)]
    [InlineData(null, 2, false)]
    [InlineData(1, 3, true)]
    [InlineData(2, 4, true)]
    [InlineData(3, 4, false)] // asked already at 3: mandatory departure asks no one twice
    [InlineData(4, 3, false)]
    [InlineData(3, 2, false)]
    [InlineData(1, 2, false)]
    public void A_crisis_asks_when_it_reaches_voluntary_or_mandatory_departure_from_below(int? from, int to, bool asks) =>
        Assert.Equal(asks, CheckInRules.Asks(from, to));

    [Theory]
    [InlineData("1", CheckInAnswer.Safe)]
    [InlineData(" 2 ", CheckInAnswer.NeedHelp)]
    [InlineData("3.", CheckInAnswer.WantToLeave)]
    [InlineData("١", CheckInAnswer.Safe)] // Arabic-Indic
    [InlineData("٣", CheckInAnswer.WantToLeave)]
    [InlineData("۲", CheckInAnswer.NeedHelp)] // Persian
    [InlineData("৩", CheckInAnswer.WantToLeave)] // Bengali
    [InlineData("\u200f٢\u200f", CheckInAnswer.NeedHelp)] // with the right-to-left marks some phones add
    public void The_answer_is_one_digit_in_the_digits_the_phone_writes(string text, CheckInAnswer answer) =>
        Assert.Equal(answer, CheckInRules.Read(text));

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("7")]
    [InlineData("12")]
    [InlineData("1 we are safe but no water")]
    [InlineData("one")]
    [InlineData("")]
    public void Anything_else_is_no_answer(string text) => Assert.Null(CheckInRules.Read(text));

    [Fact]
    public void Silence_asks_again_once_then_the_consulate_calls()
    {
        Assert.Equal(CheckInFollowUp.AskAgain, CheckInRules.AfterSilence(1));
        Assert.Equal(CheckInFollowUp.ToCall, CheckInRules.AfterSilence(2));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("ar")]
    [InlineData("bn")]
    public void The_question_names_the_crisis_and_the_three_answers_in_at_most_two_parts(string language)
    {
        var text = Templates.Render(Template.CheckIn, language, new MessageFacts(null, Crisis: "Libya 2011"));
        Assert.StartsWith("Libya 2011", text);
        Assert.Contains("1", text);
        Assert.Contains("2", text);
        Assert.Contains("3", text);
        // One part in the GSM alphabet (160 characters: English and French), two concatenated parts in UCS-2 (67 each: Arabic, Bengali).
        Assert.True(Sms.Coding(text) == 2 ? language is "ar" or "bn" && text.Length <= 134 : text.Length <= 160, $"{text.Length}: {text}");
    }
}
