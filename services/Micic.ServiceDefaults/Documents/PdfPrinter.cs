using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Micic.ServiceDefaults.Documents;

public sealed class PrintingOptions
{
    /// <summary>Debian's Chromium: it lays out any script (Arabic shaped, right to left) and prints to PDF.</summary>
    public string Chromium { get; set; } = "/usr/bin/chromium";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many documents print at once; each is a browser process.</summary>
    public int AtOnce { get; set; } = 2;
}

/// <summary>The printer is not installed on this host: the PDF cannot be made here, whatever the request.</summary>
public sealed class PrintingUnavailable(string message) : Exception(message);

/// <summary>
/// Prints an HTML page to PDF with headless Chromium. A browser lays out every script as typed — Arabic joined and
/// right to left, Bengali with its conjuncts — and writes a text layer that copies back as the same characters,
/// which a PDF library drawing glyphs one by one does not. The page must carry everything it needs (styles, fonts by
/// name, charts as inline SVG): nothing is fetched from the network.
/// </summary>
public sealed class PdfPrinter(IOptions<PrintingOptions> options, ILogger<PdfPrinter> logger)
{
    public const string ContentType = "application/pdf";

    readonly PrintingOptions _options = options.Value;
    readonly SemaphoreSlim _atOnce = new(options.Value.AtOnce);

    public async Task<byte[]> Print(string html, CancellationToken cancellationToken)
    {
        if (!File.Exists(_options.Chromium))
            throw new PrintingUnavailable($"PDF printing needs Chromium at {_options.Chromium}, which this host lacks (apt-get install chromium).");
        await _atOnce.WaitAsync(cancellationToken);
        var folder = Directory.CreateTempSubdirectory("micic-print-");
        try
        {
            var page = Path.Combine(folder.FullName, "document.html");
            var pdf = Path.Combine(folder.FullName, "document.pdf");
            await File.WriteAllTextAsync(page, html, cancellationToken);
            using var browser = Process.Start(new ProcessStartInfo(_options.Chromium)
            {
                ArgumentList =
                {
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync",
                    "--disable-background-networking", "--disable-component-update", "--disable-extensions", "--no-pdf-header-footer",
                    $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new PrintingUnavailable($"{_options.Chromium} did not start.");
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
                logger.LogError("Chromium could not print (exit {ExitCode}): {Errors}", browser.ExitCode, await errors);
                throw new InvalidOperationException($"Chromium could not print the document (exit code {browser.ExitCode}).");
            }
            return await File.ReadAllBytesAsync(pdf, cancellationToken);
        }
        finally
        {
            _atOnce.Release();
            folder.Delete(recursive: true);
        }
    }
}

public static class PrintingExtensions
{
    /// <summary>Workbooks and printed PDFs, for a service that offers documents (<c>Printing</c> section of the configuration).</summary>
    public static IHostApplicationBuilder AddPrinting(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<PrintingOptions>(builder.Configuration.GetSection("Printing"));
        builder.Services.AddSingleton<PdfPrinter>();
        return builder;
    }
}
