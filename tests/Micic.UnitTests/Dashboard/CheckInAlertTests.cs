using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>A household's "need help" as an alert for its consulate: open until answered otherwise or acknowledged, acknowledged once.</summary>
public class CheckInAlertTests
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 2, 24, 9, 0, 0, TimeSpan.Zero);
    static readonly Guid Household = Guid.NewGuid();

    static CheckInAlert Answered(int answer, DateTimeOffset at) => new(Crisis, Household, "BGD", answer, at);

    [Fact]
    public void Need_help_is_open_and_a_later_safe_or_want_to_leave_closes_it()
    {
        var help = Answered(CheckInAlert.NeedsHelp, T0);
        Assert.True(help.IsOpen);
        Assert.False(help.Answered(CheckInAlert.Safe, T0.AddHours(1)).IsOpen);
        Assert.False(help.Answered(CheckInAlert.WantsToLeave, T0.AddHours(1)).IsOpen);
        Assert.False(Answered(CheckInAlert.Safe, T0).IsOpen);
    }

    [Fact]
    public void An_older_or_unknown_answer_changes_nothing()
    {
        var help = Answered(CheckInAlert.NeedsHelp, T0);
        Assert.Same(help, help.Answered(CheckInAlert.Safe, T0.AddMinutes(-5))); // delivered late
        Assert.Same(help, help.Answered(CheckInAlert.Safe, T0)); // the same answer again
        Assert.Same(help, help.Answered(7, T0.AddHours(1)));
        Assert.False(CheckInAlert.IsAnswer(0));
        Assert.False(CheckInAlert.IsAnswer(4));
    }

    [Fact]
    public void An_open_alert_is_acknowledged_once_and_a_new_need_help_after_it_opens_it_again()
    {
        var (acknowledged, refused) = Answered(CheckInAlert.NeedsHelp, T0).Acknowledge("consulate-bgd", T0.AddMinutes(30));
        Assert.Null(refused);
        Assert.False(acknowledged.IsOpen);
        Assert.Equal(("consulate-bgd", T0.AddMinutes(30), T0), (acknowledged.AcknowledgedBy, acknowledged.AcknowledgedAt, acknowledged.AcknowledgedAnswerAt));
        Assert.True(acknowledged.WasRaised);

        var again = acknowledged.Acknowledge("consulate-bgd", T0.AddMinutes(31));
        Assert.Same(acknowledged, again.Alert);
        Assert.Contains("acknowledged at 2011-02-24 09:30 UTC", again.Refused);

        var helpAgain = acknowledged.Answered(CheckInAlert.NeedsHelp, T0.AddHours(2));
        Assert.True(helpAgain.IsOpen);
        Assert.Null(helpAgain.Acknowledge("consulate-bgd", T0.AddHours(3)).Refused);
    }

    [Fact]
    public void A_household_that_answered_since_has_no_alert_to_acknowledge()
    {
        var safe = Answered(CheckInAlert.NeedsHelp, T0).Answered(CheckInAlert.Safe, T0.AddHours(1));
        Assert.Contains("answered since", safe.Acknowledge("consulate-bgd", T0.AddHours(2)).Refused);
        Assert.False(Answered(CheckInAlert.Safe, T0).WasRaised);
    }

    [Fact]
    public void The_id_is_the_households_in_the_crisis_and_no_other()
    {
        Assert.Equal(CheckInAlert.IdOf(Crisis, Household), Answered(CheckInAlert.NeedsHelp, T0).Id);
        Assert.Equal(CheckInAlert.IdOf(Crisis, Household), Answered(CheckInAlert.Safe, T0.AddDays(1)).Id);
        Assert.NotEqual(CheckInAlert.IdOf(Crisis, Household), CheckInAlert.IdOf("sudan-2023", Household));
        Assert.NotEqual(CheckInAlert.IdOf(Crisis, Household), CheckInAlert.IdOf(Crisis, Guid.NewGuid()));
    }
}
