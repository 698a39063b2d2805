using MassTransit;
using MassTransit.Testing;
using Micic.Contracts;
using Micic.Matching;
using Micic.Matching.Data;
using Micic.Matching.Domain;
using Micic.Matching.StateMachines;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.UnitTests.Matching;

public class EvacuationStateMachineTests : IAsyncLifetime
{
    static readonly DateTimeOffset Submitted = new(2011, 3, 2, 10, 0, 0, TimeSpan.Zero);
    readonly FixedClock _clock = new(Submitted.AddHours(2));
    readonly BoardOfOffers _board = new();
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;
    ISagaStateMachineTestHarness<EvacuationStateMachine, EvacuationState> _sagas = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton<IOfferBoard>(_board)
            .AddHttpContextAccessor().AddScoped<ActorContext>()
            .Configure<MatchingOptions>(options => options.EscalateVulnerableAfter = TimeSpan.FromHours(1))
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<EvacuationStateMachine, EvacuationState>())
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
        _sagas = _harness.GetSagaStateMachineHarness<EvacuationStateMachine, EvacuationState>();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    static EvacuationRequested Requested(Guid id, Needs needs = Needs.None, bool thirdCountry = false) => new()
    {
        RequestId = id,
        CrisisId = "libya-2011",
        PickupPlace = "LY-TIP-PORT",
        DestinationCountry = "BGD",
        AcceptsThirdCountry = thirdCountry,
        GroupSize = 4,
        Nationalities = [new NationalityCount("BGD", 4)],
        Needs = needs,
        HasElderly = false,
        SubmittedAt = Submitted,
    };

    AvailableOffer Offer(int seats = 50, string destination = "BGD", double departsInHours = 24) =>
        _board.Add(new AvailableOffer(Guid.NewGuid(), "libya-2011", true, "LY-TIP-PORT", destination, _clock.Now.AddHours(departsInHours), seats, new OfferEligibility()));

    static OfferCapacity Capacity(int seats, int allocated, string status = OfferStatus.Open, long version = 2) =>
        new() { Status = status, Seats = seats, SeatsAllocated = allocated, DepartsAt = Submitted.AddDays(1), Version = version };

    Task<bool> StatusPublished(Guid id, string status, Func<EvacuationStatusChanged, bool>? and = null) =>
        _harness.Published.Any<EvacuationStatusChanged>(m =>
            m.Context.Message.RequestId == id && m.Context.Message.Status == status && (and?.Invoke(m.Context.Message) ?? true));

    Task<bool> HoldAsked(Guid id, Guid offerId) =>
        _harness.Sent.Any<HoldSeats>(m => m.Context.Message.RequestId == id && m.Context.Message.OfferId == offerId);

    Task<bool> ReleaseAsked(Guid id, Guid offerId) =>
        _harness.Sent.Any<ReleaseSeats>(m => m.Context.Message.RequestId == id && m.Context.Message.OfferId == offerId);

    async Task<Guid> MatchedOn(AvailableOffer offer, Needs needs = Needs.None)
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, needs));
        Assert.True(await HoldAsked(id, offer.OfferId));
        await _harness.Bus.Publish(new SeatsHeld { OfferId = offer.OfferId, RequestId = id, Seats = 4, Capacity = Capacity(50, 4) });
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Matched));
        return id;
    }

    [Fact]
    public async Task A_request_with_no_offer_from_its_place_waits_in_pending_and_says_why()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, Needs.Pregnant));

        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m =>
            m.Sequence == 1 && m.Priority == 62 && m.GroupSize == 4 && m.Reason == "no offer from LY-TIP-PORT"));
    }

    [Fact]
    public async Task A_request_asks_the_best_offer_to_hold_seats_for_the_whole_group_and_is_matched_when_they_are_held()
    {
        var later = Offer(departsInHours: 30);
        var sooner = Offer(departsInHours: 6);
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, Needs.Pregnant));

        Assert.NotNull(await _sagas.Exists(id, machine => machine.Holding));
        Assert.True(await _harness.Sent.Any<HoldSeats>(m => m.Context.Message.RequestId == id && m.Context.Message.OfferId == sooner.OfferId
            && m.Context.Message.Seats == 4 && m.Context.Message.RanksFrom == Submitted.AddHours(-Priority.Pregnant) && m.Context.Message.SubmittedAt == Submitted));
        Assert.False(await _harness.Sent.Any<HoldSeats>(m => m.Context.Message.OfferId == later.OfferId));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason is null));

        await _harness.Bus.Publish(new SeatsHeld { OfferId = sooner.OfferId, RequestId = id, Seats = 4, Capacity = Capacity(50, 4) });
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Matched));
        Assert.True(await StatusPublished(id, RequestStatus.Matched, m => m.OfferId == sooner.OfferId && m.Sequence == 2));
    }

    [Fact]
    public async Task A_refused_hold_moves_on_to_the_next_candidate()
    {
        var direct = Offer(departsInHours: 30);
        var thirdCountry = Offer(destination: "TUN", departsInHours: 6);
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, thirdCountry: true));
        Assert.True(await HoldAsked(id, direct.OfferId));

        await _harness.Bus.Publish(new SeatHoldRejected { OfferId = direct.OfferId, RequestId = id, Reason = "no capacity left", Capacity = Capacity(50, 50) });

        Assert.True(await HoldAsked(id, thirdCountry.OfferId));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Holding));
        // The saga judged by Offers' answer but left the board to its own consumer: no saga writes the offer's row.
        Assert.Equal(50, _board.Find(direct.OfferId)!.SeatsAvailable);
    }

    [Fact]
    public async Task A_group_refused_by_the_only_offer_waits_with_no_capacity_left()
    {
        var only = Offer(seats: 50);
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        Assert.True(await HoldAsked(id, only.OfferId));

        await _harness.Bus.Publish(new SeatHoldRejected { OfferId = only.OfferId, RequestId = id, Reason = "no capacity left", Capacity = Capacity(50, 48) });

        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == UnmatchedReason.NoCapacityLeft && m.Sequence == 2));
        Assert.Single(_harness.Sent.Select<HoldSeats>(m => m.Context.Message.RequestId == id));
    }

    [Fact]
    public async Task A_withdrawn_offer_sends_its_groups_back_to_waiting_with_their_place_kept()
    {
        var withdrawn = Offer();
        var id = await MatchedOn(withdrawn, Needs.Pregnant);
        _clock.Now = Submitted.AddHours(5);

        await _harness.Bus.Publish(new SeatsReleased
        {
            OfferId = withdrawn.OfferId, RequestId = id, Seats = 4, Reason = "offer withdrawn: airspace closed", Capacity = Capacity(50, 0, OfferStatus.Withdrawn, 9),
        });

        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        // Priority is still need weight plus hours since the original submission: 60 + 5.
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == "offer withdrawn: airspace closed" && m.Priority == 65));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == "no offer from LY-TIP-PORT"));
        Assert.Equal(Submitted, _sagas.Sagas.Contains(id)!.SubmittedAt);
    }

    [Fact]
    public async Task New_capacity_offered_to_a_waiting_group_makes_it_hold_seats()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));

        var offer = Offer();
        await _harness.Bus.Publish(new SeatsOffered { RequestId = id, OfferId = offer.OfferId });
        Assert.True(await HoldAsked(id, offer.OfferId));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Holding));
    }

    [Fact]
    public async Task A_cancelled_request_gives_its_seats_back_and_so_does_a_hold_that_arrives_after_the_cancellation()
    {
        var offer = Offer();
        var matched = await MatchedOn(offer);
        await _harness.Bus.Publish(new EvacuationRequestCancelled { RequestId = matched, Reason = "left by road", CancelledAt = _clock.Now });
        Assert.NotNull(await _sagas.Exists(matched, machine => machine.Cancelled));
        Assert.True(await ReleaseAsked(matched, offer.OfferId));
        Assert.True(await StatusPublished(matched, RequestStatus.Cancelled, m => m.Sequence == 3 && m.Reason == "left by road"));

        // Cancelled while its hold was on the way: the seats that arrive afterwards are handed straight back.
        var holding = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(holding));
        Assert.True(await HoldAsked(holding, offer.OfferId));
        await _harness.Bus.Publish(new EvacuationRequestCancelled { RequestId = holding, Reason = "found a car", CancelledAt = _clock.Now });
        Assert.NotNull(await _sagas.Exists(holding, machine => machine.Cancelled));
        await _harness.Bus.Publish(new SeatsHeld { OfferId = offer.OfferId, RequestId = holding, Seats = 4, Capacity = Capacity(50, 8) });
        Assert.True(await _harness.Sent.Any<ReleaseSeats>(m => m.Context.Message.RequestId == holding && m.Context.Message.Reason == "the group no longer needs these seats"));
    }

    [Fact]
    public async Task A_release_naming_another_offer_than_the_groups_changes_nothing()
    {
        // Manifests sends one when a movement closed as the group was matched to it; by then the group may hold seats elsewhere.
        var offer = Offer();
        var id = await MatchedOn(offer);

        await _harness.Bus.Publish(new ReleaseFromOffer { RequestId = id, OfferId = Guid.NewGuid(), Reason = "the movement had closed" });
        Assert.True(await _harness.Consumed.Any<ReleaseFromOffer>(m => m.Context.Message.RequestId == id));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Matched));
        Assert.False(_harness.Sent.Select<ReleaseSeats>(m => m.Context.Message.RequestId == id).Any());

        await _harness.Bus.Publish(new ReleaseFromOffer { RequestId = id, OfferId = offer.OfferId, Reason = "the movement had closed" });
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        Assert.True(await ReleaseAsked(id, offer.OfferId));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == "released: the movement had closed"));
    }

    [Fact]
    public async Task A_group_released_by_a_coordinator_gives_its_seats_back_and_is_not_put_back_on_that_offer()
    {
        // Who released it travels in the command's headers, which the inbox reads (integration tests): here, nobody is named.
        var offer = Offer();
        var id = await MatchedOn(offer);

        await _harness.Bus.Publish(new ReleaseFromOffer { RequestId = id, Reason = "family not ready" });

        Assert.True(await ReleaseAsked(id, offer.OfferId));
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == "released: family not ready"));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        // Why it waits now says so, and what happens next — not "no offer" while that offer has the seats it gave back.
        Assert.True(await StatusPublished(id, RequestStatus.Pending, m => m.Reason == UnmatchedReason.Released(
            null, _clock.Now, "family not ready", "LY-TIP-PORT", UnmatchedReason.NoOfferFrom("LY-TIP-PORT"))));
        var released = _sagas.Sagas.Contains(id)!;
        Assert.Equal((offer.OfferId, "family not ready"), (released.StandingRelease()?.OfferId, released.StandingRelease()?.Reason));

        await _harness.Bus.Publish(new SeatsOffered { RequestId = id, OfferId = offer.OfferId });
        Assert.True(await _harness.Consumed.Any<SeatsOffered>(m => m.Context.Message.RequestId == id));
        await _harness.InactivityTask;
        var firstHold = Assert.Single(_harness.Sent.Select<HoldSeats>(m => m.Context.Message.RequestId == id)).Context.MessageId;

        await _harness.Bus.Publish(new AssignOffer { RequestId = id, OfferId = offer.OfferId, Reason = "family ready now" });
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Holding));
        // The saga is Holding before its hold is sent: wait for the send itself (a loaded machine may take longer than the
        // harness's inactivity window to make it), not for a quiet bus that may already be quiet.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!_harness.Sent.Select<HoldSeats>(m => m.Context.Message.RequestId == id && m.Context.MessageId != firstHold).Any() && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.True(_harness.Sent.Select<HoldSeats>(m => m.Context.Message.RequestId == id && m.Context.MessageId != firstHold).Any());
        // Assigned there by hand: the release no longer keeps it off the offer, though the history keeps it.
        Assert.Null(_sagas.Sagas.Contains(id)!.StandingRelease());
        Assert.Single(_sagas.Sagas.Contains(id)!.Releases);
    }

    [Fact]
    public async Task A_vulnerable_group_waiting_past_its_deadline_is_escalated_once()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, Needs.UnaccompaniedChild));   // submitted 2 h ago; the deadline is 1 h

        Assert.True(await _harness.Published.Any<VulnerableGroupWaitingTooLong>(m =>
            m.Context.Message.RequestId == id && m.Context.Message.Priority == 92 && m.Context.Message.Reason == "no offer from LY-TIP-PORT"));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        Assert.NotNull(_sagas.Sagas.Contains(id)!.EscalatedAt);

        await _harness.Bus.Publish(new EscalationDue { RequestId = id });
        await _harness.InactivityTask;
        Assert.Single(_harness.Published.Select<VulnerableGroupWaitingTooLong>(m => m.Context.Message.RequestId == id));
    }

    [Fact]
    public async Task A_group_without_vulnerabilities_is_never_escalated()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));
        await _harness.Bus.Publish(new EscalationDue { RequestId = id });
        await _harness.InactivityTask;
        Assert.False(await _harness.Published.Any<VulnerableGroupWaitingTooLong>(m => m.Context.Message.RequestId == id));
    }

    [Fact]
    public async Task A_repeated_request_event_changes_nothing()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        Assert.NotNull(await _sagas.Exists(id, machine => machine.Pending));

        await _harness.Bus.Publish(Requested(id));
        await _harness.InactivityTask;
        Assert.Single(_harness.Published.Select<EvacuationStatusChanged>(m => m.Context.Message.RequestId == id));
    }

    /// <summary>The offer board in memory, for the state machine alone.</summary>
    sealed class BoardOfOffers : IOfferBoard
    {
        readonly List<AvailableOffer> _offers = [];

        public AvailableOffer Add(AvailableOffer offer)
        {
            lock (_offers) _offers.Add(offer);
            return offer;
        }

        public Task Publish(OfferPublished offer, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task Apply(Guid offerId, OfferCapacity capacity, CancellationToken cancellationToken)
        {
            lock (_offers)
            {
                var index = _offers.FindIndex(offer => offer.OfferId == offerId);
                if (index >= 0)
                    _offers[index] = _offers[index] with { IsOpen = capacity.Status == OfferStatus.Open, SeatsAvailable = capacity.Seats - capacity.SeatsAllocated };
            }
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AvailableOffer>> From(string crisisId, string place, CancellationToken cancellationToken)
        {
            lock (_offers)
                return Task.FromResult<IReadOnlyList<AvailableOffer>>(_offers.Where(o => o.CrisisId == crisisId && o.FromPlace == place).ToList());
        }

        public AvailableOffer? Find(Guid offerId)
        {
            lock (_offers) return _offers.SingleOrDefault(offer => offer.OfferId == offerId);
        }

        public Task<AvailableOffer?> Find(Guid offerId, CancellationToken cancellationToken) => Task.FromResult(Find(offerId));

        public Task<IReadOnlyList<Guid>> WithFreeSeats(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
