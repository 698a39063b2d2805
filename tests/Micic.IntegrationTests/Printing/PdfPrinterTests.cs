using System.Net;
using System.Net.Sockets;
using Micic.AppHost.Servers;
using Micic.IntegrationTests.Infrastructure;
using Micic.ServiceDefaults.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Micic.IntegrationTests.Printing;

/// <summary>
/// The real Chromium printing a hostile page on its own (no page policy): its script does not run, and nothing it
/// points at is fetched — not even on loopback, where the platform's own services listen.
/// </summary>
public sealed class PdfPrinterTests
{
    [Fact]
    public async Task A_page_that_tries_to_run_script_and_reach_the_network_prints_as_text_only()
    {
        var options = new PrintingOptions();
        if (!File.Exists(options.Chromium))
            ServerPackages.Install(["chromium"], _ => { });
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var reached = listener.AcceptSocketAsync();

        var pdf = await new PdfPrinter(Options.Create(options), NullLogger<PdfPrinter>.Instance).Print($$"""
            <!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="http://localhost:{{port}}/style.css"></head>
            <body><p id="said">NO SCRIPT RAN</p><p>محمد السلامي</p>
            <script>document.getElementById("said").textContent = "SCRIPT RAN"; fetch("http://127.0.0.1:{{port}}/fetch");</script>
            <img src="http://127.0.0.1:{{port}}/loopback.png"><img src="http://example.org/remote.png"></body></html>
            """, CancellationToken.None);

        var text = Documents.Text(pdf);
        Assert.Contains("NO SCRIPT RAN", text);
        Assert.Contains("محمد", text);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(reached.IsCompleted, "Chromium reached a loopback address while printing.");
    }
}
