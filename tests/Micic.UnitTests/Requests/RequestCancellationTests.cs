using Micic.Contracts;
using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class RequestCancellationTests
{
    static readonly EvacuationRequestValidator Validator = new(TestSeeds.Data, TimeProvider.System);

    [Theory]
    [InlineData(RequestStatus.Submitted)]
    [InlineData(RequestStatus.Pending)]
    [InlineData(RequestStatus.Matched)]
    [InlineData(RequestStatus.Manifested)]
    public void A_request_can_be_cancelled_until_its_group_leaves(string status) => Assert.Null(RequestCancellation.Refusal(status));

    [Theory]
    [InlineData(RequestStatus.Departed)]
    [InlineData(RequestStatus.InTransit)]
    [InlineData(RequestStatus.Completed)]
    [InlineData(RequestStatus.Cancelled)]
    public void A_request_that_has_left_or_is_cancelled_cannot_be_cancelled(string status) => Assert.NotNull(RequestCancellation.Refusal(status));

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void A_reason_is_required(string? reason) =>
        Assert.Equal(["reason"], Validator.Validate(new CancelEvacuationRequest(reason)).Keys);

    [Fact]
    public void A_reason_has_at_most_500_characters()
    {
        Assert.Empty(Validator.Validate(new CancelEvacuationRequest(new string('x', 500))));
        Assert.Equal(["reason"], Validator.Validate(new CancelEvacuationRequest(new string('x', 501))).Keys);
        Assert.Equal(["reason"], Validator.Validate((CancelEvacuationRequest?)null).Keys);
    }
}
