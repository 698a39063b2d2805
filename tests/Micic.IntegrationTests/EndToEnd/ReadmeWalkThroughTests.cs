using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.AppHost.Servers;
using Micic.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The README's "Use it" section, run as typed: its bash blocks, in order, in one bash shell, against a platform started as
/// the README says (empty, a data folder of its own) — its own, because the walk-through revokes an organisation for good.
/// Then what it did is checked from the outside, through the gateway.
/// </summary>
public sealed class ReadmeWalkThroughTests(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    readonly string _walk = Path.Combine(Path.GetTempPath(), $"micic-walk-{Guid.NewGuid():N}");
    OwnPlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await OwnPlatform.Start("readme", ["--no-replay"]);

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        Directory.Delete(_walk, recursive: true);
    }

    [Fact]
    public async Task The_readme_walk_through_runs_as_typed_on_a_fresh_platform()
    {
        // What the README asks of the reader's machine, installed as the platform installs its own servers.
        var missing = new[] { "curl", "jq", "openssl", "base32" }.Where(tool => ServerPackages.FindOnPath(tool) is null)
            .Select(tool => tool == "base32" ? "coreutils" : tool).ToList();
        if (missing.Count > 0)
            ServerPackages.Install(missing, output.WriteLine);

        // Run from a folder of its own (it writes families.csv, the manifests and reports), where docs/sign-in is at hand
        // as in the repository's folder.
        var work = Directory.CreateDirectory(_walk).FullName;
        Directory.CreateSymbolicLink(Path.Combine(work, "docs"), Path.Combine(Repository.Root, "docs"));
        var script = Path.Combine(work, "walk-through.sh");
        await File.WriteAllTextAsync(script, ReadmeWalkThrough.Script(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md"))));

        var started = DateTimeOffset.UtcNow;
        var (exitCode, transcript, took) = await Bash(script, work);
        output.WriteLine($"The README walk-through took {took.TotalSeconds:0} s (exit code {exitCode}).");
        var saved = Path.Combine(Repository.Root, "artifacts", "readme-walk-through.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
        await File.WriteAllTextAsync(saved, transcript);
        Assert.True(exitCode == 0, $"The walk-through stopped (exit code {exitCode}); the last of what it said:\n{Tail(transcript, 60)}\n\nThe platform:\n{_platform.Logs}");

        // What it did, seen from the outside by IOM's coordination (a client the walk-through never revoked).
        using var iom = await _platform.Coordinator();

        // The bus left from the family's pickup place, today, with both of them aboard.
        var bus = Single(await iom.GetFromJsonAsync<JsonElement>("/api/offers?fromPlace=LY-TIP-PORT"), offer => offer.GetProperty("provider").GetString() == "IOM bus charter");
        var manifestId = Single(await iom.GetFromJsonAsync<JsonElement>($"/api/manifests?offerId={bus.GetProperty("id").GetString()}"), _ => true).GetProperty("id").GetString();
        var manifest = await iom.GetFromJsonAsync<JsonElement>($"/api/manifests/{manifestId}");
        Assert.Equal("departed", manifest.GetProperty("status").GetString());
        Assert.InRange(manifest.GetProperty("departedAt").GetDateTimeOffset(), started.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(["boarded", "boarded"], manifest.GetProperty("passengers").EnumerateArray().Select(p => p.GetProperty("boarding").GetString()));
        Assert.Contains(manifest.GetProperty("passengers").EnumerateArray(), p =>
            p.GetProperty("givenName").GetString() == "Salma" && p.GetProperty("travelDocument").GetProperty("number").GetString() == "BGD-LP-0042");

        // Both were received at Ras Ajdir, Salma screened, and her consented referral completed by the clinic that signed in.
        var arrivals = await iom.GetFromJsonAsync<JsonElement>("/api/transit/sites/TN-RAS-AJDIR/arrivals");
        Assert.Equal(["Rahim", "Salma"], arrivals.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("givenName").GetString()).Order());
        var referrals = (await iom.GetFromJsonAsync<JsonElement>("/api/referrals?siteCode=TN-RAS-AJDIR")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(referrals, r => r.GetProperty("service").GetString() == "medical" && r.GetProperty("status").GetString() == "completed"
            && r.GetProperty("partnerId").GetString() == "msf-medical");
        Assert.Contains(referrals, r => r.GetProperty("service").GetString() == "asylum" && r.GetProperty("status").GetString() == "not-shared");
        var family = Single(await iom.GetFromJsonAsync<JsonElement>("/api/requests?pickupPlace=LY-TIP-PORT"),
            request => request.GetProperty("status").GetString() != "cancelled");
        Assert.Equal("in-transit", family.GetProperty("status").GetString());

        // The Red Crescent's second registration of the family was flagged, and merged into UNHCR's: cancelled, never on the bus.
        var merged = Single(await iom.GetFromJsonAsync<JsonElement>("/api/requests/duplicates?crisisId=libya-2011"), _ => true);
        Assert.Equal(("document", "merged"), (merged.GetProperty("reason").GetString(), merged.GetProperty("status").GetString()));
        Assert.Equal(family.GetProperty("id").GetString(), merged.GetProperty("resolution").GetProperty("keptRequestId").GetString());
        Assert.Equal("cancelled", Single(await iom.GetFromJsonAsync<JsonElement>("/api/requests?pickupPlace=LY-TIP-PORT"),
            request => request.GetProperty("id").GetString() != family.GetProperty("id").GetString()).GetProperty("status").GetString());

        // The after-action report counts the family among those who left, and the referral among those completed.
        var report = await Eventually.Get(() => iom.GetFromJsonAsync<JsonElement>("/api/reports/after-action?crisisId=libya-2011"),
            answer => answer.GetProperty("people").GetProperty("departed").GetInt32() == 2, TimeSpan.FromSeconds(30), "the report to count the family's departure");
        Assert.Equal(1, report.GetProperty("referrals").GetProperty("byService").EnumerateArray()
            .Single(service => service.GetProperty("key").GetString() == "medical").GetProperty("completed").GetInt32());

        // The consul was disabled and enabled again; the embassy stays revoked, and its machine client locked out.
        var revocations = await iom.GetFromJsonAsync<JsonElement>("/api/auth/revocations");
        Assert.Contains(revocations.EnumerateArray(), r => r.GetProperty("organisationId").GetString() == "consulate-bgd");
        using var anonymous = new HttpClient { BaseAddress = _platform.Gateway };
        var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { clientId = "consulate-bgd", clientSecret = "dev-bgd-secret" });
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>Runs the script with bash, as a reader's shell would, pointed at this platform's gateway.</summary>
    async Task<(int ExitCode, string Transcript, TimeSpan Took)> Bash(string script, string folder)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.Environment["MICIC"] = _platform.Gateway.ToString().TrimEnd('/');
        // docs/sign-in keeps the last authenticator step it used per person here: this run's own.
        start.Environment["XDG_RUNTIME_DIR"] = folder;
        start.Environment["TMPDIR"] = folder;
        var transcript = new StringBuilder();
        void Line(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is not null)
                lock (transcript)
                    transcript.AppendLine(line.Data);
        }
        using var bash = new Process { StartInfo = start };
        bash.OutputDataReceived += Line;
        bash.ErrorDataReceived += Line;
        var clock = Stopwatch.StartNew();
        bash.Start();
        bash.BeginOutputReadLine();
        bash.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await bash.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            await bash.WaitForExitAsync();
            lock (transcript)
                transcript.AppendLine($"walk-through: stopped after {Limit.TotalMinutes} minutes");
        }
        bash.WaitForExit(); // the last lines of output
        lock (transcript)
            return (bash.ExitCode, transcript.ToString(), clock.Elapsed);
    }

    static JsonElement Single(JsonElement page, Func<JsonElement, bool> which)
    {
        var items = page.GetProperty("items").EnumerateArray().Where(which).ToList();
        Assert.True(items.Count == 1, $"expected one, found {items.Count}: {page}");
        return items[0];
    }

    static string Tail(string text, int lines) => string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').TakeLast(lines));
}
