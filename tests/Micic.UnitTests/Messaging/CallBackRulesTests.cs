using Micic.Messaging.Domain;

namespace Micic.UnitTests.Messaging;

public class CallBackRulesTests
{
    [Theory]
    [InlineData(null, "Required.")]
    [InlineData("", "Required.")]
    [InlineData("   ", "Required.")]
    [InlineData("called\u0007", "Must not contain control characters.")]
    public void A_note_says_what_came_of_the_call_in_printable_words(string? note, string problem) =>
        Assert.Equal(problem, CallBackRules.NoteProblem(note));

    [Fact]
    public void A_note_is_a_line_or_two_not_an_essay()
    {
        Assert.Null(CallBackRules.NoteProblem(new string('a', CallBackRules.MaxNoteLength)));
        Assert.Null(CallBackRules.NoteProblem("Called at 14:10.\nThe family needs a wheelchair at the port."));
        Assert.Equal($"At most {CallBackRules.MaxNoteLength} characters.", CallBackRules.NoteProblem(new string('a', CallBackRules.MaxNoteLength + 1)));
        Assert.NotNull(CallBackRules.NoteProblem(new string('a', 2000)));
    }

    [Fact]
    public void A_call_back_is_closed_once()
    {
        Assert.True(CallBackRules.CanClose(CallBackStatus.Open));
        Assert.False(CallBackRules.CanClose(CallBackStatus.Closed));
    }

    [Fact]
    public void The_whole_number_is_shown_only_while_the_call_is_to_be_made()
    {
        Assert.Equal("+249912345678", CallBackRules.PhoneShown(CallBackStatus.Open, "+249912345678"));
        Assert.Equal("••••••••••678", CallBackRules.PhoneShown(CallBackStatus.Closed, "+249912345678"));
        Assert.True(CallBackRules.ShowsWholeNumber(CallBackStatus.Open, "+249912345678"));
        Assert.False(CallBackRules.ShowsWholeNumber(CallBackStatus.Closed, "+249912345678"));
    }

    [Theory]
    [InlineData(CallBackStatus.Open)]
    [InlineData(CallBackStatus.Closed)]
    public void An_erased_number_is_shown_as_none_and_its_read_is_no_read_of_personal_data(string status)
    {
        Assert.Null(CallBackRules.PhoneShown(status, ""));
        Assert.Null(CallBackRules.PhoneShown(status, null));
        Assert.False(CallBackRules.ShowsWholeNumber(status, ""));
    }
}
