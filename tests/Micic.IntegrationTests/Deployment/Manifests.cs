using System.Diagnostics;
using System.Text.Json.Nodes;
using Micic.AppHost.Servers;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.Deployment;

/// <summary>
/// deploy/k8s rendered by kustomize (<c>kubectl kustomize</c>, as <c>kubectl apply -k</c> renders it) and validated
/// offline by deploy/k8s/validate (kubernetes-models, and the operators' CRD schemas vendored there), its npm packages
/// installed with <c>npm ci</c> the first time. The objects are read back as JSON for the tests to look into.
/// </summary>
public sealed class Manifests
{
    public static string Folder { get; } = Path.Combine(Repository.Root, "deploy", "k8s");

    static readonly SemaphoreSlim Once = new(1, 1);
    static readonly Dictionary<string, Rendered> Overlays = [];

    /// <summary>The overlay rendered and validated, once per test run.</summary>
    public static async Task<Rendered> Render(string overlay)
    {
        await Once.WaitAsync();
        try
        {
            if (Overlays.TryGetValue(overlay, out var rendered))
                return rendered;
            await InstallValidator();
            var yaml = Path.Combine(Path.GetTempPath(), $"micic-k8s-{overlay}-{Guid.NewGuid():N}.yaml");
            var json = Path.ChangeExtension(yaml, ".json");
            try
            {
                var kustomize = await Run(Kubectl(), ["kustomize", Path.Combine(Folder, "overlays", overlay)], Folder);
                Assert.True(kustomize.ExitCode == 0, $"kubectl kustomize overlays/{overlay} failed:\n{kustomize.Output}");
                await File.WriteAllTextAsync(yaml, kustomize.Output);
                var validation = await Run("node", ["validate.mjs", yaml, "--json", json], Path.Combine(Folder, "validate"));
                rendered = new Rendered(overlay, validation.ExitCode, validation.Output,
                    validation.ExitCode == 0 ? JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsArray().Select(node => node!.AsObject()).ToList() : []);
                return Overlays[overlay] = rendered;
            }
            finally
            {
                File.Delete(yaml);
                File.Delete(json);
            }
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>The validator's packages, as its lock file pins them; Node.js and npm from Debian where the machine has none.</summary>
    static async Task InstallValidator()
    {
        var validator = Path.Combine(Folder, "validate");
        if (File.Exists(Path.Combine(validator, "node_modules", ".package-lock.json")))
            return;
        if (Which("npm") is null)
            ServerPackages.Install(["nodejs", "npm"], _ => { });
        var install = await Run("npm", ["ci", "--no-audit", "--no-fund"], validator);
        Assert.True(install.ExitCode == 0, $"npm ci in deploy/k8s/validate failed:\n{install.Output}");
    }

    static string Kubectl() => Which("kubectl")
        ?? throw new InvalidOperationException("kubectl (1.27 or later, with kustomize 5 built in) is needed to render deploy/k8s; none is on PATH.");

    static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);

    static async Task<(int ExitCode, string Output)> Run(string program, string[] arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output) + (await error));
    }
}

/// <summary>One overlay's objects, and what the validator said of them.</summary>
public sealed record Rendered(string Overlay, int ValidatorExitCode, string ValidatorSaid, IReadOnlyList<JsonObject> Objects)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).FirstOrDefault(o => (string?)o["metadata"]?["name"] == name);

    public static string NameOf(JsonObject o) => (string)o["metadata"]!["name"]!;

    /// <summary>A workload's pod template (Deployment, StatefulSet or Job).</summary>
    public static JsonObject PodSpec(JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(JsonObject workload) => PodSpec(workload)["containers"]![0]!.AsObject();

    /// <summary>
    /// The environment a workload's container gets: its own variables and those of the ConfigMaps it takes whole
    /// (<c>envFrom</c>), each with its value or where it comes from.
    /// </summary>
    public IReadOnlyDictionary<string, JsonNode?> Environment(JsonObject workload)
    {
        var container = Container(workload);
        var environment = new Dictionary<string, JsonNode?>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
            if (source?["configMapRef"]?["name"] is { } configMap && Find("ConfigMap", (string)configMap!) is { } found)
                foreach (var (name, value) in found["data"]!.AsObject())
                    environment[name] = value?.DeepClone();
        foreach (var variable in container["env"]?.AsArray() ?? [])
            environment[(string)variable!["name"]!] = (variable["value"] ?? variable["valueFrom"])?.DeepClone();
        return environment;
    }
}
