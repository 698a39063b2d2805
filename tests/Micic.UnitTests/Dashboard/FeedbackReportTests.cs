using Micic.Contracts;
using Micic.Dashboard.Domain;

namespace Micic.UnitTests.Dashboard;

/// <summary>What people said, in the after-action report: counts by category and the median time to an answer.</summary>
public class FeedbackReportTests
{
    const string Crisis = "libya-2011";
    static readonly DateTimeOffset T0 = new(2011, 3, 1, 8, 0, 0, TimeSpan.Zero);
    static readonly Guid Group = Guid.NewGuid(), Other = Guid.NewGuid();
    static readonly Guid[] Items = [.. Enumerable.Range(0, 5).Select(_ => Guid.NewGuid())];

    static IEnumerable<object> Events() =>
    [
        new EvacuationRequested
        {
            RequestId = Group, CrisisId = Crisis, PickupPlace = "LY-BEN-PORT", DestinationCountry = "SDN", AcceptsThirdCountry = false, GroupSize = 2,
            Nationalities = [new NationalityCount("SDN", 2)], Needs = Needs.None, HasElderly = false, SubmittedAt = T0,
        },
        // An SMS names no crisis: its group's counts. Answered after 2 h and 4 h.
        new FeedbackReceived { FeedbackId = Items[0], RequestId = Group, Category = "complaint", Channel = "sms", At = T0 },
        new FeedbackAnswered { FeedbackId = Items[0], RequestId = Group, Category = "complaint", ReceivedAt = T0, AnsweredAt = T0.AddHours(2) },
        // Answered before the receipt was read: counted all the same.
        new FeedbackAnswered { FeedbackId = Items[1], CrisisId = Crisis, Category = "complaint", ReceivedAt = T0, AnsweredAt = T0.AddHours(4) },
        new FeedbackReceived { FeedbackId = Items[1], CrisisId = Crisis, Category = "complaint", Channel = "desk", At = T0 },
        new FeedbackReceived { FeedbackId = Items[2], CrisisId = Crisis, Category = "sensitive", Channel = "desk", At = T0 },
        // Another crisis, and a group Micic never heard of: not this crisis's.
        new FeedbackReceived { FeedbackId = Items[3], CrisisId = "cote-divoire-2011", Category = "thanks", Channel = "web", At = T0 },
        new FeedbackReceived { FeedbackId = Items[4], RequestId = Other, Category = "question", Channel = "sms", At = T0 },
    ];

    static AfterActionReport Report(CrisisHistory history) => AfterAction.Compile(history, Crisis, "Libya 2011", null, T0.AddHours(12));

    static CrisisHistory Fold(IEnumerable<object> events)
    {
        var history = new CrisisHistory();
        foreach (var message in events)
            history.Add(message);
        return history;
    }

    [Fact]
    public void Feedback_is_counted_by_category_with_the_median_hours_to_an_answer()
    {
        var feedback = Report(Fold(Events())).Feedback!;
        Assert.Equal([new FeedbackCategoryReport("complaint", 2, 2, 3.0), new FeedbackCategoryReport("sensitive", 1, 0, null)], feedback.ByCategory);
    }

    [Fact]
    public void A_fold_taken_up_from_a_checkpoint_counts_the_same()
    {
        var events = Events().ToList();
        var first = Fold(events.Take(3));
        var resumed = CrisisHistory.From(first.Checkpoint());
        foreach (var message in events.Skip(3))
            resumed.Add(message);
        Assert.Equal(Report(Fold(events)).Feedback!.ByCategory, Report(resumed).Feedback!.ByCategory);
    }

    [Fact]
    public void A_consulates_report_says_nothing_of_feedback() =>
        Assert.Null(AfterAction.Compile(Fold(Events()), Crisis, "Libya 2011", new HashSet<string> { "SDN" }, T0.AddHours(12)).Feedback);

    [Fact]
    public void The_printed_report_tells_what_people_said_by_category_with_the_time_to_an_answer_in_words()
    {
        var page = Micic.Dashboard.Apis.ReportDocuments.Page(Report(Fold(Events())), "iom");
        Assert.Contains("<h2>What people said</h2>", page);
        Assert.Contains("<td>Complaint</td><td class=\"number\">2</td><td class=\"number\">2</td><td class=\"number\">3 h</td>", page);
        Assert.Contains("<td>Sensitive</td><td class=\"number\">1</td><td class=\"number\">0</td><td class=\"number\">—</td>", page);
        // Why a sensitive item stays unanswered, so that a reader does not take it for a failure.
        Assert.Contains("is not answered from the register", page);
    }

    [Fact]
    public void A_median_answer_time_rounded_to_nought_reads_as_under_three_minutes()
    {
        var events = Events().ToList();
        events[2] = new FeedbackAnswered { FeedbackId = Items[0], RequestId = Group, Category = "complaint", ReceivedAt = T0, AnsweredAt = T0.AddSeconds(40) };
        events[3] = new FeedbackAnswered { FeedbackId = Items[1], CrisisId = Crisis, Category = "complaint", ReceivedAt = T0, AnsweredAt = T0.AddSeconds(90) };
        var page = Micic.Dashboard.Apis.ReportDocuments.Page(Report(Fold(events)), "iom");
        Assert.Contains("<td class=\"number\">under 3 min</td>", page);
    }

    [Fact]
    public void A_crisis_where_nobody_spoke_says_so_and_a_consulates_report_has_no_such_section()
    {
        var silent = Micic.Dashboard.Apis.ReportDocuments.Page(Report(Fold(Events().Take(1))), "iom");
        Assert.Contains("<h2>What people said</h2><p>Nobody gave feedback in this crisis", silent);
        var consulate = AfterAction.Compile(Fold(Events()), Crisis, "Libya 2011", new HashSet<string> { "SDN" }, T0.AddHours(12));
        Assert.DoesNotContain("What people said", Micic.Dashboard.Apis.ReportDocuments.Page(consulate, "consulate-sdn"));
        Assert.Contains(consulate.Notes, note => note.Contains("what people said"));
    }
}
