using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace Micic.IntegrationTests.Deployment;

/// <summary>
/// deploy/k8s: both overlays render and every object validates offline against Kubernetes' and the operators' schemas;
/// every project the AppHost runs is deployed and told what the AppHost tells it; prod is replicated, bounded, spread and
/// fenced. Fast: nothing is started.
/// </summary>
public sealed partial class KubernetesDeploymentTests
{
    static readonly string[] Workloads = ["gateway", "requests", "offers", "matching", "manifests", "transit", "dashboard", "messages", "identity", "funds"];

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    [InlineData("trial")]
    public async Task The_overlay_renders_and_every_object_validates_against_Kubernetes_and_the_operators_schemas(string overlay)
    {
        var rendered = await Manifests.Render(overlay);

        Assert.True(rendered.ValidatorExitCode == 0, rendered.ValidatorSaid);
        Assert.Matches(@"^\d+ objects valid", rendered.ValidatorSaid);
        foreach (var kind in (string[])["Cluster", "Database", "RabbitmqCluster", "User", "Permission", "StatefulSet", "Ingress", "Deployment"])
            Assert.Contains(rendered.Objects, o => (string?)o["kind"] == kind);
        // All in Micic's namespace: a reference (a generated ConfigMap's hashed name) is resolved within a namespace only.
        Assert.All(rendered.Objects.Where(o => (string?)o["kind"] != "Namespace"),
            o => Assert.True((string?)o["metadata"]!["namespace"] == "micic", $"{o["kind"]}/{Rendered.NameOf(o)} is not in namespace micic"));
    }

