using Micic.ServiceDefaults.Settings;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Micic.ServiceDefaults.Exercises;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micic.ServiceDefaults.Documents;

public sealed class PrintingOptions
{
    public const string Section = "Printing";

    public static IEnumerable<string?> Check(PrintingOptions options) =>
    [
        SettingRules.Positive($"{Section}:Timeout", options.Timeout),
        SettingRules.AtLeast($"{Section}:AtOnce", options.AtOnce, 1),
        SettingRules.AtLeast($"{Section}:Queue", options.Queue, 0),
        SettingRules.AtLeast($"{Section}:DocumentsPerMinute", options.DocumentsPerMinute, 1),
    ];

    /// <summary>
    /// Debian's Chromium, the browser itself: it lays out any script (Arabic shaped, right to left) and prints to PDF.
    /// Not the <c>/usr/bin/chromium</c> launcher, which adds flags, extensions and API keys from <c>/etc/chromium.d</c>.
    /// </summary>
    public string Chromium { get; set; } = "/usr/lib/chromium/chromium";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many documents print at once; each is a browser process.</summary>
    public int AtOnce { get; set; } = 2;

    /// <summary>How many documents may wait for their turn; beyond it a PDF is refused (503, with Retry-After).</summary>
    public int Queue { get; set; } = 4;

    /// <summary>
    /// Chromium will not sandbox itself as root: a service running as root starts it as this user and group instead
    /// (<c>nobody</c>/<c>nogroup</c> on Debian), with no capabilities and no way to gain privileges.
    /// </summary>
    public int SandboxUserId { get; set; } = 65534;

    public int SandboxGroupId { get; set; } = 65534;

    /// <summary>Documents (PDFs and workbooks) one organisation may ask for per minute, at each instance; beyond it 429.</summary>
    public int DocumentsPerMinute { get; set; } = 20;
}

/// <summary>The printer is not installed on this host: the PDF cannot be made here, whatever the request.</summary>
public sealed class PrintingUnavailable(string message) : Exception(message);

