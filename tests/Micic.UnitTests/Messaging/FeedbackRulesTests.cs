using Micic.Messaging.Domain;

namespace Micic.UnitTests.Messaging;

public class FeedbackRulesTests
{
    [Theory]
    [InlineData("A guard asked for sex in exchange for a seat")]
    [InlineData("the driver abused my sister")]
    [InlineData("they are trafficking the girls from the camp")]
    [InlineData("On m'a proposé une place contre un rapport, c'est de l'exploitation")]
    [InlineData("il y a de la traite des femmes ici")]
    [InlineData("تعرضت للتحرش في المخيم")]
    [InlineData("هناك اتجار بالبشر")]
    public void Exploitation_abuse_and_trafficking_are_taken_for_sensitive_in_three_languages(string text) =>
        Assert.Equal(FeedbackCategory.Sensitive, FeedbackCategory.Guess(text));

    [Theory]
    [InlineData("thank you for the bus", FeedbackCategory.Thanks)]
    [InlineData("the food was bad", FeedbackCategory.Complaint)]
    [InlineData("when does the ship leave?", FeedbackCategory.Question)]
    public void Other_feedback_is_not_sealed(string text, string category)
    {
        Assert.Equal(category, FeedbackCategory.Guess(text));
        Assert.False(FeedbackRules.IsSealed(category));
    }

    [Fact]
    public void A_sensitive_item_is_referred_at_once_and_any_other_waits_as_new()
    {
        Assert.Equal(FeedbackStatus.Referred, FeedbackRules.InitialStatus(FeedbackCategory.Sensitive));
        Assert.All(FeedbackCategory.All.Where(category => category != FeedbackCategory.Sensitive),
            category => Assert.Equal(FeedbackStatus.New, FeedbackRules.InitialStatus(category)));
    }

    [Fact]
    public void A_sealed_text_goes_to_the_psea_partner_only_and_the_partner_lists_nothing_else()
    {
        Assert.False(FeedbackRules.ShowsText(FeedbackReader.Coordinator, FeedbackCategory.Sensitive));
        Assert.True(FeedbackRules.ShowsText(FeedbackReader.PseaPartner, FeedbackCategory.Sensitive));
        Assert.True(FeedbackRules.ShowsText(FeedbackReader.Coordinator, FeedbackCategory.Complaint));
        Assert.True(FeedbackRules.Lists(FeedbackReader.Coordinator, FeedbackCategory.Sensitive));
        Assert.True(FeedbackRules.Lists(FeedbackReader.PseaPartner, FeedbackCategory.Sensitive));
        Assert.All(FeedbackCategory.All.Where(category => category != FeedbackCategory.Sensitive),
            category => Assert.False(FeedbackRules.Lists(FeedbackReader.PseaPartner, category)));
    }

    [Theory]
    [InlineData(FeedbackCategory.Complaint, FeedbackStatus.New, null)]
    [InlineData(FeedbackCategory.Complaint, FeedbackStatus.Answered, AnswerRefusal.AlreadyAnswered)]
    [InlineData(FeedbackCategory.Question, FeedbackStatus.Closed, AnswerRefusal.AlreadyAnswered)]
    [InlineData(FeedbackCategory.Sensitive, FeedbackStatus.Referred, AnswerRefusal.Sealed)]
    public void Only_a_new_item_that_is_not_sealed_is_answered(string category, string status, AnswerRefusal? refusal) =>
        Assert.Equal(refusal, FeedbackRules.CanAnswer(category, status));

    [Theory]
    [InlineData(null, "Required.")]
    [InlineData("   ", "Required.")]
    [InlineData("ok\u0007", "Must not contain control characters.")]
    [InlineData("line one\nline two", null)]
    public void A_text_is_present_printable_and_short(string? text, string? problem) =>
        Assert.Equal(problem, FeedbackRules.TextProblem(text, FeedbackRules.MaxTextLength));

    [Fact]
    public void A_text_longer_than_allowed_is_refused()
    {
        Assert.Equal($"At most {FeedbackRules.MaxAnswerLength} characters.", FeedbackRules.TextProblem(new string('a', 5000), FeedbackRules.MaxAnswerLength));
        Assert.Null(FeedbackRules.TextProblem(new string('a', FeedbackRules.MaxAnswerLength), FeedbackRules.MaxAnswerLength));
    }

    [Theory]
    [InlineData("ar", "رد على رسالتك (MIC-7): سيغادر الباص الساعة 9")]
    [InlineData("fr", "Réponse à votre message (MIC-7): سيغادر الباص الساعة 9")]
    [InlineData("en", "Answer to your message (MIC-7): سيغادر الباص الساعة 9")]
    public void An_answer_is_headed_in_the_senders_language(string language, string expected) =>
        Assert.Equal(expected, FeedbackRules.AnswerText(language, "MIC-7", " سيغادر الباص الساعة 9 "));

    [Fact]
    public void The_seeded_roster_has_a_psea_partner() =>
        Assert.Equal(["psea-network"], FeedbackRules.PseaPartners(TestSeeds.Data));
}
