using System.Text;

namespace Micic.AppHost.Servers;

/// <summary>The loopback ports of one Kannel: bearerbox's admin and box ports, the fake SMSC's, and smsbox's sendsms.</summary>
public sealed record KannelPorts(int Admin, int Boxes, int Phones, int Sendsms);

/// <summary>
/// kannel.conf, written from settings at every start (never kept by hand): bearerbox with its store and logs under one
/// folder, the operator's SMSC over SMPP or the fake SMSC the simulated phones connect to, and smsbox with Micic's
/// sendsms user and the service that posts every inbound message to Micic.
/// </summary>
public static class KannelConfiguration
{
    public const string SendsmsUser = "micic";

    /// <summary>
    /// Parts one message may be sent in: 2,000 Latin characters (14 parts of 153) go whole; a UCS-2 text (67 characters a
    /// part) is cut after 1,072 characters.
    /// </summary>
    public const int LongestMessageParts = 16;

    /// <summary>The smsc-id of the simulated phones' fake SMSC, as bearerbox's status names it.</summary>
    public const string PhonesSmsc = "phones";

    /// <summary>Micic's inbound endpoint as Kannel calls it: the secret as the Basic password, Kannel's fields in the query.</summary>
    public static string InboundUrl(int gatewayPort, string secret) =>
        $"http://{SendsmsUser}:{secret}@127.0.0.1:{gatewayPort}/api/messages/inbound?from=%p&to=%P&id=%I&ts=%t";

    public static string Write(SmsSettings settings, KannelPorts ports, string folder, string adminPassword, string sendsmsPassword, string inboundUrl)
    {
        var conf = new StringBuilder("# Written by Micic.AppHost at every start, from the settings Messaging:Sms; edits here are lost.\n");
        void Group(string name, params (string Key, object? Value)[] fields)
        {
            conf.Append($"\ngroup = {name}\n");
            foreach (var (key, value) in fields.Where(field => field.Value is not null))
                conf.Append(value is int or bool ? $"{key} = {Text(value)}\n" : $"{key} = \"{value}\"\n");
        }
        string File(string name) => Path.Combine(folder, name);

        Group("core",
            ("admin-port", ports.Admin), ("admin-interface", "127.0.0.1"), ("admin-password", adminPassword),
            ("admin-deny-ip", "*.*.*.*"), ("admin-allow-ip", "127.0.0.1"),
            ("smsbox-port", ports.Boxes), ("smsbox-interface", "127.0.0.1"), ("box-deny-ip", "*.*.*.*"), ("box-allow-ip", "127.0.0.1"),
            // Messages accepted but not yet handed to the SMSC survive a restart of bearerbox.
            ("store-type", "file"), ("store-location", File("store")),
            ("dlr-storage", "internal"),
            // A long message from a phone arrives in parts: Micic is given it whole.
            ("sms-combine-concatenated-mo", true),
            ("log-file", File("bearerbox.log")), ("log-level", 1), ("access-log", File("bearerbox-access.log")));

        if (settings.Operator is { } smsc)
            Group("smsc",
                ("smsc", "smpp"), ("smsc-id", "operator"), ("host", smsc.Host), ("port", smsc.Port), ("transceiver-mode", true),
                ("smsc-username", smsc.SystemId), ("smsc-password", smsc.Password), ("system-type", smsc.SystemType),
                ("source-addr-autodetect", true), ("reconnect-delay", 10));
        else
            Group("smsc",
                ("smsc", "fake"), ("smsc-id", PhonesSmsc), ("port", ports.Phones), ("our-host", "127.0.0.1"), ("connect-allow-ip", "127.0.0.1"));

        Group("smsbox",
            ("bearerbox-host", "127.0.0.1"), ("bearerbox-port", ports.Boxes),
            ("sendsms-port", ports.Sendsms), ("sendsms-interface", "127.0.0.1"),
            ("global-sender", settings.SourceAddress),
            // Inbound UCS-2 reaches Micic as UTF-8 text.
            ("mo-recode", true),
            // The access log holds the post-url, secret included: it stays in this private folder.
            ("log-file", File("smsbox.log")), ("log-level", 1), ("access-log", File("smsbox-access.log")));

        Group("sendsms-user",
            ("username", SendsmsUser), ("password", sendsmsPassword), ("user-deny-ip", "*.*.*.*"), ("user-allow-ip", "127.0.0.1"),
            ("concatenation", true), ("max-messages", LongestMessageParts));

        // Every inbound message, whatever its first word, goes to Micic; Kannel itself answers nothing.
        Group("sms-service",
            ("keyword", "default"), ("catch-all", true), ("max-messages", 0), ("post-url", inboundUrl));
        return conf.ToString();
    }

    static string Text(object value) => value switch
    {
        bool yes => yes ? "true" : "false",
        int number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
