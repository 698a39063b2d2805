using Micic.ServiceDefaults.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Micic.UnitTests.Auth;

public class RevocationsTests
{
    [Fact]
    public async Task An_instance_that_cannot_read_the_revocations_is_not_ready_until_it_has()
    {
        // A Redis that is not there: nothing listens on port 1.
        using var unreachable = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false, ConnectTimeout = 200, AsyncTimeout = 200, SyncTimeout = 200,
        });
        var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(unreachable).BuildServiceProvider();
        var revocations = new Revocations(services, NullLogger<Revocations>.Instance);
        using var stop = new CancellationTokenSource();
        await revocations.StartAsync(stop.Token);
        await Task.Delay(500);
        Assert.False(revocations.Loaded);

        // What the identity provider's record says is enforced at once, and then the instance knows every revocation.
        revocations.Remember(new Revocation("consulate-bgd", "laptop lost", DateTimeOffset.UtcNow, "iom", null, "0195f3c1-7a2b-7c00-8000-000000000001"));
        Assert.True(revocations.Refuses("consulate-bgd", "0195f3c1-7a2b-7c00-8000-000000000001", DateTimeOffset.UtcNow.AddSeconds(-5)));
        Assert.False(revocations.Refuses("consulate-bgd", "someone-else", DateTimeOffset.UtcNow.AddSeconds(-5)));
        revocations.LoadedFromRecord();
        Assert.True(revocations.Loaded);
        await stop.CancelAsync();
        await revocations.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Without_Redis_configured_there_is_nothing_to_wait_for()
    {
        var revocations = new Revocations(new ServiceCollection().BuildServiceProvider(), NullLogger<Revocations>.Instance);
        Assert.True(revocations.Loaded);
        Assert.False(revocations.Refuses("iom", "iom-coordination", DateTimeOffset.UtcNow));
    }
}
