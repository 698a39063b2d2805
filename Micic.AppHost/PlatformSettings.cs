namespace Micic.AppHost;

public static class PlatformSettings
{
    /// <summary>What every Micic process is told: its environment's name, the token signing key, the seeds and, during a replay, its clock.</summary>
    public static IResourceBuilder<ProjectResource> WithPlatformSettings(this IResourceBuilder<ProjectResource> project, AppHostOptions options,
        PlatformFolders folders, CrisisReplay? replay)
    {
        project.WithEnvironment("ASPNETCORE_ENVIRONMENT", options.Environment)
            .WithEnvironment("DOTNET_ENVIRONMENT", options.Environment)
            .WithEnvironment("Auth__SigningKey", folders.SigningKey())
            .WithEnvironment("Seeds__Path", folders.Seeds);
        foreach (var (setting, value) in replay?.PlatformClock() ?? [])
            project.WithEnvironment(setting, value);
        return project;
    }

    /// <summary>The gateway routes to these services (service discovery) and opens once they are ready.</summary>
    public static IResourceBuilder<ProjectResource> WithServices(this IResourceBuilder<ProjectResource> gateway,
        params IResourceBuilder<ProjectResource>[] services)
    {
        foreach (var service in services)
            gateway.WithReference(service).WaitFor(service);
        return gateway;
    }
}
