namespace Micic.IntegrationTests.Infrastructure;

/// <summary>Waits for an eventually-consistent outcome without asserting on time: polls until true or gives up.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        T value;
        while (!done(value = await probe()))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Gave up waiting for {what ?? "the condition"}; last value: {value}");
            await Task.Delay(100);
        }
        return value;
    }
}
