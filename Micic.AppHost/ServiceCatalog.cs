namespace Micic.AppHost;

/// <summary>One deployable part of the platform: its project folder and, for a service, the database it owns.</summary>
public sealed record ServiceDefinition(string Name, string ProjectDirectory, string? Database = null, string? ConnectionName = null)
{
    /// <summary>The dll the project's build puts in bin/&lt;configuration&gt;/net10.0.</summary>
    public string DllPath(string repositoryRoot, string configuration)
    {
        var assemblyName = Path.GetFileName(ProjectDirectory);
        return Path.Combine(repositoryRoot, ProjectDirectory, "bin", configuration, "net10.0", assemblyName + ".dll");
    }
}

public static class ServiceCatalog
{
    /// <summary>The services, in start order. Each owns one database, named by Aspire's ConnectionStrings convention.</summary>
    public static readonly IReadOnlyList<ServiceDefinition> Services =
    [
        new("requests", "services/Micic.Requests", "micic_requests", "requestsdb"),
        new("offers", "services/Micic.Offers", "micic_offers", "offersdb"),
        new("matching", "services/Micic.Matching", "micic_matching", "matchingdb"),
        new("manifests", "services/Micic.Manifests", "micic_manifests", "manifestsdb"),
        new("transit", "services/Micic.Transit", "micic_transit", "transitdb"),
        new("dashboard", "services/Micic.Dashboard", "micic_dashboard", "dashboarddb"),
    ];

    /// <summary>The only public entry point; started last, once every service is ready.</summary>
    public static readonly ServiceDefinition Gateway = new("gateway", "gateway/Micic.Gateway");
}
