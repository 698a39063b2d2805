using System.Security.Cryptography;
using Micic.AppHost.Servers;

namespace Micic.AppHost;

/// <summary>Where things are on disk: the repository's seeds and the local data folder the servers and keys live in.</summary>
public sealed record PlatformFolders(string RepositoryRoot, string Data)
{
    public string Seeds => Path.Combine(RepositoryRoot, "seeds");

    public string ServerData(string server) => Path.Combine(Data, server);

    public static PlatformFolders Create(string? data)
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory);
        var folders = new PlatformFolders(root, Path.GetFullPath(data ?? Path.Combine(root, ".micic")));
        Directory.CreateDirectory(folders.Data);
        return folders;
    }

    /// <summary>The key services sign and check tokens with; created once so tokens survive a restart.</summary>
    public string SigningKey()
    {
        var file = Path.Combine(Data, "signing-key");
        if (!File.Exists(file))
            Posix.WritePrivateFile(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
        return File.ReadAllText(file).Trim();
    }

    static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Micic.sln")))
                return directory.FullName;
        throw new LaunchException($"Micic.sln was not found in {start} or any folder above it; run the AppHost from the repository.");
    }
}
