using MassTransit;
using MassTransit.Testing;
using Micic.Contracts;
using Micic.Matching.StateMachines;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.UnitTests.Matching;

public class EvacuationStateMachineTests : IAsyncLifetime
{
    static readonly DateTimeOffset Submitted = new(2011, 3, 2, 10, 0, 0, TimeSpan.Zero);
    readonly FixedClock _clock = new(Submitted.AddHours(2));
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddMassTransitTestHarness(bus => bus.AddSagaStateMachine<EvacuationStateMachine, EvacuationState>())
            .BuildServiceProvider(true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    static EvacuationRequested Requested(Guid id, Needs needs = Needs.None) => new()
    {
        RequestId = id,
        CrisisId = "libya-2011",
        PickupPlace = "LY-TIP-PORT",
        DestinationCountry = "BGD",
        AcceptsThirdCountry = false,
        GroupSize = 4,
        Nationalities = [new NationalityCount("BGD", 4)],
        Needs = needs,
        HasElderly = false,
        SubmittedAt = Submitted,
    };

    [Fact]
    public async Task A_new_request_waits_in_pending_and_says_so()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id, Needs.Pregnant));

        var sagas = _harness.GetSagaStateMachineHarness<EvacuationStateMachine, EvacuationState>();
        Assert.NotNull(await sagas.Exists(id, machine => machine.Pending));
        Assert.True(await _harness.Published.Any<EvacuationStatusChanged>(m =>
            m.Context.Message.RequestId == id && m.Context.Message.Status == RequestStatus.Pending
            && m.Context.Message.Sequence == 1 && m.Context.Message.Priority == 62 && m.Context.Message.GroupSize == 4));
    }

    [Fact]
    public async Task A_repeated_request_event_changes_nothing()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        var sagas = _harness.GetSagaStateMachineHarness<EvacuationStateMachine, EvacuationState>();
        Assert.NotNull(await sagas.Exists(id, machine => machine.Pending));

        await _harness.Bus.Publish(Requested(id));
        Assert.True(await _harness.Consumed.Any<EvacuationRequested>(m => m.Context.Message.RequestId == id));
        await _harness.InactivityTask;
        Assert.Single(_harness.Published.Select<EvacuationStatusChanged>(m => m.Context.Message.RequestId == id));
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled_with_its_reason()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Requested(id));
        var sagas = _harness.GetSagaStateMachineHarness<EvacuationStateMachine, EvacuationState>();
        Assert.NotNull(await sagas.Exists(id, machine => machine.Pending));

        await _harness.Bus.Publish(new EvacuationRequestCancelled { RequestId = id, Reason = "left by road", CancelledAt = Submitted.AddHours(3) });

        Assert.NotNull(await sagas.Exists(id, machine => machine.Cancelled));
        Assert.True(await _harness.Published.Any<EvacuationStatusChanged>(m =>
            m.Context.Message.RequestId == id && m.Context.Message.Status == RequestStatus.Cancelled
            && m.Context.Message.Sequence == 2 && m.Context.Message.Reason == "left by road"));
    }
}
