using System.Diagnostics;
using Aspire.Hosting;
using Micic.AppHost;

namespace Micic.UnitTests.AppHost;

/// <summary>deploy/build-images makes an image of every project the AppHost runs, a new one included, and of nothing else.</summary>
public sealed class ImageBuildTests
{
    [Fact]
    public void The_image_build_publishes_every_project_the_AppHost_runs()
    {
        // What Aspire knows as the AppHost's project resources: the metadata it generates for each of them.
        var resources = typeof(PlatformFolders).Assembly.GetTypes()
            .Where(type => type.Namespace == "Projects" && typeof(IProjectMetadata).IsAssignableFrom(type))
            .Select(type => Path.GetFullPath(((IProjectMetadata)Activator.CreateInstance(type)!).ProjectPath))
            .Order()
            .ToList();

        var root = RepositoryRoot();
        var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(root, "deploy", "build-images"), "--list"])
        {
            RedirectStandardOutput = true,
        })!;
        var listed = script.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(project => Path.GetFullPath(Path.Combine(root, project)))
            .Order()
            .ToList();
        script.WaitForExit();

        Assert.Equal(0, script.ExitCode);
        Assert.Contains(resources, project => project.EndsWith("Micic.Gateway.csproj", StringComparison.Ordinal));
        Assert.Equal(resources, listed);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Micic.sln")))
                return directory.FullName;
        throw new InvalidOperationException("Micic.sln is in no folder above the tests.");
    }
}
