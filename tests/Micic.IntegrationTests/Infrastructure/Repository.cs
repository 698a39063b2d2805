namespace Micic.IntegrationTests.Infrastructure;

/// <summary>Where the repository is checked out, found from the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Micic.sln")))
            root = root.Parent ?? throw new InvalidOperationException("Micic.sln not found above the test binaries.");
        return root.FullName;
    }
}
