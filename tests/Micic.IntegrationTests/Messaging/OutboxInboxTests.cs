using MassTransit;
using Micic.IntegrationTests.Infrastructure;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Micic.IntegrationTests.Messaging;

public sealed record BurstMessage(int Number);

/// <summary>The effect the test consumers have: one row per consumption, in the inbox transaction. A duplicate effect shows as a second row.</summary>
public static class Effect
{
    public static async Task Record(DbSession session, int number, ConsumeContext context)
    {
        await using var command = await session.Command("INSERT INTO burst_effect (number, message_id) VALUES (@number, @id)", context.CancellationToken);
        command.Parameters.AddWithValue("number", number);
        command.Parameters.AddWithValue("id", context.MessageId!.Value);
        await command.ExecuteNonQueryAsync(context.CancellationToken);
    }
}

public sealed class BurstConsumer(DbSession session) : IConsumer<BurstMessage>
{
    public Task Consume(ConsumeContext<BurstMessage> context) => Effect.Record(session, context.Message.Number, context);
}

public sealed record BurstEnvelope(IReadOnlyList<BurstMessage> Messages);

/// <summary>Records each message of an envelope, under the envelope's id.</summary>
public sealed class BurstEnvelopeConsumer(DbSession session) : IConsumer<BurstEnvelope>
{
    public async Task Consume(ConsumeContext<BurstEnvelope> context)
    {
        foreach (var message in context.Message.Messages)
            await Effect.Record(session, message.Number, context);
    }
}

/// <summary>
/// Records whether the consumer's own span (MassTransit's, parented on what the message carried) is sampled (number × 10 + 1)
/// or not (× 10): what the next hop records, whichever header carried it.
/// </summary>
public sealed class TracedBurstConsumer(DbSession session) : IConsumer<BurstMessage>
{
    public Task Consume(ConsumeContext<BurstMessage> context) =>
        Effect.Record(session, context.Message.Number * 10 + (System.Diagnostics.Activity.Current is { Recorded: true } ? 1 : 0), context);
}

