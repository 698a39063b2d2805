using System.Security.Cryptography;
using Micic.Gateway;
using Micic.Identity.Application;
using Micic.Messaging.Sms;
using Micic.Persistence.Data;
using Micic.Persistence.Messaging;
using Micic.Persistence.Privacy;
using Micic.ServiceDefaults;
using Micic.ServiceDefaults.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Settings;

public class SettingsCheckTests
{
    static SettingsCheck Check(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting =>
            KeyValuePair.Create(setting.Key, (string?)setting.Value))).Build(), development: false);

    static readonly string PublicKey = PublicKeyPem();

    static string PublicKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("/relative/")]
    [InlineData("http://micic.example.org/")]
    [InlineData("ftp://micic.example.org/")]
    public void An_issuer_that_is_not_https_nor_http_on_loopback_is_named_with_its_value(string issuer)
    {
        var check = Check(("Auth:Issuer", issuer));
        Assert.Null(check.PublicUrl("Auth:Issuer", "the gateway's public origin"));
        Assert.Equal([$"Auth:Issuer (Auth__Issuer) must be an absolute https URL (or http on loopback); it is '{issuer}'."], check.Problems);
    }

    [Theory]
    [InlineData("https://micic.example.org/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://[::1]:5080/")]
    public void An_https_issuer_or_one_on_loopback_passes(string issuer)
    {
        var check = Check(("Auth:Issuer", issuer));
        Assert.Equal(new Uri(issuer), check.PublicUrl("Auth:Issuer", "the gateway's public origin"));
        Assert.Empty(check.Problems);
    }

    [Fact]
    public void A_missing_setting_says_what_it_must_be()
    {
        var check = Check();
        check.PublicUrl("Auth:Issuer", "the gateway's public origin");
        Assert.Equal(["Auth:Issuer (Auth__Issuer) is not set: it must be the gateway's public origin."], check.Problems);
    }

    [Fact]
    public void A_missing_connection_string_is_named_as_an_operator_sets_it()
    {
        var check = Check();
        Assert.Null(check.ConnectionString("requestsdb", "a PostgreSQL connection string"));
        Assert.Equal(["ConnectionStrings:requestsdb (ConnectionStrings__requestsdb) is not set: it must be a PostgreSQL connection string."], check.Problems);
    }

    [Fact]
    public void A_malformed_connection_string_is_named_without_what_it_holds()
    {
        var check = Check(("ConnectionStrings:messaging", "amqp://guest:s3cret@broker:5672/,not a uri"));
        Assert.Null(check.ConnectionString("messaging", "amqp:// URIs", BrokerNodes.Problem));
        var problem = Assert.Single(check.Problems);
        Assert.Equal("ConnectionStrings:messaging (ConnectionStrings__messaging) must be amqp:// URIs; 1 of its 2 nodes is not an amqp:// or amqps:// URI with a host.", problem);
        Assert.DoesNotContain("s3cret", problem);
    }

    [Fact]
    public void A_connection_string_the_driver_cannot_read_is_named()
    {
        var check = Check(("ConnectionStrings:requestsdb", "Host=db;Pooling=perhaps;Password=s3cret"));
        check.ConnectionString("requestsdb", "a PostgreSQL connection string", value => new Npgsql.NpgsqlConnectionStringBuilder(value).Host is null ? "it names no Host" : null);
        var problem = Assert.Single(check.Problems);
        Assert.StartsWith("ConnectionStrings:requestsdb (ConnectionStrings__requestsdb) must be a PostgreSQL connection string; ", problem);
        Assert.DoesNotContain("s3cret", problem);
    }

    [Theory]
    [InlineData("Privacy:RetainPersonalDataFor", "ninety days", "a duration written [d.]hh:mm:ss, such as 00:10:00 or 90.00:00:00")]
    [InlineData("Privacy:SweepInterval", "10m", "a duration written [d.]hh:mm:ss, such as 00:10:00 or 90.00:00:00")]
    public void A_malformed_duration_is_named_with_the_form_it_takes(string key, string value, string kind)
    {
        var check = Check((key, value));
        var privacy = check.Section<PrivacyOptions>(PrivacyOptions.Section, PrivacyOptions.Check);
        Assert.Equal([$"{key} ({key.Replace(":", "__")}) must be {kind}; it is '{value}'."], check.Problems);
        Assert.Equal(new PrivacyOptions().RetainPersonalDataFor, privacy.RetainPersonalDataFor); // the default stands in
    }

    [Fact]
    public void A_retention_that_is_not_positive_is_named()
    {
        var check = Check(("Privacy:RetainPersonalDataFor", "-1.00:00:00"), ("Privacy:SweepInterval", "00:00:00"));
        check.Section<PrivacyOptions>(PrivacyOptions.Section, PrivacyOptions.Check);
        Assert.Equal([
            "Privacy:RetainPersonalDataFor (Privacy__RetainPersonalDataFor) must be a positive duration; it is -1.00:00:00.",
            "Privacy:SweepInterval (Privacy__SweepInterval) must be a positive duration; it is 00:00:00.",
        ], check.Problems);
    }

    [Fact]
    public void Malformed_and_out_of_range_numbers_are_named()
    {
        var check = Check(("Messaging:PrefetchCount", "lots"), ("Telemetry:TraceShare", "1.5"), ("Telemetry:TracesPerSecond", "ten"));
        check.Section<MessagingOptions>(MessagingOptions.Section, MessagingOptions.Check);
        check.Section<ServiceDefaults.Telemetry.TraceSampling>("Telemetry", ServiceDefaults.Telemetry.TraceSampling.Check);
        var telemetry = Check(("Telemetry:TraceShare", "1.5"));
        telemetry.Section<ServiceDefaults.Telemetry.TraceSampling>("Telemetry", ServiceDefaults.Telemetry.TraceSampling.Check);
        Assert.Equal([
            "Messaging:PrefetchCount (Messaging__PrefetchCount) must be a whole number from 0 to 65535; it is 'lots'.",
            "Telemetry:TracesPerSecond (Telemetry__TracesPerSecond) must be a number such as 0.5; it is 'ten'.",
        ], check.Problems);
        Assert.Equal(["Telemetry:TraceShare (Telemetry__TraceShare) must be between 0 and 1; it is 1.5."], telemetry.Problems);
    }

    [Fact]
    public void A_telemetry_endpoint_must_be_a_url()
    {
        var check = Check(("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"));
        Assert.Null(check.Url("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(["OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http or https URL; it is 'collector:4317'."], check.Problems);
    }

    [Fact]
    public void A_key_that_cannot_be_read_is_named_with_the_reason()
    {
        var check = Check(("Auth:SigningKeys", "-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----"));
        Assert.Null(check.Readable("Auth:SigningKeys", "the identity provider's public key (PEM)", pem =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa;
        }));
        Assert.StartsWith("Auth:SigningKeys (Auth__SigningKeys) must be the identity provider's public key (PEM); it could not be read (", Assert.Single(check.Problems));
    }

    [Fact]
    public void The_same_problem_found_by_two_readers_is_said_once()
    {
        var check = Check(("Telemetry:TraceShare", "2"));
        check.Section<ServiceDefaults.Telemetry.TraceSampling>("Telemetry", ServiceDefaults.Telemetry.TraceSampling.Check);
        check.Section<ServiceDefaults.Telemetry.TraceSampling>("Telemetry", ServiceDefaults.Telemetry.TraceSampling.Check);
        Assert.Single(check.Problems);
    }

    [Fact]
    public void Options_validated_at_start_obey_the_same_rules()
    {
        var validator = new SettingsValidator<PrivacyOptions>(PrivacyOptions.Check);
        var result = validator.Validate(null, new PrivacyOptions { SweepInterval = TimeSpan.Zero });
        Assert.True(result.Failed);
        Assert.Equal(["Privacy:SweepInterval (Privacy__SweepInterval) must be a positive duration; it is 00:00:00."], result.Failures);
        Assert.Equal(["Privacy:SweepInterval (Privacy__SweepInterval) must be a positive duration; it is 00:00:00."],
            SettingsExtensions.ProblemsOf(new OptionsValidationException("Privacy", typeof(PrivacyOptions), result.Failures)));
    }

    [Fact]
    public void A_host_whose_settings_are_wrong_is_not_built_and_says_every_problem()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "foo",
            ["Auth:SigningKeys"] = PublicKey,
            ["Privacy:SweepInterval"] = "often",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:5672/",
        });
        builder.AddServiceDefaults();
        builder.AddMicicDatabase("requestsdb", typeof(SettingsCheckTests).Assembly);
        builder.AddMicicMessaging("requests");
        builder.AddPersonalDataProtection("requests");

        var stopped = Assert.Throws<InvalidSettingsException>(() => builder.Build());
        Assert.Equal([
            "Auth:Issuer (Auth__Issuer) must be an absolute https URL (or http on loopback); it is 'foo'.",
            "ConnectionStrings:requestsdb (ConnectionStrings__requestsdb) is not set: it must be a PostgreSQL connection string (Host=…;Port=5432;Database=…;Username=…;Password=…).",
            "Privacy:SweepInterval (Privacy__SweepInterval) must be a duration written [d.]hh:mm:ss, such as 00:10:00 or 90.00:00:00; it is 'often'.",
        ], stopped.Problems);
    }

    [Fact]
    public void A_host_whose_settings_are_sound_is_built()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Issuer"] = "https://micic.example.org/",
            ["Auth:SigningKeys"] = PublicKey,
            ["ConnectionStrings:requestsdb"] = "Host=127.0.0.1;Database=requests;Username=requests;Password=x",
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:5672/",
        });
        builder.AddServiceDefaults();
        builder.AddMicicDatabase("requestsdb", typeof(SettingsCheckTests).Assembly);
        builder.AddMicicMessaging("requests");
        builder.AddPersonalDataProtection("requests");
        using var app = builder.Build();
        Assert.NotNull(app.Services.GetService<Npgsql.NpgsqlDataSource>());
    }
    [Fact]
    public void A_forwarding_network_that_is_not_cidr_is_named()
    {
        var gateway = new GatewayOptions { ForwardedHeaders = { KnownNetworks = ["10.0.0.0/8", "ingress-nginx"] } };
        Assert.Equal(["Gateway:ForwardedHeaders:KnownNetworks (Gateway__ForwardedHeaders__KnownNetworks) must be networks in CIDR notation (e.g. 10.0.0.0/8), the ingress controller's pods' addresses; 'ingress-nginx' is not."],
            GatewayOptions.Check(gateway).OfType<string>());
    }

    [Theory]
    [InlineData("Endpoint=http://127.0.0.1:13013/cgi-bin/sendsms;Username=micic;Password=p", null)]
    [InlineData("Username=micic;Password=p", "it names no absolute http Endpoint")]
    [InlineData("Endpoint=/cgi-bin/sendsms", "it names no absolute http Endpoint")]
    public void The_sms_gateway_must_be_named_by_its_endpoint(string connectionString, string? problem) =>
        Assert.Equal(problem, KannelEndpoint.Problem(connectionString));

    [Fact]
    public void The_identity_provider_outside_development_needs_readable_keys_and_every_client_secret()
    {
        using var rsa = RSA.Create(2048);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:SigningKey"] = rsa.ExportSubjectPublicKeyInfoPem(), // the public half cannot sign
            ["Identity:EncryptionKey"] = Convert.ToBase64String(new byte[16]),
        }).Build();
        var settings = new SettingsCheck(configuration, development: false);

        DeploymentSettings.Keys(configuration, settings, TestSeeds.Data);

        Assert.Equal(3, settings.Problems.Count);
        Assert.StartsWith("Identity:SigningKey (Identity__SigningKey) must be an RSA private key (PEM, BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY); it could not be read (", settings.Problems[0]);
        Assert.Equal("Identity:EncryptionKey (Identity__EncryptionKey) must be 32 random bytes, base64 (openssl rand -base64 32); it could not be read (it is not 32 bytes in base64).", settings.Problems[1]);
        Assert.StartsWith("Auth:ClientSecrets:<client> (Auth__ClientSecrets__<client>) is not set for ", settings.Problems[2]);
        Assert.Contains("micic-web", settings.Problems[2]);
    }

    [Fact]
    public void The_identity_provider_in_development_takes_its_keys_and_falls_back_on_seeded_secrets()
    {
        using var rsa = RSA.Create(2048);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:SigningKey"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["Identity:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }).Build();
        var settings = new SettingsCheck(configuration, development: true);

        DeploymentSettings.Keys(configuration, settings, TestSeeds.Data);

        Assert.Empty(settings.Problems);
    }
}
