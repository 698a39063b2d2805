using MassTransit;
using Micic.IntegrationTests.Infrastructure;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Micic.IntegrationTests.Messaging;

public sealed record Parcel(int Number, bool Poisoned);

/// <summary>Fails on poisoned parcels until the "fix is deployed"; records the others.</summary>
public sealed class ParcelConsumer(DbSession session) : IConsumer<Parcel>
{
    public static volatile bool FixDeployed;

    public async Task Consume(ConsumeContext<Parcel> context)
    {
        if (context.Message.Poisoned && !FixDeployed)
            throw new InvalidOperationException("cannot handle this parcel yet");
        await Effect.Record(session, context.Message.Number, context);
    }
}

[Collection(PlatformCollection.Name)]
public sealed class DeadLetterTests(Platform platform)
{
    [Fact]
    public async Task A_failing_message_is_retried_then_dead_lettered_without_blocking_others_and_can_be_replayed()
    {
        var db = await platform.Servers.NewDatabase("parcels");
        using var host = await MessagingHost.Start(db, platform.Servers.RabbitMq.ConnectionString, "parcels", bus => bus.AddConsumer<ParcelConsumer>());
        var bus = host.Services.GetRequiredService<IBus>();
        var deadLetters = host.Services.GetRequiredService<DeadLetters>();
        const string queue = "parcels-parcel";
        ParcelConsumer.FixDeployed = false;

        await bus.Publish(new Parcel(1, Poisoned: true));
        await bus.Publish(new Parcel(2, Poisoned: false));

        // The healthy parcel goes through while the poisoned one is being retried.
        await Eventually.Get(() => Sql.Number(db, "SELECT count(*) FROM burst_effect WHERE number = 2"), count => count == 1, what: "the healthy parcel");
        var letters = await Eventually.Get(() => deadLetters.Count(CancellationToken.None),
            counts => counts.Single(c => c.Queue == queue).Messages == 1, TimeSpan.FromMinutes(1), "the poisoned parcel to be dead-lettered");
        Assert.Equal($"{queue}_error", letters.Single(c => c.Queue == queue).ErrorQueue);
        Assert.Equal(0, await Sql.Number(db, "SELECT count(*) FROM burst_effect WHERE number = 1"));

        ParcelConsumer.FixDeployed = true;
        Assert.Equal(1, await deadLetters.Replay(queue, 100, CancellationToken.None));

        await Eventually.Get(() => Sql.Number(db, "SELECT count(*) FROM burst_effect WHERE number = 1"), count => count == 1, what: "the replayed parcel");
        Assert.Equal(0u, (await deadLetters.Count(CancellationToken.None)).Single(c => c.Queue == queue).Messages);
    }
}
