using Micic.Contracts;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class DuplicateReviewTests
{
    static readonly Guid Kept = Guid.NewGuid(), Other = Guid.NewGuid();
    static readonly Guid Father = Guid.NewGuid(), Mother = Guid.NewGuid(), FatherAgain = Guid.NewGuid(), MotherAgain = Guid.NewGuid();

    static PossibleDuplicate Duplicate(string status = DuplicateStatus.Open) => new(Guid.NewGuid(), Kept, Other, status,
        [new(Father, Kept), new(FatherAgain, Other), new(Mother, Kept), new(MotherAgain, Other)]);

    static string? Merge(PossibleDuplicate duplicate, string keptStatus = RequestStatus.Pending, string otherStatus = RequestStatus.Pending,
        params Guid[] otherPeople) =>
        DuplicateReview.MergeRefusal(duplicate, ("LBY-KEPT", keptStatus), ("LBY-OTHR", otherStatus, otherPeople.Length == 0 ? [FatherAgain, MotherAgain] : otherPeople));

    [Fact]
    public void A_request_whose_people_all_look_like_people_of_the_other_may_be_merged_into_it() => Assert.Null(Merge(Duplicate()));

    [Fact]
    public void Merging_is_refused_where_the_cancelled_request_holds_someone_the_kept_one_does_not()
    {
        var refusal = Merge(Duplicate(), otherPeople: [FatherAgain, MotherAgain, Guid.NewGuid()]);
        Assert.Contains("1 person who look like no one in request LBY-KEPT", refusal);
        Assert.Contains("Keep LBY-OTHR instead", refusal);
    }

    [Theory]
    [InlineData(RequestStatus.Departed)]
    [InlineData(RequestStatus.InTransit)]
    [InlineData(RequestStatus.Completed)]
    public void A_group_that_has_left_cannot_be_the_one_cancelled(string status) =>
        Assert.Contains("cannot be cancelled", Merge(Duplicate(), otherStatus: status));

    [Fact]
    public void A_request_cancelled_already_is_merged_without_cancelling_it_again_but_cannot_be_the_one_kept()
    {
        Assert.Null(Merge(Duplicate(), otherStatus: RequestStatus.Cancelled));
        Assert.Contains("LBY-KEPT is cancelled", Merge(Duplicate(), keptStatus: RequestStatus.Cancelled));
    }

    [Theory]
    [InlineData(DuplicateStatus.Merged)]
    [InlineData(DuplicateStatus.Dismissed)]
    public void A_review_is_decided_once(string status)
    {
        Assert.Equal($"This possible duplicate was {status} already.", DuplicateReview.Closed(Duplicate(status)));
        Assert.Equal($"This possible duplicate was {status} already.", Merge(Duplicate(status)));
        Assert.Null(DuplicateReview.Closed(Duplicate()));
    }

    [Fact]
    public void The_other_request_is_the_one_not_kept()
    {
        var duplicate = Duplicate();
        Assert.Equal(Other, duplicate.OtherThan(Kept));
        Assert.Equal(Kept, duplicate.OtherThan(Other));
        Assert.False(duplicate.Concerns(Guid.NewGuid()));
    }
}
