using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The simulated operator takes what many phones send at the same instant, every line of it: a crisis's check-ins are
/// answered by hundreds of people within seconds (the replay's are), not one after the other.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SimulatedPhonesTests(Platform platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Phones_sending_at_the_same_instant_all_reach_the_platform()
    {
        var phones = Enumerable.Range(0, 60).Select(i => $"+2189{Random.Shared.Next(1_000_000, 9_999_999)}{i % 10}").Distinct().ToList();
        using var start = new ManualResetEventSlim();
        // Each phone on a thread of its own, released together: their lines reach the FIFO in the same instant.
        var sending = phones.Select(phone => Task.Factory.StartNew(() =>
        {
            start.Wait();
            platform.Phones.Send(phone, $"hello from {phone}").GetAwaiter().GetResult();
        }, TaskCreationOptions.LongRunning)).ToList();
        start.Set();
        await Task.WhenAll(sending);

        var list = string.Join(", ", phones.Select(phone => $"'{phone}'"));
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(DISTINCT phone) FROM message WHERE direction = 'in' AND phone IN ({list})"),
            arrived => arrived == phones.Count, TimeSpan.FromSeconds(90), $"all {phones.Count} phones' messages to arrive");
        Assert.Equal(phones.Count, await platform.Number("micic_messages",
            $"SELECT count(*) FROM message WHERE direction = 'in' AND phone IN ({list}) AND text = 'hello from ' || phone"));
    }
}
