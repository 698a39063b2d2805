using System.Text;
using System.Text.Json;

namespace Micic.ServiceDefaults.Sms;

/// <summary>What a simulated phone received, as the person would read it.</summary>
public sealed record PhoneMessage(DateTimeOffset At, string From, string To, string Text);

/// <summary>
/// The phones behind the platform's fake SMSC (the AppHost's <c>sms-phones</c>, when no operator is configured): a phone
/// sends what a person types by writing a line to <c>phones.in</c> in Kannel's folder, and what phones received is read
/// from <c>phones.out</c> (JSON lines). Used by the replay's people and by the tests.
/// </summary>
public sealed class SimulatedPhones(string folder)
{
    /// <summary>The number people write to, the platform's own (the simulated operator's source address).</summary>
    public const string PlatformNumber = "Micic";

    /// <summary>
    /// The longest line the phones take: fakesmsc reads a line into 256 bytes, and a write of at most PIPE_BUF (4096) bytes
    /// to a FIFO is never interleaved with another's, so any number of phones can send at the same instant.
    /// </summary>
    public const int MaxLineBytes = 255;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Inbox => Path.Combine(folder, "phones.in");

    public string Outbox => Path.Combine(folder, "phones.out");

    /// <summary>A person with this phone sends <paramref name="text"/> (one line, any script) to the platform.</summary>
    /// <exception cref="TimeoutException">The phones are not running (nothing reads the FIFO).</exception>
    public async Task Send(string fromPhone, string text, CancellationToken cancellationToken = default)
    {
        if (fromPhone.Length == 0 || fromPhone.Any(char.IsWhiteSpace) || text.Contains('\n') || text.Contains('\r'))
            throw new ArgumentException("A phone number without spaces and a text on one line.");
        var line = Encoding.UTF8.GetBytes($"{fromPhone} {PlatformNumber} text {text}\n");
        if (line.Length > MaxLineBytes)
            throw new ArgumentException($"The line to the phones is {line.Length} bytes; the simulated network takes at most {MaxLineBytes}.");
        // Unbuffered, the line goes in one write(2): whole, never split or mixed with another phone's. Opening the FIFO waits
        // until the phones read it; a network that is not there fails the caller rather than hanging it.
        await Task.Run(() =>
        {
            using var fifo = new FileStream(Inbox, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            fifo.Write(line);
        }, cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>What phones received after <paramref name="offset"/> bytes of the outbox, and where the next read starts.</summary>
    public async Task<(IReadOnlyList<PhoneMessage> Messages, long Next)> ReceivedSince(long offset, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Outbox))
            return ([], offset);
        await using var file = new FileStream(Outbox, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        var bytes = new byte[file.Length - file.Position];
        await file.ReadExactlyAsync(bytes, cancellationToken);
        // A line still being written is read whole next time.
        var whole = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var messages = new List<PhoneMessage>();
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, whole).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (line.EndsWith('}') && JsonSerializer.Deserialize<PhoneMessage>(line, Json) is { } message)
                messages.Add(message);
        return (messages, file.Position - bytes.Length + whole);
    }

    /// <summary>Where the outbox ends now: what phones receive from here on is read from this offset.</summary>
    public long End => File.Exists(Outbox) ? new FileInfo(Outbox).Length : 0;
}
