using System.Text;
using System.Text.Json;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>What a simulated phone received, as the person would read it.</summary>
public sealed record PhoneMessage(DateTimeOffset At, string From, string To, string Text);

/// <summary>
/// The phones behind the platform's fake SMSC (resource sms-phones): a test sends what a person types by writing a line to
/// &lt;data&gt;/kannel/phones.in, and reads what phones received from &lt;data&gt;/kannel/phones.out (JSON lines).
/// </summary>
public sealed class SimulatedPhones(string folder)
{
    /// <summary>The number people write to, the platform's own (the simulated operator's source address).</summary>
    public const string PlatformNumber = "Micic";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Inbox => Path.Combine(folder, "phones.in");

    public string Outbox => Path.Combine(folder, "phones.out");

    /// <summary>A person with this phone sends <paramref name="text"/> (one line, any script) to the platform.</summary>
    public async Task Send(string fromPhone, string text)
    {
        if (fromPhone.Any(char.IsWhiteSpace) || text.Contains('\n') || text.Contains('\r'))
            throw new ArgumentException("A phone number without spaces and a text on one line.");
        // The FIFO opens once the phones read it; a phone network that is not there fails the test rather than hang it.
        await Task.Run(() =>
        {
            using var fifo = new FileStream(Inbox, FileMode.Open, FileAccess.Write);
            fifo.Write(Encoding.UTF8.GetBytes($"{fromPhone} {PlatformNumber} text {text}\n"));
        }).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Everything this phone has received so far, oldest first.</summary>
    public async Task<IReadOnlyList<PhoneMessage>> Received(string toPhone)
    {
        if (!File.Exists(Outbox))
            return [];
        await using var file = new FileStream(Outbox, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var messages = new List<PhoneMessage>();
        while (await reader.ReadLineAsync() is { } line)
            // A line still being written is read whole next time.
            if (line.EndsWith('}') && JsonSerializer.Deserialize<PhoneMessage>(line, Json) is { } message && message.To == toPhone)
                messages.Add(message);
        return messages;
    }

    /// <summary>Waits until this phone has received a message that passes <paramref name="match"/> (any, by default).</summary>
    public async Task<PhoneMessage> ReceivedOne(string toPhone, Func<PhoneMessage, bool>? match = null, TimeSpan? within = null)
    {
        var messages = await Eventually.Get(() => Received(toPhone), received => received.Any(match ?? (_ => true)),
            within ?? TimeSpan.FromSeconds(30), $"a message to {toPhone}");
        return messages.First(match ?? (_ => true));
    }
}
