using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Micic.AppHost.Servers;

/// <summary>
/// smsbox, the SMS gateway Micic sends through: its connection string is Kannel's sendsms URL with Micic's user,
/// <c>Endpoint=http://127.0.0.1:&lt;port&gt;/cgi-bin/sendsms;Username=micic;Password=…</c>.
/// </summary>
public sealed class SmsGatewayResource(string name, string command, string workingDirectory, SmsSettings settings, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference Endpoint => new(this, "sendsms");

    public SmsSettings Settings => settings;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=http://127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/cgi-bin/sendsms;Username={KannelConfiguration.SendsmsUser};Password={password}");
}

public static partial class SmsGatewayExtensions
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>
    /// Kannel from the OS packages, its configuration, store, logs and passwords under &lt;data&gt;/kannel: <c>&lt;name&gt;-bearerbox</c>
    /// talks to the operator's SMSC (Messaging:Sms:Operator) or, without one, to <c>&lt;name&gt;-phones</c>, simulated phones
    /// behind a fake SMSC; then <c>&lt;name&gt;</c>, smsbox, takes Micic's messages out and posts people's to the gateway.
    /// </summary>
    public static IResourceBuilder<SmsGatewayResource> AddSmsGateway(this IDistributedApplicationBuilder builder, string name, PlatformSettings platform)
    {
        var settings = SmsSettings.From(builder.Configuration, platform.Folders.Seeds);
        if (platform.Exercise is not null && settings.Operator is not null)
            throw new LaunchException("An exercise sends its messages only to the simulated phones, never to an operator's SMSC: "
                + "unset Messaging:Sms:Operator (Messaging__Sms__Operator__Host) to run it.");
        // Private: the configuration and smsbox's access log hold the inbound secret.
        var folder = platform.Folders.ServerData("kannel");
        Posix.CreatePrivateDirectory(folder);
        var ports = new KannelPorts(LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var adminPassword = platform.Folders.Password("sms", "admin", create: true)!;
        var sendsmsPassword = platform.Folders.Password("sms", KannelConfiguration.SendsmsUser, create: true)!;
        var configuration = Path.Combine(folder, "kannel.conf");
        var gatewayPort = platform.Gateway.GetEndpoint("http").Property(EndpointProperty.Port);
        var status = new Uri($"http://127.0.0.1:{ports.Admin}/status.txt?password={adminPassword}");

        // Written before bearerbox starts, when the gateway's port is known. Kannel's consoles show warnings only: its
        // logs, with people's numbers and messages, stay in the folder.
        var bearerbox = builder.AddExecutable($"{name}-bearerbox", ServerPackages.Bearerbox, folder, "-v", "2", configuration)
            .WithEndpoint(port: ports.Admin, targetPort: ports.Admin, name: "admin", scheme: "http", isProxied: false)
            .OnBeforeResourceStarted(async (_, _, ct) =>
            {
                var inboundUrl = KannelConfiguration.InboundUrl(int.Parse((await gatewayPort.GetValueAsync(ct))!, CultureInfo.InvariantCulture), settings.InboundSecret);
                foreach (var log in new[] { "bearerbox.log", "bearerbox-access.log", "smsbox.log", "smsbox-access.log" }.Select(log => Path.Combine(folder, log)))
                    if (!File.Exists(log))
                        Posix.WritePrivateFile(log, "");
                Posix.WritePrivateFile(configuration, KannelConfiguration.Write(settings, ports, folder, adminPassword, sendsmsPassword, inboundUrl));
            })
            .WithProbe(async ct => (await Status(status, ct)).Contains("Status: running"))
            .RestartedWhenItCrashes();

        IResourceBuilder<IResource> before = bearerbox;
        if (settings.Operator is null)
            before = builder.AddExecutable($"{name}-phones", "bash", folder,
                    Path.Combine(platform.Folders.RepositoryRoot, "Micic.AppHost", "Servers", "sms-phones.sh"), ServerPackages.FakeSmsc,
                    ports.Phones.ToString(CultureInfo.InvariantCulture), folder)
                .WaitFor(bearerbox)
                .WithProbe(async ct => PhonesOnline().IsMatch(await Status(status, ct)))
                .RestartedWhenItCrashes();

        var smsbox = new SmsGatewayResource(name, ServerPackages.Smsbox, folder, settings, sendsmsPassword);
        return builder.AddResource(smsbox)
            .WithArgs("-v", "2", configuration)
            .WithEndpoint(port: ports.Sendsms, targetPort: ports.Sendsms, name: "sendsms", scheme: "http", isProxied: false)
            .WaitFor(before)
            .WithReadinessProbe(Answers)
            // smsbox ends when bearerbox goes (and cannot start without it): it is started again until bearerbox is back.
            .RestartedWhenItCrashes();
    }

    /// <summary>bearerbox's status page, as its admin sees it.</summary>
    static async Task<string> Status(Uri status, CancellationToken cancellationToken) => await Http.GetStringAsync(status, cancellationToken);

    /// <summary>sendsms answers (a request without credentials is refused, which is an answer).</summary>
    static async Task<bool> Answers(string connectionString, CancellationToken cancellationToken)
    {
        var endpoint = new DbConnectionStringBuilder { ConnectionString = connectionString }["Endpoint"].ToString()!;
        using var response = await Http.GetAsync(endpoint, cancellationToken);
        return true;
    }

    [GeneratedRegex($@"^\s*{KannelConfiguration.PhonesSmsc}\[{KannelConfiguration.PhonesSmsc}\].*\(online", RegexOptions.Multiline)]
    private static partial Regex PhonesOnline();
}
