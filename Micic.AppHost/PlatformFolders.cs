using System.Security.Cryptography;
using Micic.AppHost.Servers;

namespace Micic.AppHost;

/// <summary>Where things are on disk: the repository's seeds and the local data folder the servers and keys live in.</summary>
public sealed record PlatformFolders(string RepositoryRoot, string Data)
{
    public string Seeds => Path.Combine(RepositoryRoot, "seeds");

    public string ServerData(string server) => Path.Combine(Data, server);

    /// <param name="data">The data folder; by default <c>.micic</c> in the repository, and for an exercise
    /// <c>.micic-exercise</c>, never the live platform's.</param>
    public static PlatformFolders Create(string? data, bool exercise = false)
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory);
        var folders = new PlatformFolders(root, Path.GetFullPath(data ?? Path.Combine(root, exercise ? ".micic-exercise" : ".micic")));
        Directory.CreateDirectory(folders.Data);
        return folders;
    }

    /// <summary>
    /// The identity provider's RSA key (PEM), which only it is given; created once so tokens and sessions survive a restart
    /// and every replica signs alike.
    /// </summary>
    public string SigningKey() => Secret("identity-signing-key.pem", () =>
    {
        using var rsa = RSA.Create(3072);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    /// <summary>The public half of <see cref="SigningKey"/>, which every service and the gateway check tokens with.</summary>
    public string PublicSigningKey()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(SigningKey());
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>The key the provider encrypts authorisation codes and refresh tokens with.</summary>
    public string EncryptionKey() => Secret("identity-encryption-key", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    string Secret(string name, Func<string> create)
    {
        var file = Path.Combine(Data, name);
        if (!File.Exists(file))
            Posix.WritePrivateFile(file, create());
        return File.ReadAllText(file).Trim();
    }

    /// <summary>
    /// A service's password on one of the platform's servers, kept private under the data folder: generated once for a
    /// server this AppHost runs (<paramref name="create"/>), so the account it creates and the service agree across
    /// restarts; written by the operator for an existing server. Null when there is none and none is to be made.
    /// </summary>
    public string? Password(string server, string user, bool create)
    {
        var file = PasswordFile(server, user);
        if (!File.Exists(file))
        {
            if (!create)
                return null;
            Posix.CreatePrivateDirectory(Path.Combine(Data, "passwords"));
            Posix.CreatePrivateDirectory(Path.GetDirectoryName(file)!);
            Posix.WritePrivateFile(file, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant());
        }
        return File.ReadAllText(file).Trim();
    }

    public string PasswordFile(string server, string user) => Path.Combine(Data, "passwords", server, user);

    static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Micic.sln")))
                return directory.FullName;
        throw new LaunchException($"Micic.sln was not found in {start} or any folder above it; run the AppHost from the repository.");
    }
}
