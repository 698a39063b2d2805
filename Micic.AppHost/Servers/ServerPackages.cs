namespace Micic.AppHost.Servers;

/// <summary>
/// The servers' programs from the operating system's packages: found where Debian puts them, and installed with
/// apt-get on the first run when they are missing and we may (as root, or through password-less sudo).
/// </summary>
public static class ServerPackages
{
    /// <summary>initdb or postgres: Debian keeps them under /usr/lib/postgresql/&lt;version&gt;/bin, off the PATH.</summary>
    public static string Postgres(string tool) => FindPostgres(tool) ?? throw Missing("postgresql");

    /// <summary>The real start script; Debian's /usr/sbin/rabbitmq-server wrapper would switch to the system node's settings.</summary>
    public static string RabbitMqServer => Existing("/usr/lib/rabbitmq/bin/rabbitmq-server") ?? FindOnPath("rabbitmq-server") ?? throw Missing("rabbitmq-server");

    /// <summary>The node's control tool, beside the start script.</summary>
    public static string RabbitMqCtl => Existing("/usr/lib/rabbitmq/bin/rabbitmqctl") ?? FindOnPath("rabbitmqctl") ?? throw Missing("rabbitmq-server");

    public static string Epmd => FindOnPath("epmd") ?? throw Missing("rabbitmq-server");

    public static string RedisServer => FindOnPath("redis-server") ?? throw Missing("redis-server");

    public static string Bearerbox => FindOnPath("bearerbox") ?? throw Missing("kannel");

    public static string Smsbox => FindOnPath("smsbox") ?? throw Missing("kannel");

    /// <summary>Kannel's fake SMSC client, which the simulated phones are; from kannel-extras, off the PATH.</summary>
    public static string FakeSmsc => Existing(FakeSmscPath) ?? throw Missing("kannel-extras");

    const string FakeSmscPath = "/usr/lib/kannel/test/fakesmsc";

    /// <summary>
    /// Dashboard and Manifests print PDFs with Chromium, in fonts that cover the scripts of people's names (Latin, Arabic,
    /// Bengali, Ethiopic …): each package with a file that shows it is there.
    /// </summary>
    static readonly (string Package, string File)[] Printing =
    [
        ("chromium", "/usr/bin/chromium"),
        ("fonts-noto-core", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
        ("fonts-hosny-amiri", "/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"),
    ];

    /// <summary>Installs the packages of the servers this run starts itself (Kannel too), and of the PDF printer, when they are missing.</summary>
    public static void EnsureInstalled(AppHostOptions options)
    {
        var missing = new List<string>();
        if (options.ExternalPostgres is null && (FindPostgres("initdb") is null || FindPostgres("postgres") is null))
            missing.Add("postgresql");
        if (options.ExternalRabbitMq is null && (Existing("/usr/lib/rabbitmq/bin/rabbitmq-server") is null || FindOnPath("epmd") is null))
            missing.Add("rabbitmq-server");
        if (options.ExternalRedis is null && FindOnPath("redis-server") is null)
            missing.Add("redis-server");
        // The SMS gateway, and the simulated phones that stand for an operator in local runs.
        if (FindOnPath("bearerbox") is null || FindOnPath("smsbox") is null)
            missing.Add("kannel");
        if (Existing(FakeSmscPath) is null)
            missing.Add("kannel-extras");
        missing.AddRange(Printing.Where(printing => !File.Exists(printing.File)).Select(printing => printing.Package));
        if (missing.Count > 0)
            Install(missing, line => Console.WriteLine($"[install] {line}"));
    }

    /// <summary>Installs Debian packages with apt-get, or says the one line to run. Also used by the tests for Chromium.</summary>
    public static void Install(IReadOnlyList<string> packages, Action<string> log)
    {
        var hint = $"sudo apt-get install -y {string.Join(' ', packages)}";
        var sudo = !Posix.IsRoot && FindOnPath("sudo") is { } found && Command.Run(found, ["-n", "true"]).Succeeded ? found : null;
        if (FindOnPath("apt-get") is not { } aptGet || (!Posix.IsRoot && sudo is null))
            throw new LaunchException($"{string.Join(" and ", packages)} not installed. Install with: {hint}");

        log($"{string.Join(", ", packages)} missing; installing with apt-get");
        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[][] steps = [["update"], ["install", "-y", "--no-install-recommends", .. packages]];
        foreach (var step in steps)
        {
            // sudo resets the environment, so DEBIAN_FRONTEND travels as an argument through env.
            string[] command = sudo is null ? [aptGet, .. step] : [sudo, "-n", "env", "DEBIAN_FRONTEND=noninteractive", aptGet, .. step];
            if (!Command.Run(command[0], command[1..], log, environment).Succeeded)
                throw new LaunchException($"apt-get {step[0]} failed. Install with: {hint}");
        }
    }

    static string? FindPostgres(string tool)
    {
        const string root = "/usr/lib/postgresql";
        return Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(directory => (directory, version: int.TryParse(Path.GetFileName(directory), out var v) ? v : -1))
                .Where(candidate => candidate.version >= 0 && File.Exists(Path.Combine(candidate.directory, "bin", tool)))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.directory, "bin", tool))
                .FirstOrDefault()
            : null;
    }

    /// <summary>Where a program is, searched as a shell would (and in the sbin folders); null when it is not installed.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    static string? Existing(string path) => File.Exists(path) ? path : null;

    static LaunchException Missing(string package) => new($"{package} is not installed. Install it with: sudo apt-get install -y {package}");
}