/// <summary>
/// Nothing accepted is lost and nothing is done twice: messages committed through the outbox reach their consumer
/// exactly once, even when the broker goes away in the middle.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OutboxInboxTests(Platform platform)
{
    const int Burst = 1000;

    string SharedBroker => platform.Servers.RabbitMq.ConnectionString;

    [Fact]
    public async Task A_burst_committed_while_the_broker_stops_and_restarts_is_consumed_exactly_once()
    {
        // A broker of its own: stopping it must not disturb the platform the other tests use.
        await using var broker = await LocalBroker.Start(Path.Combine(platform.Servers.Folder, $"rabbitmq-{Guid.NewGuid():N}"));
        var producerDb = await platform.Servers.NewDatabase("producer");
        var consumerDb = await platform.Servers.NewDatabase("consumer");
        using var consumer = await MessagingHost.Start(consumerDb, broker.ConnectionString, "burst", bus => bus.AddConsumer<BurstConsumer>());
        using var producer = await MessagingHost.Start(producerDb, broker.ConnectionString, "burst-producer");

        for (var number = 0; number < Burst; number++)
        {
            if (number == 300)
                await broker.Stop();   // the API keeps accepting: messages wait in the outbox
            if (number == 700)
                await broker.Start();
            await producer.PublishInTransaction(outbox => outbox.Publish(new BurstMessage(number)));
        }

        var consumed = await Eventually.Get(
            async () => (Consumed: await Sql.Number(consumerDb, "SELECT count(*) FROM burst_effect"),
                         InOutbox: await Sql.Number(producerDb, "SELECT count(*) FROM outbox_message")),
            progress => progress.Consumed >= Burst, TimeSpan.FromMinutes(2), "the burst to be consumed");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would land now

        Assert.Equal(Burst, consumed.Consumed);
        Assert.Equal(Burst, await Sql.Number(consumerDb, "SELECT count(*) FROM burst_effect"));
        Assert.Equal(Burst, await Sql.Number(consumerDb, "SELECT count(DISTINCT number) FROM burst_effect"));
        Assert.Equal(0, await Sql.Number(producerDb, "SELECT count(*) FROM outbox_message"));
        Assert.Equal(Burst, await Sql.Number(consumerDb, "SELECT count(*) FROM inbox_state WHERE consumed IS NOT NULL"));
    }

    [Fact]
    public async Task A_message_the_broker_refuses_waits_on_its_own_and_holds_back_nothing_behind_it()
    {
        // A queue that refuses every message (as a quorum queue without a majority does), bound to an exchange of its own.
        var refusing = $"refusing-{Guid.NewGuid():N}";
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(SharedBroker) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(refusing, "fanout", durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(refusing, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 0, ["x-overflow"] = "reject-publish" });
        await channel.QueueBindAsync(refusing, refusing, "");

        var producerDb = await platform.Servers.NewDatabase("refused-producer");
        var consumerDb = await platform.Servers.NewDatabase("refused-consumer");
        using var consumer = await MessagingHost.Start(consumerDb, SharedBroker, "refused", bus => bus.AddConsumer<BurstConsumer>());
        using var producer = await MessagingHost.Start(producerDb, SharedBroker, "refused-producer");

        // The refused message first, then forty-nine others in the same transaction: the same batch of the relay.
        await producer.PublishInTransaction(async outbox =>
        {
            await (await outbox.SendEndpoint(new Uri($"exchange:{refusing}"))).Send(new BurstMessage(-1));
            for (var number = 1; number < 50; number++)
                await outbox.Publish(new BurstMessage(number));
        });

        await Eventually.Get(() => Sql.Number(consumerDb, "SELECT count(*) FROM burst_effect"), consumed => consumed == 49,
            TimeSpan.FromMinutes(1), "the messages behind the refused one to be consumed");
        var attempts = await Eventually.Get(() => Sql.Number(producerDb, "SELECT coalesce(max(delivery_attempts), 0) FROM outbox_message"),
            tried => tried >= 2, TimeSpan.FromMinutes(1), "the refused message to be tried again");
        Assert.Equal(1, await Sql.Number(producerDb, "SELECT count(*) FROM outbox_message"));

        // Once the exchange's queues take messages again, it goes too: nothing accepted is lost. A queue that accepts is
        // bound before the refusing one goes, so that no retry finds the exchange without a queue (and is dropped).
        var accepting = $"{refusing}-accepting";
        await channel.QueueDeclareAsync(accepting, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(accepting, refusing, "");
        await channel.QueueDeleteAsync(refusing, ifUnused: false, ifEmpty: false);
        await Eventually.Get(() => Sql.Number(producerDb, "SELECT count(*) FROM outbox_message"), left => left == 0,
            TimeSpan.FromMinutes(1), $"the refused message to go once its queue takes it (tried {attempts} times)");
        Assert.Equal(1u, await channel.MessageCountAsync(accepting));
        await channel.QueueDeleteAsync(accepting, ifUnused: false, ifEmpty: false);
        await channel.ExchangeDeleteAsync(refusing);
    }

    [Fact]
    public async Task A_redelivered_message_has_no_second_effect()
    {
        var consumerDb = await platform.Servers.NewDatabase("redelivery");
        using var consumer = await MessagingHost.Start(consumerDb, SharedBroker, "redelivery", bus => bus.AddConsumer<BurstConsumer>());
        var bus = consumer.Services.GetRequiredService<IBus>();

        var messageId = NewId.NextGuid();
        for (var copy = 0; copy < 5; copy++)
            await bus.Publish(new BurstMessage(42), context => context.MessageId = messageId);
        await bus.Publish(new BurstMessage(43)); // a different message, to know when the copies have been handled

        await Eventually.Get(() => Sql.Number(consumerDb, "SELECT count(*) FROM burst_effect WHERE number = 43"), count => count == 1);
        await Eventually.Get(() => Sql.Number(consumerDb, $"SELECT coalesce(sum(receive_count), 0)::int FROM inbox_state WHERE message_id = '{messageId}'"),
            received => received == 5, what: "all five copies to be received");

        Assert.Equal(1, await Sql.Number(consumerDb, "SELECT count(*) FROM burst_effect WHERE number = 42"));
    }

    [Fact]
    public async Task Messages_of_a_rolled_back_transaction_are_never_sent()
    {
        var db = await platform.Servers.NewDatabase("rollback");
        using var host = await MessagingHost.Start(db, SharedBroker, "rollback");

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<TransactionalOutbox>().Publish(new BurstMessage(7));
            await session.RollbackAsync();
        }

        Assert.Equal(0, await Sql.Number(db, "SELECT count(*) FROM outbox_message"));
    }

    [Fact]
    public async Task Work_after_commit_runs_once_the_transaction_commits_and_never_after_a_rollback()
    {
        var db = await platform.Servers.NewDatabase("after-commit");
        using var host = await MessagingHost.Start(db, SharedBroker, "after-commit");
        var ran = new List<string>();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            session.AfterCommit(() => ran.Add("rolled back"));
            await session.RollbackAsync();

            await session.BeginAsync();
            session.AfterCommit(() => ran.Add("committed"));
            Assert.Empty(ran); // not before the commit
            await session.CommitAsync();

            await session.BeginAsync();
            await session.CommitAsync(); // a later transaction does not run the earlier one's work again
        }

        Assert.Equal(["committed"], ran);
    }

    [Fact]
    public async Task A_unit_of_work_that_sends_many_messages_carries_its_trace_on_through_the_first_few_only()
    {
        // Spans made as the services make them: MassTransit's and the relay's, sampled as configured by default.
        using var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .SetSampler(new TraceSampling().Sampler(TimeProvider.System))
            .AddSource("MassTransit", MicicTelemetry.ActivitySourceName)
            .Build();
        var db = await platform.Servers.NewDatabase("traced");
        using var consumer = await MessagingHost.Start(db, SharedBroker, "traced-burst", bus => bus.AddConsumer<TracedBurstConsumer>());

        using (var import = new System.Diagnostics.Activity("import").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C))
        {
            import.ActivityTraceFlags = System.Diagnostics.ActivityTraceFlags.Recorded;
            import.Start();
            await consumer.PublishInTransaction(async outbox =>
            {
                for (var number = 1; number <= 8; number++)
                    await outbox.Publish(new BurstMessage(number));
            });
        }

        await Eventually.Get(() => Sql.Number(db, "SELECT count(*) FROM burst_effect"), count => count >= 8, what: "the eight messages");
        var sampled = await Sql.Number(db, "SELECT count(*) FROM burst_effect WHERE number % 10 = 1");
        Assert.Equal(TransactionalOutbox.TracedMessagesPerUnitOfWork, sampled);
        Assert.Equal(8 - TransactionalOutbox.TracedMessagesPerUnitOfWork, await Sql.Number(db, "SELECT count(*) FROM burst_effect WHERE number % 10 = 0"));
    }

    [Fact]
    public async Task Messages_gathered_for_an_envelope_go_out_as_one_message_per_transaction_and_none_from_a_rolled_back_one()
    {
        var db = await platform.Servers.NewDatabase("envelope");
        using var host = await MessagingHost.Start(db, SharedBroker, "envelope", bus => bus.AddConsumer<BurstEnvelopeConsumer>(),
            services: services => services.AddOutboxEnvelope<BurstMessage, BurstEnvelope>(messages => new BurstEnvelope(messages)));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var outbox = scope.ServiceProvider.GetRequiredService<TransactionalOutbox>();
            await session.BeginAsync();
            await outbox.Publish(new BurstMessage(99));
            await session.RollbackAsync();

            // The same unit of work goes on in a new transaction: only what this one gathers goes out, once.
            await session.BeginAsync();
            for (var number = 1; number <= 5; number++)
                await outbox.Publish(new BurstMessage(number));
            await session.CommitAsync();
            await session.BeginAsync();
            await outbox.Publish(new BurstMessage(6));
            await session.CommitAsync();
        }

        await Eventually.Get(() => Sql.Number(db, "SELECT count(*)::int FROM burst_effect"), count => count >= 6, what: "the six gathered messages");
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything sent twice, or the rolled-back one, would land by now
        Assert.Equal(6, await Sql.Number(db, "SELECT count(*)::int FROM burst_effect"));
        Assert.Equal(0, await Sql.Number(db, "SELECT count(*)::int FROM burst_effect WHERE number = 99"));
        Assert.Equal(2, await Sql.Number(db, "SELECT count(DISTINCT message_id)::int FROM burst_effect")); // one envelope per transaction
        Assert.Equal(1, await Sql.Number(db, "SELECT count(DISTINCT message_id)::int FROM burst_effect WHERE number <= 5"));
    }
}
