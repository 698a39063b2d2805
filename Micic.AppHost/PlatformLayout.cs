using System.Reflection;
using System.Security.Cryptography;

namespace Micic.AppHost;

/// <summary>Where things are on disk: the repository, the built services and the local data folder.</summary>
public sealed record PlatformLayout(string RepositoryRoot, string Configuration, string DataDirectory)
{
    public string SeedsDirectory => Path.Combine(RepositoryRoot, "seeds");

    public static PlatformLayout Resolve(LaunchOptions options)
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory);
        // The services are built with the AppHost (project references), so they share its configuration.
        var configuration = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var data = Path.GetFullPath(options.DataDirectory ?? Path.Combine(root, ".micic"));
        Directory.CreateDirectory(data);
        return new PlatformLayout(root, configuration, data);
    }

    public string DllPath(ServiceDefinition service) => service.DllPath(RepositoryRoot, Configuration);

    /// <summary>Fails with the list of projects that are not built, rather than one service at a time.</summary>
    public void EnsureBuilt(IEnumerable<ServiceDefinition> services)
    {
        var missing = services.Select(DllPath).Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            throw new LaunchException(
                $"Not built ({Configuration}): {string.Join(", ", missing.Select(path => Path.GetRelativePath(RepositoryRoot, path)))}. " +
                $"Build them with `dotnet build Micic.sln -c {Configuration}`, or start with `dotnet run --project Micic.AppHost`, which builds them first.");
        }
    }

    /// <summary>The key services sign and check tokens with; created once so tokens survive a restart.</summary>
    public string SigningKey()
    {
        var file = Path.Combine(DataDirectory, "signing-key");
        if (!File.Exists(file))
        {
            Posix.WritePrivateFile(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        }
        return File.ReadAllText(file).Trim();
    }

    private static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Micic.sln")))
            {
                return directory.FullName;
            }
        }
        throw new LaunchException($"Micic.sln was not found in {start} or any folder above it; run the AppHost from the repository.");
    }
}
