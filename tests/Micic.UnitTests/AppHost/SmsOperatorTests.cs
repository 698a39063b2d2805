using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Micic.AppHost;
using Micic.AppHost.Servers;
using Microsoft.Extensions.Configuration;

namespace Micic.UnitTests.AppHost;

/// <summary>Kannel's configuration comes from the settings Messaging:Sms: an operator's SMSC when one is given, simulated phones otherwise.</summary>
public sealed class SmsOperatorTests : IDisposable
{
    static readonly KannelPorts Ports = new(Admin: 41000, Boxes: 41001, Phones: 41002, Sendsms: 41003);

    static readonly Dictionary<string, string?> Operator = new()
    {
        ["Messaging:Sms:InboundSecret"] = "deployment-secret",
        ["Messaging:Sms:Operator:Host"] = "smpp.operator.example",
        ["Messaging:Sms:Operator:Port"] = "2775",
        ["Messaging:Sms:Operator:SystemId"] = "micic-iom",
        ["Messaging:Sms:Operator:Password"] = "op-pass",
        ["Messaging:Sms:Operator:SourceAddress"] = "IOM",
        ["Messaging:Sms:Operator:SystemType"] = "VMA",
    };

    readonly string _data = Path.Combine(Path.GetTempPath(), $"micic-sms-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }

    static SmsSettings Settings(Dictionary<string, string?> values, string seeds = "/nonexistent") =>
        SmsSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), seeds);

    static string Configuration(SmsSettings settings) =>
        KannelConfiguration.Write(settings, Ports, "/data/kannel", "admin-pw", "sendsms-pw", KannelConfiguration.InboundUrl(8080, settings.InboundSecret));

    /// <summary>The lines of the group that holds <paramref name="line"/>.</summary>
    static string[] GroupWith(string configuration, string line) =>
        configuration.Split("\ngroup = ").Select(group => group.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Single(group => group.Contains(line));

    [Fact]
    public void An_operator_is_reached_over_SMPP_with_its_host_port_system_id_and_password_and_no_fake_SMSC_is_configured()
    {
        var configuration = Configuration(Settings(Operator));

        var smsc = GroupWith(configuration, "smsc = \"smpp\"");
        Assert.Contains("host = \"smpp.operator.example\"", smsc);
        Assert.Contains("port = 2775", smsc);
        Assert.Contains("smsc-username = \"micic-iom\"", smsc);
        Assert.Contains("smsc-password = \"op-pass\"", smsc);
        Assert.Contains("system-type = \"VMA\"", smsc);
        Assert.Contains("transceiver-mode = true", smsc);
        Assert.DoesNotContain("fake", configuration);
        Assert.Contains("global-sender = \"IOM\"", GroupWith(configuration, "smsbox"));
    }

    [Fact]
    public void Without_an_operator_the_simulated_phones_connect_to_a_fake_SMSC_on_loopback()
    {
        var configuration = Configuration(Settings(new() { ["Messaging:Sms:InboundSecret"] = "s" }));

        var smsc = GroupWith(configuration, "smsc = \"fake\"");
        Assert.Contains("port = 41002", smsc);
        Assert.Contains("our-host = \"127.0.0.1\"", smsc);
        Assert.Contains("connect-allow-ip = \"127.0.0.1\"", smsc);
        Assert.DoesNotContain("smpp", configuration);
        Assert.Contains("global-sender = \"Micic\"", GroupWith(configuration, "smsbox"));
    }

    [Fact]
    public void Every_message_people_send_is_posted_to_the_gateway_with_the_secret_as_Basic_password_and_long_ones_go_in_parts()
    {
        var configuration = Configuration(Settings(Operator));

        var service = GroupWith(configuration, "sms-service");
        Assert.Contains("post-url = \"http://micic:deployment-secret@127.0.0.1:8080/api/messages/inbound?from=%p&to=%P&id=%I&ts=%T\"", service);
        Assert.Contains("keyword = \"default\"", service);
        Assert.Contains("catch-all = true", service);
        Assert.Contains("max-messages = 0", service);
        var user = GroupWith(configuration, "sendsms-user");
        Assert.Contains("username = \"micic\"", user);
        Assert.Contains("password = \"sendsms-pw\"", user);
        Assert.Contains("concatenation = true", user);
        Assert.Contains($"max-messages = {KannelConfiguration.LongestMessageParts}", user);
        Assert.Contains("sms-combine-concatenated-mo = true", GroupWith(configuration, "core"));
        Assert.Contains("mo-recode = true", GroupWith(configuration, "smsbox"));
    }

    [Fact]
    public void Every_port_listens_on_loopback_only()
    {
        var configuration = Configuration(Settings(Operator));

        Assert.Contains("admin-interface = \"127.0.0.1\"", GroupWith(configuration, "core"));
        Assert.Contains("smsbox-interface = \"127.0.0.1\"", GroupWith(configuration, "core"));
        Assert.Contains("sendsms-interface = \"127.0.0.1\"", GroupWith(configuration, "smsbox"));
    }

    [Fact]
    public void Local_runs_take_the_inbound_secret_from_the_seeds_when_no_setting_gives_one()
    {
        Directory.CreateDirectory(_data);
        File.WriteAllText(Path.Combine(_data, "messaging.json"), """{ "inboundSecret": "seeded-secret" }""");

        Assert.Equal("seeded-secret", Settings([], seeds: _data).InboundSecret);
        Assert.Equal("set-secret", Settings(new() { ["Messaging:Sms:InboundSecret"] = "set-secret" }, seeds: _data).InboundSecret);
        Assert.Throws<LaunchException>(() => Settings([]));
    }

    [Theory]
    [InlineData("Messaging:Sms:Operator:Port", "")]
    [InlineData("Messaging:Sms:Operator:Port", "70000")]
    [InlineData("Messaging:Sms:Operator:SystemId", "")]
    [InlineData("Messaging:Sms:Operator:Password", "pass\"\ngroup = smsbox")]
    [InlineData("Messaging:Sms:InboundSecret", "50%off")]
    [InlineData("Messaging:Sms:InboundSecret", "a@b")]
    public void Settings_that_would_break_the_configuration_stop_the_start_with_a_plain_message(string setting, string value)
    {
        var values = new Dictionary<string, string?>(Operator) { [setting] = value };

        var refused = Assert.Throws<LaunchException>(() => Settings(values));
        Assert.Contains(setting.Split(':')[^1], refused.Message);
    }

    [Fact]
    public void With_an_operator_the_AppHost_runs_bearerbox_and_smsbox_and_no_simulated_phones()
    {
        var model = Resources(Operator);

        Assert.Contains("sms-bearerbox", model.Keys);
        Assert.IsType<SmsGatewayResource>(model["sms"]);
        Assert.DoesNotContain("sms-phones", model.Keys);
    }

    [Fact]
    public void Without_an_operator_the_simulated_phones_start_between_bearerbox_and_smsbox()
    {
        var model = Resources(new() { ["Messaging:Sms:InboundSecret"] = "s" });

        Assert.Equal(["sms", "sms-bearerbox", "sms-phones"], model.Keys.Where(name => name.StartsWith("sms")).Order());
        Assert.Equal(["sms-bearerbox"], WaitsFor(model["sms-phones"]));
        Assert.Equal(["sms-phones"], WaitsFor(model["sms"]));
    }

    Dictionary<string, IResource> Resources(Dictionary<string, string?> settings)
    {
        var builder = DistributedApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        var folders = PlatformFolders.Create(_data);
        var gateway = builder.AddProject("gateway", Path.Combine(folders.RepositoryRoot, "gateway", "Micic.Gateway", "Micic.Gateway.csproj"));
        builder.AddSmsGateway("sms", new PlatformSettings(new AppHostOptions(), folders, null, null, gateway));
        return builder.Resources.ToDictionary(resource => resource.Name);
    }

    static IEnumerable<string> WaitsFor(IResource resource) => resource.Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name);
}
