using System.Security.Claims;
using System.Text;
using System.Threading.RateLimiting;
using Micic.ServiceDefaults.Auth;
using Micic.ServiceDefaults.Documents;
using Micic.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Micic.UnitTests.Documents;

/// <summary>
/// The printer's bounds and the browser it starts, with a stand-in for Chromium (a shell script) that either takes its
/// time or writes down how it was started — its user, environment and arguments — where the PDF would go.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrintingTests : IDisposable
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"micic-printing-tests-{Guid.NewGuid():N}");

    public PrintingTests()
    {
        // Readable by the printing user the printer drops to when the tests run as root.
        Directory.CreateDirectory(_folder);
        File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    string Browser(string script)
    {
        var path = Path.Combine(_folder, $"chromium-{Guid.NewGuid():N}");
        File.WriteAllText(path, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    static PdfPrinter Printer(string chromium, int atOnce = 2, int queue = 4) =>
        new(Options.Create(new PrintingOptions { Chromium = chromium, AtOnce = atOnce, Queue = queue }), NullLogger<PdfPrinter>.Instance);

    [Fact]
    public async Task Beyond_those_printing_and_the_queue_a_document_is_refused_at_once_with_when_to_retry()
    {
        var printer = Printer(Browser("sleep 2\nexit 1\n"), atOnce: 1, queue: 1);
        var printing = printer.Print("<p>1</p>", CancellationToken.None);
        var waiting = printer.Print("<p>2</p>", CancellationToken.None);

        var busy = await Assert.ThrowsAsync<PrinterBusy>(() => printer.Print("<p>3</p>", CancellationToken.None));
        Assert.InRange(busy.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.False(printing.IsCompleted);

        await Assert.ThrowsAsync<InvalidOperationException>(() => printing); // the stand-in prints nothing
        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
        // Once they are done, there is room again.
        await Assert.ThrowsAsync<InvalidOperationException>(() => printer.Print("<p>4</p>", CancellationToken.None));
    }

    [Fact]
    public async Task The_browser_starts_sandboxed_offline_and_with_nothing_of_the_services_environment()
    {
        Environment.SetEnvironmentVariable("ConnectionStrings__secret", "Password=hunter2");
        var pdf = await Printer(Browser("""
            for argument in "$@"; do case "$argument" in --print-to-pdf=*) out="${argument#--print-to-pdf=}";; esac; done
            { echo "uid=$(id -u)"; env; printf '%s\n' "$@"; cat "${out%/*}/profile/Default/Preferences"; } > "$out"
            """)).Print("<p>Hello</p>", CancellationToken.None);
        var started = Encoding.UTF8.GetString(pdf);

        // Chromium refuses its sandbox as root: a root service starts it as nobody.
        Assert.Contains(Environment.IsPrivilegedProcess ? "uid=65534\n" : "uid=", started);
        Assert.DoesNotContain("uid=0\n", started);
        Assert.DoesNotContain("--no-sandbox", started);
        Assert.DoesNotContain("hunter2", started);
        Assert.Contains("--proxy-server=127.0.0.1:9", started);
        Assert.Contains("--proxy-bypass-list=<-loopback>", started);
        Assert.Contains("--host-resolver-rules=MAP * ~NOTFOUND", started);
        Assert.Contains("\"javascript\":2", started); // scripts off
        var variables = started.Split('\n').Where(line => line.Contains('=') && !line.StartsWith("--") && !line.StartsWith("uid="))
            .Select(line => line.Split('=')[0]).Where(name => name is not ("PWD" or "SHLVL" or "_")).Order().ToList();
        Assert.Equal(["HOME", "PATH", "TMPDIR"], variables);
    }

    [Fact]
    public void The_printed_page_loads_nothing_but_its_inline_styles_and_data()
    {
        var page = PrintablePage.Html("t", "f", "<p>x</p>");
        Assert.Contains($"<meta http-equiv=\"Content-Security-Policy\" content=\"{PrintablePage.Policy}\">", page);
        Assert.StartsWith("default-src 'none'; ", PrintablePage.Policy);
        Assert.DoesNotContain("script-src", PrintablePage.Policy);
    }

    [Fact]
    public async Task Each_organisation_has_its_own_allowance_of_documents_then_is_told_when_to_retry()
    {
        var policy = new DocumentRequests.PerOrganisation(Options.Create(new PrintingOptions { DocumentsPerMinute = 3 }));
        static HttpContext Call(string organisation) => new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(MicicClaims.Organisation, organisation)], "test")),
        };
        var bangladesh = policy.GetPartition(Call("consulate-bgd"));
        Assert.Equal("consulate-bgd", bangladesh.PartitionKey);
        Assert.Equal("consulate-egy", policy.GetPartition(Call("consulate-egy")).PartitionKey);

        using var limiter = bangladesh.Factory(bangladesh.PartitionKey);
        for (var i = 0; i < 3; i++)
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        using var refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));

        // The answer: a 429 problem with Retry-After in whole seconds.
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddProblemDetails().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await policy.OnRejected!(new Microsoft.AspNetCore.RateLimiting.OnRejectedContext { HttpContext = context, Lease = refused }, CancellationToken.None);
        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal(TooManyRequests.RetryAfter(retryAfter), context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
    }

    [Fact]
    public async Task A_busy_printer_is_a_503_problem_with_retry_after()
    {
        var services = new ServiceCollection().AddProblemDetails().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new ClientErrorExceptionHandler(services.GetRequiredService<IProblemDetailsService>());

        Assert.True(await handler.TryHandleAsync(context, new PrinterBusy(TimeSpan.FromSeconds(6.2)), CancellationToken.None));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("7", context.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
    }
}
