using MassTransit;
using Micic.IntegrationTests.Infrastructure;
using Micic.Persistence.Messaging;
using Micic.Persistence.Sagas;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.IntegrationTests.Messaging;

public sealed record TallyIncrement(Guid TallyId, int Amount);

public sealed record TallyChanged(Guid TallyId, int Total);

public sealed class TallyState : IStoredSaga
{
    public Guid CorrelationId { get; set; }
    public string CurrentState { get; set; } = "";
    public int Version { get; set; }
    public int Total { get; set; }
    public int Increments { get; set; }
}

/// <summary>A saga whose every message changes its state: a lost update shows as a wrong total.</summary>
public sealed class TallyStateMachine : MassTransitStateMachine<TallyState>
{
    public State Counting { get; private set; } = null!;
    public Event<TallyIncrement> Incremented { get; private set; } = null!;

    public TallyStateMachine()
    {
        InstanceState(saga => saga.CurrentState);
        Event(() => Incremented, e => e.CorrelateById(context => context.Message.TallyId));

        Initially(When(Incremented).Then(Add).TransitionTo(Counting).Publish(context => new TallyChanged(context.Saga.CorrelationId, context.Saga.Total)));
        During(Counting, When(Incremented).Then(Add).Publish(context => new TallyChanged(context.Saga.CorrelationId, context.Saga.Total)));
    }

    static void Add(BehaviorContext<TallyState, TallyIncrement> context)
    {
        context.Saga.Total += context.Message.Amount;
        context.Saga.Increments++;
    }
}

/// <summary>Records what the saga published, to show its messages leave through the outbox with its state.</summary>
public sealed class TallyChangedConsumer(Micic.Persistence.Data.DbSession session) : IConsumer<TallyChanged>
{
    public Task Consume(ConsumeContext<TallyChanged> context) => Effect.Record(session, context.Message.Total, context);
}

/// <summary>The same saga, its events taken in batches.</summary>
public sealed class TallyBatchConsumer(SagaBatches<TallyState> sagas, TallyStateMachine machine) : IConsumer<Batch<TallyIncrement>>
{
    public Task Consume(ConsumeContext<Batch<TallyIncrement>> context) => sagas.Consume<TallyBatchConsumer, TallyIncrement>(machine, context);
}

[Collection(PlatformCollection.Name)]
public sealed class SagaRepositoryTests(Platform platform)
{
    [Fact]
    public async Task Concurrent_messages_for_one_saga_on_two_instances_lose_no_update()
    {
        var db = await platform.Servers.NewDatabase("tally");
        var rabbit = platform.Servers.RabbitMq.ConnectionString;
        void Saga(IBusRegistrationConfigurator bus) => bus.AddSagaStateMachine<TallyStateMachine, TallyState>().NpgsqlRepository("tally_saga");
        using var first = await MessagingHost.Start(db, rabbit, "tally", Saga);
        using var second = await MessagingHost.Start(db, rabbit, "tally", Saga);
        using var observer = await MessagingHost.Start(db, rabbit, "tally-observer", bus => bus.AddConsumer<TallyChangedConsumer>());

        var tallies = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var bus = first.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(1, 200).SelectMany(amount => tallies.Select(tally => bus.Publish(new TallyIncrement(tally, amount)))));

        foreach (var tally in tallies)
        {
            var increments = await Eventually.Get(() => Sql.Number(db, $"SELECT (data->>'Increments')::int FROM tally_saga WHERE correlation_id = '{tally}'"),
                count => count >= 200, TimeSpan.FromMinutes(1), "all increments to be applied");
            Assert.Equal(200, increments);
            Assert.Equal(200 * 201 / 2, await Sql.Number(db, $"SELECT (data->>'Total')::int FROM tally_saga WHERE correlation_id = '{tally}'"));
            Assert.Equal(200, await Sql.Number(db, $"SELECT version FROM tally_saga WHERE correlation_id = '{tally}'"));
        }

        // Every change the saga published was delivered once: 400 messages, and the final totals among them.
        await Eventually.Get(() => Sql.Number(db, "SELECT count(*)::int FROM burst_effect"), count => count >= 400, what: "the saga's messages");
        Assert.Equal(400, await Sql.Number(db, "SELECT count(*)::int FROM burst_effect"));
        Assert.Equal(2, await Sql.Number(db, $"SELECT count(*)::int FROM burst_effect WHERE number = {200 * 201 / 2}"));
    }

    [Fact]
    public async Task Events_taken_in_batches_on_two_instances_are_each_applied_once_and_lose_no_update()
    {
        var db = await platform.Servers.NewDatabase("tallybatch");
        var rabbit = platform.Servers.RabbitMq.ConnectionString;
        void Saga(IBusRegistrationConfigurator bus) => bus.AddBatchConsumer<TallyBatchConsumer>("tally-batch");
        void Services(IServiceCollection services) => services.AddSingleton<TallyStateMachine>().AddSagaBatches<TallyState>("tally_saga");
        using var first = await MessagingHost.Start(db, rabbit, "tallybatch", Saga, services: Services);
        using var second = await MessagingHost.Start(db, rabbit, "tallybatch", Saga, services: Services);
        using var observer = await MessagingHost.Start(db, rabbit, "tallybatch-observer", bus => bus.AddConsumer<TallyChangedConsumer>());

        // Forty tallies, each started by a batch (the machine creates them) and incremented from both instances at once;
        // every increment is also sent twice, as a redelivery would, and must count once.
        var tallies = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        var bus = first.Services.GetRequiredService<IBus>();
        var increments = Enumerable.Range(1, 25).SelectMany(amount => tallies.Select(tally => (Id: Guid.NewGuid(), Message: new TallyIncrement(tally, amount)))).ToList();
        await Task.WhenAll(increments.Concat(increments).Select(increment => bus.Publish(increment.Message, context => context.MessageId = increment.Id)));

        await Eventually.Get(() => Sql.Number(db, "SELECT coalesce(sum((data->>'Increments')::int), 0)::int FROM tally_saga"),
            count => count >= 1000, TimeSpan.FromMinutes(1), "all increments to be applied");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the duplicates, had they counted, would have by now
        Assert.Equal(40, await Sql.Number(db, "SELECT count(*)::int FROM tally_saga"));
        Assert.Equal(40, await Sql.Number(db, $"SELECT count(*)::int FROM tally_saga WHERE (data->>'Increments')::int = 25 AND (data->>'Total')::int = {25 * 26 / 2}"));
        // Fewer writes than messages: a tally's version moves once per batch that named it, not once per increment.
        Assert.True(await Sql.Number(db, "SELECT sum(version)::int FROM tally_saga") < 1000);

        // What the saga published left through the outbox with its state: one change per increment applied.
        await Eventually.Get(() => Sql.Number(db, "SELECT count(*)::int FROM burst_effect"), count => count >= 1000, what: "the saga's messages");
        Assert.Equal(1000, await Sql.Number(db, "SELECT count(*)::int FROM burst_effect"));
        Assert.Equal(40, await Sql.Number(db, $"SELECT count(*)::int FROM burst_effect WHERE number = {25 * 26 / 2}"));
    }
}
