using System.Diagnostics;
using System.Text;

/// <summary>
/// Where the platform's processor time went: each of its processes' user and system time from /proc, summed by part
/// (PostgreSQL, RabbitMQ, each service, the Aspire dashboard's telemetry intake), so that a scenario can say what one
/// group costs and how many groups a second the cores could carry at that cost. The platform is the process tree of the
/// AppHost whose gateway the benchmark talks to, so another platform or a build on the same machine is not counted.
/// On a platform elsewhere (or without /proc) it says nothing.
/// </summary>
sealed class CpuUse
{
    static readonly string[] Parts =
        ["Micic.Requests", "Micic.Offers", "Micic.Matching", "Micic.Manifests", "Micic.Transit", "Micic.Dashboard", "Micic.Identity", "Micic.Gateway", "Micic.Replay", "Micic.AppHost"];

    static readonly double TicksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat's times on Linux

    readonly Dictionary<int, (string Part, double Seconds)> _start;

    CpuUse(Dictionary<int, (string Part, double Seconds)> start) => _start = start;

    /// <summary>The processes the platform was started from (<see cref="Watch"/>), whose trees are counted.</summary>
    static int[] _roots = [];

    public static bool Available => _roots.Length > 0;

    /// <summary>
    /// Finds the platform behind the gateway at <paramref name="gateway"/> on this machine: the process listening on its
    /// port, its oldest ancestor below init (Aspire's orchestrator, reparented there) and the AppHost that orchestrator
    /// watches (<c>--monitor</c>).
    /// </summary>
    public static void Watch(Uri gateway)
    {
        if (!OperatingSystem.IsLinux() || !gateway.IsLoopback || ListeningOn(gateway.Port) is not { } listener)
            return;
        var parents = Parents();
        var root = listener;
        while (parents.GetValueOrDefault(root) is var parent and > 1)
            root = parent;
        var orchestrator = Read($"/proc/{root}/cmdline")?.Split('\0');
        var monitored = orchestrator is null ? -1 : Array.IndexOf(orchestrator, "--monitor");
        _roots = monitored >= 0 && monitored + 1 < orchestrator!.Length && int.TryParse(orchestrator[monitored + 1], out var appHost) ? [root, appHost] : [root];
    }

    public static CpuUse Start() => new(Sample());

    /// <summary>Waits until the platform has worked off what the scenario queued (at most two minutes).</summary>
    public static async Task Settled()
    {
        var clock = Stopwatch.StartNew();
        var before = Total(Sample());
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = Total(Sample());
            if (now - before < 0.3 * 2) // under 0.3 cores busy over the last two seconds
                return;
            before = now;
        }
    }

    /// <returns>One line per part (ms per group), the total, and what the cores could carry at that cost.</returns>
    public string PerGroup(int groups)
    {
        var spent = new Dictionary<string, double>();
        foreach (var (pid, (part, seconds)) in Sample())
            spent[part] = spent.GetValueOrDefault(part) + seconds - (_start.TryGetValue(pid, out var start) ? start.Seconds : 0);
        var total = spent.Values.Sum();
        var text = new StringBuilder($"  CPU per group: {1000 * total / groups:F1} ms in all → at most {Environment.ProcessorCount * groups / total:F0} groups/s on {Environment.ProcessorCount} cores;");
        foreach (var (part, seconds) in spent.Where(part => part.Value >= 0.005 * total).OrderByDescending(part => part.Value))
            text.Append($" {part} {1000 * seconds / groups:F1}");
        return text.ToString();
    }

    static double Total(Dictionary<int, (string Part, double Seconds)> sample) =>
        sample.Values.Sum(process => process.Seconds);

    static Dictionary<int, (string Part, double Seconds)> Sample()
    {
        var processes = new Dictionary<int, (string, double)>();
        foreach (var pid in PlatformProcesses())
        {
            var directory = $"/proc/{pid}";
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name (field 2) may hold spaces; the fields after it are fixed: utime is the 14th, stime the 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (double.Parse(fields[11]) + double.Parse(fields[12])) / TicksPerSecond;
                processes[pid] = (PartOf(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')), seconds);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return processes;
    }

    /// <summary>The platform's processes now: the trees under its roots.</summary>
    static HashSet<int> PlatformProcesses()
    {
        var children = Parents().ToLookup(process => process.Value, process => process.Key);
        var platform = new HashSet<int>();
        var next = new Stack<int>(_roots);
        while (next.TryPop(out var pid))
            if (platform.Add(pid))
                foreach (var child in children[pid])
                    next.Push(child);
        return platform;
    }

    static Dictionary<int, int> Parents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Read(Path.Combine(directory, "stat")) is { } stat)
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]); // state, then the parent's id
        return parents;
    }

    /// <summary>The process with a socket listening on this TCP port, if one can be seen.</summary>
    static int? ListeningOn(int port)
    {
        var sockets = new HashSet<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            foreach (var line in (Read(table) ?? "").Split('\n').Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // local address "ADDR:PORT" in hexadecimal; state 0A is LISTEN; the inode names the socket
                if (columns.Length > 9 && columns[3] == "0A" && Convert.ToInt32(columns[1][(columns[1].LastIndexOf(':') + 1)..], 16) == port)
                    sockets.Add($"socket:[{columns[9]}]");
            }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (Directory.EnumerateFiles(Path.Combine(directory, "fd")).Any(fd => new FileInfo(fd).LinkTarget is { } target && sockets.Contains(target)))
                    return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours to look at
            }
        }
        return null;
    }

    static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static string PartOf(string commandLine) =>
        Parts.FirstOrDefault(commandLine.Contains) is { } part ? part["Micic.".Length..].ToLowerInvariant()
        : commandLine.Contains("postgres") ? "postgresql"
        : commandLine.Contains("beam.smp") || commandLine.Contains("rabbitmq") || commandLine.Contains("epmd") ? "rabbitmq"
        : commandLine.Contains("redis") ? "redis"
        : commandLine.Contains("Aspire.Dashboard") || commandLine.Contains("/dcp") ? "aspire"
        : "other";
}
