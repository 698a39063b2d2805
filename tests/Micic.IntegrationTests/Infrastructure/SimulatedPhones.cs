using Network = Micic.ServiceDefaults.Sms.SimulatedPhones;
using PhoneMessage = Micic.ServiceDefaults.Sms.PhoneMessage;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The phones behind the platform's fake SMSC (resource sms-phones), as a test uses them: a person sends what they type
/// (<see cref="Network.Send"/>), and the test waits for what a phone received.
/// </summary>
public sealed class SimulatedPhones(string folder)
{
    readonly Network _network = new(folder);

    /// <summary>A person with this phone sends <paramref name="text"/> (one line, any script) to the platform.</summary>
    public Task Send(string fromPhone, string text) => _network.Send(fromPhone, text);

    /// <summary>Everything this phone has received so far, oldest first.</summary>
    public async Task<IReadOnlyList<PhoneMessage>> Received(string toPhone) =>
        [.. (await _network.ReceivedSince(0)).Messages.Where(message => message.To == toPhone)];

    /// <summary>Waits until this phone has received a message that passes <paramref name="match"/> (any, by default).</summary>
    public async Task<PhoneMessage> ReceivedOne(string toPhone, Func<PhoneMessage, bool>? match = null, TimeSpan? within = null)
    {
        var messages = await Eventually.Get(() => Received(toPhone), received => received.Any(match ?? (_ => true)),
            within ?? TimeSpan.FromSeconds(30), $"a message to {toPhone}");
        return messages.First(match ?? (_ => true));
    }
}