/// <summary>Every printer is busy and the queue is full: the PDF may be asked for again after <see cref="RetryAfter"/>.</summary>
public sealed class PrinterBusy(TimeSpan retryAfter) : Exception($"Every printer is busy; try again in {retryAfter.TotalSeconds:0} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Prints an HTML page to PDF with headless Chromium. A browser lays out every script as typed — Arabic joined and
/// right to left, Bengali with its conjuncts — and writes a text layer that copies back as the same characters,
/// which a PDF library drawing glyphs one by one does not. The page holds names typed by anyone, so the browser is
/// shut in: its sandbox on, scripts off, no network (every address, loopback too, goes to a proxy that is not there),
/// an environment of its own and a fresh profile; the page's own policy (<see cref="PrintablePage"/>) allows nothing
/// beyond its inline styles and data: images and fonts. At most <see cref="PrintingOptions.AtOnce"/> print while
/// <see cref="PrintingOptions.Queue"/> wait; more is refused at once rather than queued without end.
/// </summary>
/// <remarks>On an exercise platform every page of every document says EXERCISE at its head.</remarks>
public sealed class PdfPrinter(IOptions<PrintingOptions> options, ILogger<PdfPrinter> logger, ExerciseMode? exercise = null)
{
    public const string ContentType = "application/pdf";

    /// <summary>Drops to the sandbox user (util-linux, in every Debian image).</summary>
    const string Setpriv = "/usr/bin/setpriv";

    readonly PrintingOptions _options = options.Value;
    readonly SemaphoreSlim _atOnce = new(options.Value.AtOnce);
    int _waitingOrPrinting;
    long _lastPrintTicks = TimeSpan.FromSeconds(2).Ticks;

    public async Task<byte[]> Print(string html, CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.Chromium))
            throw new PrintingUnavailable($"PDF printing needs Chromium at {_options.Chromium}, which this host lacks (apt-get install chromium).");
        if (Interlocked.Increment(ref _waitingOrPrinting) > _options.AtOnce + _options.Queue)
        {
            Interlocked.Decrement(ref _waitingOrPrinting);
            throw new PrinterBusy(RetryAfter());
        }
        try
        {
            await _atOnce.WaitAsync(cancellationToken);
            try
            {
                var started = Stopwatch.GetTimestamp();
                var pdf = await Run(exercise?.MarkDocument(html) ?? html, cancellationToken);
                Interlocked.Exchange(ref _lastPrintTicks, Stopwatch.GetElapsedTime(started).Ticks);
                return pdf;
            }
            finally
            {
                _atOnce.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waitingOrPrinting);
        }
    }

    /// <summary>About when a place frees: the queue ahead drained at the pace of the last print.</summary>
    TimeSpan RetryAfter() => TimeSpan.FromSeconds(Math.Clamp(
        Math.Ceiling(TimeSpan.FromTicks(Interlocked.Read(ref _lastPrintTicks)).TotalSeconds * (_options.Queue + _options.AtOnce) / _options.AtOnce), 1, 60));

    async Task<byte[]> Run(string html, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("micic-print-");
        try
        {
            var page = Path.Combine(folder.FullName, "document.html");
            var pdf = Path.Combine(folder.FullName, "document.pdf");
            var profile = Path.Combine(folder.FullName, "profile");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            // Scripts off for every page, as a setting of the profile: Chromium's --blink-settings=scriptEnabled=false
            // makes headless printing write nothing.
            Directory.CreateDirectory(Path.Combine(profile, "Default"));
            await File.WriteAllTextAsync(Path.Combine(profile, "Default", "Preferences"),
                """{"profile":{"default_content_setting_values":{"javascript":2}}}""", cancellationToken);

            var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true };
            if (Environment.IsPrivilegedProcess)
            {
                // Chromium refuses its sandbox as root (it would then run without one): it runs as an unprivileged user,
                // who owns the folder it reads the page from and writes the PDF into.
                if (!File.Exists(Setpriv))
                    throw new PrintingUnavailable($"A service running as root prints through {Setpriv} (util-linux), which this host lacks.");
                foreach (var path in Directory.EnumerateFileSystemEntries(folder.FullName, "*", SearchOption.AllDirectories).Prepend(folder.FullName))
                    if (Chown(path, _options.SandboxUserId, _options.SandboxGroupId) != 0)
                        throw new InvalidOperationException($"Could not hand {path} to the printing user (errno {Marshal.GetLastPInvokeError()}).");
                start.FileName = Setpriv;
                foreach (var argument in (string[])[$"--reuid={_options.SandboxUserId}", $"--regid={_options.SandboxGroupId}", "--clear-groups",
                             "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--", _options.Chromium])
                    start.ArgumentList.Add(argument);
            }
            else
                start.FileName = _options.Chromium;
            foreach (var argument in (string[])
                     [
                         "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync", "--disable-background-networking",
                         "--disable-component-update", "--disable-extensions", "--no-pdf-header-footer",
                         // No network: every request goes to a proxy on the discard port, where nothing listens — loopback
                         // too (Chromium otherwise bypasses a proxy for it) — and no name resolves.
                         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
                         $"--user-data-dir={profile}", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
                     ])
                start.ArgumentList.Add(argument);
            // The service's environment holds connection strings and keys: the browser gets only a home and a temp folder.
            start.Environment.Clear();
            start.Environment["HOME"] = folder.FullName;
            start.Environment["TMPDIR"] = folder.FullName;
            start.Environment["PATH"] = "/usr/bin:/bin";

            using var browser = Process.Start(start) ?? throw new PrintingUnavailable($"{start.FileName} did not start.");
            var errors = browser.StandardError.ReadToEndAsync(cancellationToken);
            _ = browser.StandardOutput.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.Timeout);
            try
            {
                await browser.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                browser.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException($"Chromium did not print the document within {_options.Timeout}.");
            }
            if (browser.ExitCode != 0 || !File.Exists(pdf))
            {
                var said = await errors;
                logger.LogError("Chromium could not print (exit {ExitCode}): {Errors}", browser.ExitCode, said);
                // Without user namespaces (or a setuid helper) Chromium has no sandbox to run in: printing is off here
                // rather than unsandboxed.
                if (said.Contains("No usable sandbox", StringComparison.Ordinal))
                    throw new PrintingUnavailable("Chromium cannot sandbox itself on this host (user namespaces are off), and prints only sandboxed.");
                throw new InvalidOperationException($"Chromium could not print the document (exit code {browser.ExitCode}).");
            }
            return await File.ReadAllBytesAsync(pdf, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}

public static class PrintingExtensions
{
    /// <summary>
    /// Workbooks and printed PDFs, for a service that offers documents (<c>Printing</c> section of the configuration),
    /// and the limit on how many one organisation may ask for (<see cref="DocumentRequests"/>).
    /// </summary>
    public static IHostApplicationBuilder AddPrinting(this IHostApplicationBuilder builder)
    {
        builder.AddCheckedOptions<PrintingOptions>(PrintingOptions.Section, PrintingOptions.Check);
        builder.Services.AddSingleton<PdfPrinter>();
        builder.AddDocumentRequestLimit();
        return builder;
    }
}
