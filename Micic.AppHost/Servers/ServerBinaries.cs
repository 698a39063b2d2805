namespace Micic.AppHost;

/// <summary>Locates the PostgreSQL and RabbitMQ programs from the operating system's packages, installing them when it can.</summary>
public static class ServerBinaries
{
    private const string InstallHint = "sudo apt-get install -y postgresql rabbitmq-server";

    /// <summary>initdb, pg_ctl or postgres: Debian keeps them under /usr/lib/postgresql/&lt;version&gt;/bin, off the PATH.</summary>
    public static string Postgres(string tool) => FindPostgres(tool) ?? throw Missing($"PostgreSQL's {tool}");

    /// <summary>The real start script; Debian's /usr/sbin/rabbitmq-server wrapper would switch to the system instance's user and settings.</summary>
    public static string RabbitMqServer => FindRabbitMq() ?? throw Missing("rabbitmq-server");

    public static string Epmd => FindOnPath("epmd") ?? throw Missing("Erlang's epmd");

    /// <summary>Installs PostgreSQL and RabbitMQ with apt-get when they are missing and we may; otherwise says what to install.</summary>
    public static async Task EnsureInstalledAsync(Action<string> log, CancellationToken ct = default)
    {
        if (AllPresent())
        {
            return;
        }
        log("PostgreSQL or RabbitMQ is missing; installing them with apt-get");
        await InstallPackagesAsync(["postgresql", "rabbitmq-server"], log, ct);
        if (!AllPresent())
        {
            throw new LaunchException($"PostgreSQL and RabbitMQ are still missing after apt-get. Install them with: {InstallHint}");
        }
    }

    /// <summary>
    /// Installs Debian packages with apt-get (as root, or through password-less sudo); otherwise says the one line to run.
    /// Also used by the test suite for the browser its dashboard tests drive.
    /// </summary>
    public static async Task InstallPackagesAsync(IReadOnlyList<string> packages, Action<string> log, CancellationToken ct = default)
    {
        var hint = $"sudo apt-get install -y {string.Join(' ', packages)}";
        var sudo = Posix.IsRoot ? null : await CanSudoAsync() ? "sudo" : null;
        if (FindOnPath("apt-get") is not { } aptGet || (!Posix.IsRoot && sudo is null))
        {
            throw new LaunchException($"{string.Join(" and ", packages)} not installed. Install with: {hint}");
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        string[][] steps = [["update"], ["install", "-y", "--no-install-recommends", .. packages]];
        foreach (var step in steps)
        {
            // sudo resets the environment, so DEBIAN_FRONTEND travels as an argument through env.
            string[] command = sudo is null ? [aptGet, .. step] : [sudo, "-n", "env", "DEBIAN_FRONTEND=noninteractive", aptGet, .. step];
            var result = await Command.RunAsync(command[0], command[1..], ct, log, environment: environment);
            if (!result.Succeeded)
            {
                throw new LaunchException($"apt-get {step[0]} failed (exit code {result.ExitCode}). Install with: {hint}");
            }
        }
    }

    internal static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool AllPresent() =>
        new[] { "initdb", "pg_ctl", "postgres" }.All(tool => FindPostgres(tool) is not null)
        && FindRabbitMq() is not null
        && FindOnPath("epmd") is not null;

    private static string? FindPostgres(string tool)
    {
        const string root = "/usr/lib/postgresql";
        var newest = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(directory => (directory, version: double.TryParse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(candidate => candidate.version >= 0 && File.Exists(Path.Combine(candidate.directory, "bin", tool)))
                .OrderByDescending(candidate => candidate.version)
                .Select(candidate => Path.Combine(candidate.directory, "bin", tool))
                .FirstOrDefault()
            : null;
        return newest ?? FindOnPath(tool);
    }

    private static string? FindRabbitMq()
    {
        const string debian = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        return File.Exists(debian) ? debian : FindOnPath("rabbitmq-server");
    }

    private static async Task<bool> CanSudoAsync()
    {
        if (FindOnPath("sudo") is not { } sudo)
        {
            return false;
        }
        var result = await Command.RunAsync(sudo, ["-n", "true"]);
        return result.Succeeded;
    }

    private static LaunchException Missing(string what) =>
        new($"{what} was not found. Install PostgreSQL and RabbitMQ with: {InstallHint}");
}