    [Fact]
    public async Task The_validator_refuses_what_the_API_server_would()
    {
        // A misspelt field in an operator's object, and a wrong type in Kubernetes' own.
        var bad = """
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: { name: micic-postgres }
            spec: { instances: 3, storage: { size: 1Gi }, primaryUpdateStrategie: unsupervised }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: requests }
            spec: { replicas: two, selector: {}, template: {} }
            ---
            apiVersion: example.org/v1
            kind: Unknown
            metadata: { name: nothing }
            """;
        await Manifests.Render("dev");   // the validator's packages installed
        var file = Path.Combine(Path.GetTempPath(), $"micic-k8s-bad-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, bad);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("node", ["validate.mjs", file])
            {
                WorkingDirectory = Path.Combine(Manifests.Folder, "validate"),
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var node = System.Diagnostics.Process.Start(start)!;
            var said = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();

            Assert.Equal(1, node.ExitCode);
            Assert.Contains("primaryUpdateStrategie", said);
            Assert.Contains("replicas must be integer", said);
            Assert.Contains("no schema for example.org/v1", said);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The AppHost's own model (its Program.cs, run by Aspire's test builder up to its build, nothing started): every project
    /// it runs is a workload in the manifests, and every connection string, service address and identity or messaging
    /// setting the AppHost gives a project, the manifests give it too. A service added to the AppHost fails this test until
    /// it is deployed.
    /// </summary>
    [Fact]
    public async Task Every_project_the_AppHost_runs_is_deployed_and_told_every_connection_string_and_setting_it_needs()
    {
        var data = Path.Combine(Path.GetTempPath(), $"micic-k8s-apphost-{Guid.NewGuid():N}");
        try
        {
            // A RabbitMQ cluster, as the manifests run; a fresh data folder, so the replay is in the model too.
            await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Micic_AppHost>(["--data", data, "--rabbitmq-nodes", "3"]);
            var projects = appHost.Resources.OfType<ProjectResource>().ToList();
            Assert.Contains(projects, p => p.Name == "replay");
            var execution = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run);

            foreach (var overlay in (string[])["dev", "prod", "trial"])
            {
                var rendered = await Manifests.Render(overlay);
                foreach (var project in projects)
                {
                    // The replay is a trial's alone, never production's.
                    if (project.Name == "replay" && overlay != "trial")
                    {
                        Assert.Null(rendered.Find("Job", "replay"));
                        continue;
                    }
                    var workload = rendered.Find(project.Name == "replay" ? "Job" : "Deployment", project.Name);
                    Assert.True(workload is not null, $"The AppHost runs {project.Name}; overlays/{overlay} has no workload of that name.");
                    var deployed = rendered.Environment(workload);
                    foreach (var setting in await SettingsOf(project, execution))
                        Assert.True(deployed.ContainsKey(setting), $"The AppHost tells {project.Name} {setting}; overlays/{overlay} does not.");
                    Assert.Equal($"micic/{project.Name}", ImageName(Rendered.Container(workload)));
                }
            }
        }
        finally
        {
            if (Directory.Exists(data))
                Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// What a deployment must give a project as the AppHost does: connection strings, other services' addresses, the
    /// identity provider's settings and keys, messaging's. Not what stands for this machine (ports, data folder files, the
    /// dashboard's telemetry wiring, the crisis clock of a local replay).
    /// </summary>
    static async Task<IReadOnlyList<string>> SettingsOf(ProjectResource project, DistributedApplicationExecutionContext execution)
    {
        var environment = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(execution, project, environment);
        foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            await callback.Callback(context);
        return environment.Keys.Where(name => DeployedSetting().IsMatch(name)).Order().ToList();
    }

    [GeneratedRegex(@"^(ConnectionStrings__|services__|Auth__|Identity__|Messaging__|ASPNETCORE_ENVIRONMENT$)")]
    private static partial Regex DeployedSetting();

    static string ImageName(JsonObject container) => ((string)container["image"]!).Split(':')[0];

    [Fact]
    public async Task Each_service_reaches_its_own_database_as_its_own_role_whose_password_is_the_operators_secret()
    {
        var rendered = await Manifests.Render("prod");
        var cluster = rendered.Find("Cluster", "micic-postgres")!;
        var roles = cluster["spec"]!["managed"]!["roles"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => (string)r!["passwordSecret"]!["name"]!);
        var hba = cluster["spec"]!["postgresql"]!["pg_hba"]!.AsArray().Select(line => (string)line!).ToList();

        foreach (var service in Workloads.Skip(1))
        {
            var environment = rendered.Environment(rendered.Find("Deployment", service)!);
            var connectionString = (string)environment[$"ConnectionStrings__{service}db"]!;
            Assert.Contains($"Database=micic_{service};Username=micic_{service};Password=$(POSTGRES_PASSWORD)", connectionString);
            Assert.Equal($"micic-postgres-{service}", (string)environment["POSTGRES_PASSWORD"]!["secretKeyRef"]!["name"]!);
            Assert.Equal($"micic-postgres-{service}", roles[$"micic_{service}"]);
            var database = rendered.OfKind("Database").Single(d => (string?)d["spec"]!["name"] == $"micic_{service}");
            Assert.Equal($"micic_{service}", (string)database["spec"]!["owner"]!);
            // Its role connects to its database and, the reject line after, to no other.
            Assert.Contains($"host micic_{service} micic_{service} all scram-sha-256", hba);
            Assert.Contains($"micic_{service}", hba[^1].Split(' ')[2].Split(','));
            Assert.StartsWith("host all ", hba[^1]);
            Assert.EndsWith(" all reject", hba[^1]);

            // Its own broker user, whose credentials the topology operator imports from the same secret the service reads.
            Assert.Equal($"micic-rabbitmq-{service}", (string)environment["RABBITMQ_PASSWORD"]!["secretKeyRef"]!["name"]!);
            Assert.Equal($"micic-rabbitmq-{service}", (string)rendered.Find("User", $"micic-{service}")!["spec"]!["importCredentialsSecret"]!["name"]!);
            Assert.Equal("true", (string)environment["Messaging__QuorumQueues"]!);
            Assert.StartsWith("micic-redis:6379,password=", (string)environment["ConnectionStrings__redis"]!);
        }
        Assert.Equal(3, (int)rendered.Find("RabbitmqCluster", "micic-rabbitmq")!["spec"]!["replicas"]!);
        Assert.Equal($"rabbitmq:{RabbitMqVersionTheTestsRun()}-management", (string)rendered.Find("RabbitmqCluster", "micic-rabbitmq")!["spec"]!["image"]!);
    }

    /// <summary>The RabbitMQ the integration tests run: Debian's package on this machine.</summary>
    static string RabbitMqVersionTheTestsRun()
    {
        var status = File.ReadAllText("/var/lib/dpkg/status");
        var version = Regex.Match(status, @"Package: rabbitmq-server\n(?:[^\n]+\n)*?Version: (?<version>\d+\.\d+\.\d+)").Groups["version"].Value;
        return version.Length > 0 ? version : "3.10.8";
    }

    [Fact]
    public async Task Every_secret_the_manifests_read_is_one_create_secrets_makes()
    {
        var script = await File.ReadAllTextAsync(Path.Combine(Manifests.Folder, "create-secrets"));
        foreach (var overlay in (string[])["prod", "trial"])
        {
            var rendered = await Manifests.Render(overlay);
            var json = string.Join('\n', rendered.Objects.Select(o => o.ToJsonString()));
            var referred = SecretReference().Matches(json).Select(m => m.Groups["name"].Value)
                .Concat(ConfigMapReference().Matches(json).Select(m => m.Groups["name"].Value))
                .Where(name => rendered.Find("ConfigMap", name) is null && name != "micic-tls")   // generated here; the TLS certificate is the cluster's
                .Distinct().ToList();
            Assert.NotEmpty(referred);
            foreach (var name in referred)
            {
                var made = name.StartsWith("micic-postgres-") || name.StartsWith("micic-rabbitmq-") && name != "micic-rabbitmq-keda"
                    ? script.Contains($"\"{name[..(name.IndexOf('-', 6) + 1)]}$service\"") && Workloads.Contains(name[(name.IndexOf('-', 6) + 1)..])
                    : script.Contains(name);
                Assert.True(made, $"overlays/{overlay} reads {name}, which deploy/k8s/create-secrets does not make.");
            }
        }
    }

    [GeneratedRegex("\"(?:secretKeyRef|secretRef|passwordSecret|importCredentialsSecret)\":\\{(?:\"key\":\"[^\"]+\",)?\"name\":\"(?<name>[^\"]+)\"|\"secretTargetRef\":\\[[^\\]]*?\"name\":\"(?<name>[^\"]+)\"")]
    private static partial Regex SecretReference();

    [Fact]
    public async Task The_identity_provider_is_given_its_keys_and_every_machine_client_secret_and_the_gateway_its_own()
    {
        var rendered = await Manifests.Render("prod");
        var identity = rendered.Find("Deployment", "identity")!;
        var environment = rendered.Environment(identity);
        Assert.Equal("micic-identity-keys", (string)environment["Identity__SigningKey"]!["secretKeyRef"]!["name"]!);
        Assert.Equal("micic-identity-keys", (string)environment["Identity__EncryptionKey"]!["secretKeyRef"]!["name"]!);
        Assert.Contains(Rendered.Container(identity)["envFrom"]!.AsArray(), source => (string?)source!["secretRef"]?["name"] == "micic-client-secrets");
        // create-secrets makes a secret for every organisation the seeds hold, and the gateway's, under the names the provider reads.
        var script = await File.ReadAllTextAsync(Path.Combine(Manifests.Folder, "create-secrets"));
        Assert.Contains("seeds/organisations.json", script);
        Assert.Contains("micic-web)", script);
        Assert.Contains("\"Auth__ClientSecrets__$client=", script);
        var gateway = rendered.Environment(rendered.Find("Deployment", "gateway")!);
        Assert.Equal("Auth__ClientSecrets__micic-web", (string)gateway["Auth__ClientSecrets__micic-web"]!["secretKeyRef"]!["key"]!);
        // Every process checks tokens against the issuer, with the provider's public key.
        foreach (var name in Workloads)
        {
            var told = rendered.Environment(rendered.Find("Deployment", name)!);
            Assert.Equal("https://micic.example.org/", (string)told["Auth__Issuer"]!);
            Assert.Equal("micic-signing-public-key", (string)told["Auth__SigningKeys"]!["configMapKeyRef"]!["name"]!);
        }
    }

    [GeneratedRegex("\"(?:configMapKeyRef|configMapRef)\":\\{(?:\"key\":\"[^\"]+\",)?\"name\":\"(?<name>[^\"]+)\"")]
    private static partial Regex ConfigMapReference();

    [Theory]
    [InlineData("dev", 1)]
    [InlineData("prod", 2)]
    public async Task Every_service_and_the_gateway_runs_as_many_replicas_as_its_overlay_says_with_health_probes(string overlay, int replicas)
    {
        var rendered = await Manifests.Render(overlay);
        foreach (var name in Workloads)
        {
            var deployment = rendered.Find("Deployment", name)!;
            Assert.True((int)deployment["spec"]!["replicas"]! >= replicas, $"{name} in {overlay}");
            if (overlay == "dev")
                Assert.Equal(1, (int)deployment["spec"]!["replicas"]!);
            var container = Rendered.Container(deployment);
            Assert.Equal("/health/ready", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
            Assert.Equal("/health/live", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
            Assert.True((bool)Rendered.PodSpec(deployment)["securityContext"]!["runAsNonRoot"]!);
        }
    }

    [Fact]
    public async Task Prod_keeps_a_replica_through_disruptions_bounds_every_pod_and_spreads_them_over_nodes_and_zones()
    {
        var rendered = await Manifests.Render("prod");
        foreach (var name in Workloads)
        {
            var deployment = rendered.Find("Deployment", name)!;
            var budget = rendered.Find("PodDisruptionBudget", name);
            Assert.True(budget is not null, $"{name} has no disruption budget");
            Assert.Equal(name, (string)budget["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]!);
            Assert.Equal(1, (int)budget["spec"]!["minAvailable"]!);

            var resources = Rendered.Container(deployment)["resources"]!;
            foreach (var bound in (string[])["requests", "limits"])
                foreach (var resource in (string[])["cpu", "memory"])
                    Assert.True(resources[bound]?[resource] is not null, $"{name} has no {bound}.{resource}");

            var spread = Rendered.PodSpec(deployment)["topologySpreadConstraints"]!.AsArray();
            Assert.Contains(spread, c => (string?)c!["topologyKey"] == "kubernetes.io/hostname" && (string?)c["whenUnsatisfiable"] == "DoNotSchedule");
            Assert.Contains(spread, c => (string?)c!["topologyKey"] == "topology.kubernetes.io/zone");
            Assert.All(spread, c => Assert.Contains("app.kubernetes.io/name", c!["matchLabelKeys"]!.AsArray().Select(k => (string)k!)));
        }
        // KEDA scales consumers by their queue, never below the overlay's two.
        foreach (var scaled in rendered.OfKind("ScaledObject"))
        {
            Assert.Contains(Rendered.NameOf(scaled), Workloads);
            Assert.True((int)scaled["spec"]!["minReplicaCount"]! >= 2);
            var trigger = scaled["spec"]!["triggers"]![0]!;
            Assert.Equal("rabbitmq", (string)trigger["type"]!);
            Assert.StartsWith($"{Rendered.NameOf(scaled)}-", (string)trigger["metadata"]!["queueName"]!);
        }
        Assert.NotEmpty(rendered.OfKind("ScaledObject"));
        Assert.Empty((await Manifests.Render("dev")).OfKind("ScaledObject"));
    }

    [Fact]
    public async Task In_prod_only_the_gateway_is_reachable_from_outside_and_the_services_only_from_the_gateway()
    {
        var rendered = await Manifests.Render("prod");
        var policies = rendered.OfKind("NetworkPolicy").ToList();

        // Every service and gateway pod is under a policy that denies both ways, unless another allows.
        var deny = policies.Single(p => Rendered.NameOf(p) == "micic-default-deny")["spec"]!;
        Assert.Equal(["Ingress", "Egress"], deny["policyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Null(deny["ingress"]);
        Assert.Null(deny["egress"]);
        Assert.Equal(["gateway", "service"], deny["podSelector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => (string)v!));

        // Who may come in: from other namespaces, only to the gateway.
        foreach (var policy in policies)
            foreach (var rule in policy["spec"]!["ingress"]?.AsArray() ?? [])
                foreach (var peer in rule!["from"]!.AsArray())
                {
                    if (peer!["namespaceSelector"] is null)
                        continue;
                    var target = policy["spec"]!["podSelector"]!["matchLabels"];
                    var name = (string?)target?["app.kubernetes.io/name"] ?? (string?)target?["cnpg.io/cluster"];
                    Assert.True(name is "gateway" or "micic-postgres" or "micic-rabbitmq",
                        $"{Rendered.NameOf(policy)} lets pods from other namespaces in to {name}");
                }
        var services = policies.Single(p => Rendered.NameOf(p) == "services")["spec"]!;
        var from = Assert.Single(services["ingress"]!.AsArray())!["from"]!.AsArray();
        Assert.Equal("gateway", (string)Assert.Single(from)!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!);
        // Where the services may go: PostgreSQL, the broker, Redis.
        Assert.Equal([5432, 5672, 6379], services["egress"]!.AsArray().Select(rule => (int)rule!["ports"]![0]!["port"]!));
        var gatewayIn = policies.Single(p => Rendered.NameOf(p) == "gateway")["spec"]!["ingress"]![0]!["from"]![0]!;
        Assert.Equal("ingress-nginx", (string)gatewayIn["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!);
        Assert.Equal("gateway", (string)rendered.Find("Ingress", "gateway")!["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]!);
    }
}
