using System.Data.Common;
using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Micic.AppHost.Servers;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The SMS gateway the AppHost runs: the real Kannel (bearerbox, smsbox) with simulated phones behind its fake SMSC,
/// used through smsbox's sendsms interface as the Messaging service uses it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SmsGatewayTests(Platform platform) : IAsyncLifetime
{
    const string Arabic = "رحلتكم غداً الساعة ٨ صباحاً من ميناء مصراتة. رقمكم: MIC-4821";

    /// <summary>The platform is up once its services are; smsbox, after bearerbox and the phones, may still be starting.</summary>
    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_Arabic_notice_sent_as_UCS2_reaches_the_phone_as_written_and_its_delivery_is_reported_to_the_dlr_url()
    {
        var phone = NewPhone();
        using var reports = new DeliveryReports();

        var answer = await Send(phone, Arabic, ("coding", "2"), ("dlr-mask", "31"), ("dlr-url", $"{reports.Url}?id=notice-1&status=%d"));

        Assert.StartsWith("0: Accepted", answer);
        var received = await platform.Phones.ReceivedOne(phone);
        Assert.Equal(Arabic, received.Text);
        Assert.Equal(SmsSettings.SimulatedNumber, received.From);
        // Kannel reports with a GET to the dlr-url, 1 being "delivered to the phone".
        var delivered = await reports.Next(report => report.QueryString["status"] == "1");
        Assert.Equal(("GET", "notice-1"), (delivered.HttpMethod, delivered.QueryString["id"]));
    }

    [Fact]
    public async Task Long_texts_go_in_parts_and_the_phone_shows_them_whole()
    {
        var phone = NewPhone();
        var latin = string.Concat(Enumerable.Repeat("The ship to Tunis leaves from berth 4 at 08:00. ", 50))[..2000];
        var arabic = string.Concat(Enumerable.Repeat(Arabic + " ", 6)).TrimEnd();

        Assert.StartsWith("0: Accepted", await Send(phone, latin));
        Assert.StartsWith("0: Accepted", await Send(phone, arabic, ("coding", "2")));

        Assert.Equal(latin, (await platform.Phones.ReceivedOne(phone, message => message.Text.StartsWith("The ship"))).Text);
        Assert.Equal(arabic, (await platform.Phones.ReceivedOne(phone, message => message.Text.StartsWith("رحلتكم"))).Text);
        Assert.Equal(2, (await platform.Phones.Received(phone)).Count);
    }

    /// <summary>
    /// The Messaging service (its POST /api/messages/inbound behind the gateway) is not part of this platform yet, so what
    /// is asserted is what Kannel did: smsbox's access log shows it posted the message to the gateway's inbound URL with
    /// the secret as Basic credentials, and the gateway's answer. Once the service is there, the test asserts what it stored.
    /// </summary>
    [Fact]
    public async Task A_message_a_person_sends_is_posted_to_the_gateways_inbound_endpoint_with_the_secret()
    {
        var phone = NewPhone();

        await platform.Phones.Send(phone, "YES 4821");

        var gatewayPort = platform.Gateway.Port;
        var posted = await Eventually.Get(() => AccessLogLines(phone), lines => lines.Count > 0, TimeSpan.FromSeconds(30), $"smsbox to post {phone}'s message");
        // The line: "SMS HTTP-request sender:<phone> request: '<the answer's body>' url: '<post-url>' reply: <status> …".
        Assert.Matches(
            $@"url: 'http://micic:dev-sms-inbound-secret@127\.0\.0\.1:{gatewayPort}/api/messages/inbound\?from={Regex.Escape(WebUtility.UrlEncode(phone))}&to=Micic&id=[0-9a-f-]{{36}}&ts=[^']+' reply: \d{{3}}",
            posted[0]);
        Assert.DoesNotContain("dev-sms-inbound-secret", platform.RecentOutput);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Kannels_folder_and_the_files_that_hold_the_secret_or_peoples_messages_are_its_owners_alone()
    {
        var folder = Path.Combine(platform.DataFolder, "kannel");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        foreach (var file in new[] { "kannel.conf", "bearerbox.log", "bearerbox-access.log", "smsbox.log", "smsbox-access.log" })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, file)));
    }

    [Fact]
    public async Task After_bearerbox_is_stopped_and_started_again_sendsms_accepts_and_messages_reach_the_phones()
    {
        var phone = NewPhone();

        await platform.Stop("sms-bearerbox");
        await platform.Start("sms-bearerbox");

        // smsbox and the phones come back by themselves once bearerbox is there again.
        await Eventually.Get(async () =>
        {
            try { return await Send(phone, "Back again"); }
            catch (HttpRequestException e) { return e.Message; }
        }, answer => answer.StartsWith("0: Accepted"), TimeSpan.FromSeconds(90), "sendsms to accept again");
        Assert.Equal("Back again", (await platform.Phones.ReceivedOne(phone, within: TimeSpan.FromSeconds(60))).Text);
    }

    static string NewPhone() => $"+2169{Random.Shared.Next(1_000_000, 9_999_999)}";

    /// <summary>A GET to smsbox's sendsms with the connection string's credentials, as the Messaging service sends.</summary>
    async Task<string> Send(string to, string text, params (string Name, string Value)[] more)
    {
        var connection = new DbConnectionStringBuilder { ConnectionString = await platform.App.GetConnectionStringAsync("sms") };
        (string, string)[] query = [("username", (string)connection["Username"]), ("password", (string)connection["Password"]), ("to", to),
            ("charset", "UTF-8"), ("text", text), .. more];
        using var http = new HttpClient();
        var url = $"{connection["Endpoint"]}?{string.Join('&', query.Select(pair => $"{pair.Item1}={Uri.EscapeDataString(pair.Item2)}"))}";
        return await http.GetStringAsync(url);
    }

    /// <summary>smsbox's access log lines for messages from this phone.</summary>
    async Task<IReadOnlyList<string>> AccessLogLines(string phone)
    {
        var log = Path.Combine(platform.DataFolder, "kannel", "smsbox-access.log");
        await using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = (await new StreamReader(file).ReadToEndAsync()).Split('\n');
        return lines.Where(line => line.Contains($"SMS HTTP-request sender:{phone} ")).ToList();
    }

    /// <summary>Where Kannel reports deliveries: a listener on loopback standing for the Messaging service's dlr-url.</summary>
    sealed class DeliveryReports : IDisposable
    {
        readonly HttpListener _listener = new();
        readonly List<HttpListenerRequest> _received = [];

        public DeliveryReports()
        {
            var port = LoopbackPorts.Free();
            Url = $"http://127.0.0.1:{port}/dlr";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Listen();
        }

        public string Url { get; }

        public async Task<HttpListenerRequest> Next(Func<HttpListenerRequest, bool> match)
        {
            var received = await Eventually.Get(() => { lock (_received) return Task.FromResult(_received.ToList()); },
                requests => requests.Any(match), TimeSpan.FromSeconds(30), "a delivery report");
            return received.First(match);
        }

        async Task Listen()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                lock (_received)
                    _received.Add(context.Request);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
