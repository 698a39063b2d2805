using System.Diagnostics;
using System.Text;

/// <summary>
/// Where the machine's processor time went while the platform ran on this machine: each process's user and system
/// time from /proc, summed by part (PostgreSQL, RabbitMQ, each service, the Aspire dashboard's telemetry intake), so
/// that a scenario can say what one group costs and how many groups a second the cores could carry at that cost.
/// On a platform elsewhere (or without /proc) it says nothing.
/// </summary>
sealed class CpuUse
{
    static readonly string[] Parts =
        ["Micic.Requests", "Micic.Offers", "Micic.Matching", "Micic.Manifests", "Micic.Transit", "Micic.Dashboard", "Micic.Identity", "Micic.Gateway", "Micic.Replay", "Micic.AppHost"];

    static readonly double TicksPerSecond = 100; // USER_HZ, the unit of /proc/<pid>/stat's times on Linux

    readonly Dictionary<int, (string Part, double Seconds)> _start;

    CpuUse(Dictionary<int, (string Part, double Seconds)> start) => _start = start;

    public static bool Available => OperatingSystem.IsLinux() && Directory.Exists("/proc/self");

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
        foreach (var (pid, (part, seconds)) in Sample().Where(process => process.Value.Part != "benchmark"))
            spent[part] = spent.GetValueOrDefault(part) + seconds - (_start.TryGetValue(pid, out var start) ? start.Seconds : 0);
        var total = spent.Values.Sum();
        var text = new StringBuilder($"  CPU per group: {1000 * total / groups:F1} ms in all → at most {Environment.ProcessorCount * groups / total:F0} groups/s on {Environment.ProcessorCount} cores;");
        foreach (var (part, seconds) in spent.Where(part => part.Value >= 0.005 * total).OrderByDescending(part => part.Value))
            text.Append($" {part} {1000 * seconds / groups:F1}");
        return text.ToString();
    }

    static double Total(Dictionary<int, (string Part, double Seconds)> sample) =>
        sample.Values.Where(process => process.Part != "benchmark").Sum(process => process.Seconds);

    static Dictionary<int, (string Part, double Seconds)> Sample()
    {
        var processes = new Dictionary<int, (string, double)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name (field 2) may hold spaces; the fields after it are fixed: utime is the 14th, stime the 15th.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var seconds = (double.Parse(fields[11]) + double.Parse(fields[12])) / TicksPerSecond;
                processes[pid] = (PartOf(File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' '), pid), seconds);
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

    static string PartOf(string commandLine, int pid) =>
        pid == Environment.ProcessId ? "benchmark"
        : Parts.FirstOrDefault(commandLine.Contains) is { } part ? part["Micic.".Length..].ToLowerInvariant()
        : commandLine.Contains("postgres") ? "postgresql"
        : commandLine.Contains("beam.smp") || commandLine.Contains("rabbitmq") || commandLine.Contains("epmd") ? "rabbitmq"
        : commandLine.Contains("redis") ? "redis"
        : commandLine.Contains("Aspire.Dashboard") || commandLine.Contains("/dcp") ? "aspire"
        : "other";
}
