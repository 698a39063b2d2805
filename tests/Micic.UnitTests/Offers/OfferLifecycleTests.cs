using Micic.Contracts;
using Micic.Offers.Domain;
using Micic.ServiceDefaults;

namespace Micic.UnitTests.Offers;

public class OfferLifecycleTests
{
    static readonly DateTimeOffset Now = new(2011, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_offer_closes_only_from_open_and_departs_from_open_or_closed_and_nothing_leaves_withdrawn_or_departed()
    {
        Assert.Equal([OfferState.Open], OfferLifecycle.Closing.From);
        Assert.Equal(OfferState.Closed, OfferLifecycle.Closing.To);
        Assert.Equal([OfferState.Open, OfferState.Closed], OfferLifecycle.Departure.From);
        Assert.Equal([OfferState.Open], OfferLifecycle.Withdrawal.From);

        var moves = new[] { OfferLifecycle.Closing, OfferLifecycle.Departure, OfferLifecycle.Withdrawal };
        Assert.DoesNotContain(moves, move => move.From.Contains(OfferState.Withdrawn) || move.From.Contains(OfferState.Departed));
        Assert.Equal(["open", "closed"], OfferLifecycle.Departure.FromNames);
    }

    [Fact]
    public void Only_an_open_offer_takes_holds_and_a_refused_hold_says_why()
    {
        Assert.True(OfferState.Open.IsOpen());
        Assert.False(OfferState.Closed.IsOpen());

        Assert.Equal("no such offer", OfferLifecycle.HoldRefusal(null, Now.AddDays(1), Now));
        Assert.Equal("offer withdrawn", OfferLifecycle.HoldRefusal(OfferState.Withdrawn, Now.AddDays(1), Now));
        Assert.Equal("offer departed", OfferLifecycle.HoldRefusal(OfferState.Open, Now, Now));
        Assert.Equal("no capacity left", OfferLifecycle.HoldRefusal(OfferState.Open, Now.AddHours(1), Now));
    }

    [Fact]
    public void The_states_words_are_the_offer_statuses_other_services_read_in_the_contracts()
    {
        Assert.Equal(OfferStatus.All, WireNames<OfferState>.All);
    }
}
