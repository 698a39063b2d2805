using Micic.AppHost.Servers;

namespace Micic.AppHost;

/// <summary>What the AppHost decided that every process is told.</summary>
/// <param name="Exercise">The exercise this platform plays; null for a live platform or a plain replay.</param>
public sealed record PlatformSettings(AppHostOptions Options, PlatformFolders Folders, PlatformClock? Clock, PlatformExercise? Exercise,
    IResourceBuilder<ProjectResource> Gateway)
{
    /// <summary>The identity provider's origin as people and scripts reach it: the gateway's own address.</summary>
    public ReferenceExpression Issuer
    {
        get
        {
            var endpoint = Gateway.GetEndpoint("http");
            return ReferenceExpression.Create($"http://127.0.0.1:{endpoint.Property(EndpointProperty.Port)}/");
        }
    }
}

public static class PlatformSettingsExtensions
{
    /// <summary>
    /// What every Micic process is told: its environment's name, the identity provider (its origin, the gateway's, and its
    /// public key), the seeds, which share of requests to trace, on a replay's platform the crisis clock, and on an
    /// exercise's whether it is one.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPlatformSettings(this IResourceBuilder<ProjectResource> project, PlatformSettings platform)
    {
        var (options, folders, clock, exercise, _) = platform;
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", options.Environment)
            .WithEnvironment("DOTNET_ENVIRONMENT", options.Environment)
            .WithEnvironment("Auth__Issuer", platform.Issuer)
            .WithEnvironment("Auth__SigningKeys", folders.PublicSigningKey())
            .WithEnvironment("Seeds__Path", folders.Seeds);
        // Traces: every one while few start, at most a few a second per process at the peak (TraceSampling), unless a share
        // is asked for. Metrics every ten seconds rather than Aspire's every second: a dozen processes each exporting
        // every instrument each second cost more than the figures are worth.
        if (options.TraceShare is { } share)
            project.WithEnvironment("Telemetry__TraceShare", share.ToString(System.Globalization.CultureInfo.InvariantCulture));
        project.WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "10000");
        foreach (var (setting, value) in (clock?.Settings() ?? []).Concat(exercise?.Settings() ?? []))
            project.WithEnvironment(setting, value);
        return project;
    }

    /// <summary>The identity provider alone holds the private keys.</summary>
    public static IResourceBuilder<ProjectResource> WithProviderKeys(this IResourceBuilder<ProjectResource> identity, PlatformFolders folders) =>
        identity.WithEnvironment("Identity__SigningKey", folders.SigningKey()).WithEnvironment("Identity__EncryptionKey", folders.EncryptionKey());

    /// <summary>
    /// The Messaging service sends through the SMS gateway (its connection string, ConnectionStrings__sms) and knows the
    /// secret Kannel presents when it posts a message people sent (Messaging__Sms__InboundSecret). It does not wait for
    /// Kannel: messages wait in its queue while Kannel is down.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSmsGateway(this IResourceBuilder<ProjectResource> messages, IResourceBuilder<SmsGatewayResource> sms) =>
        messages.WithReference(sms).WithEnvironment("Messaging__Sms__InboundSecret", sms.Resource.Settings.InboundSecret)
            .WithEnvironment("Messaging__Sms__From", sms.Resource.Settings.SourceAddress);

    /// <summary>The gateway routes to these services (service discovery) and opens once they are ready.</summary>
    public static IResourceBuilder<ProjectResource> WithServices(this IResourceBuilder<ProjectResource> gateway,
        params IResourceBuilder<ProjectResource>[] services)
    {
        foreach (var service in services)
            gateway.WithReference(service).WaitFor(service);
        return gateway;
    }
}
