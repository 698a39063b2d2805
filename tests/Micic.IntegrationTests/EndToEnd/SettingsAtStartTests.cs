using System.Diagnostics;
using System.Security.Cryptography;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A service started as a deployment starts it (its built program, settings in the environment) with settings that are
/// wrong: it stops before it serves, says every problem in a sentence naming the setting, and exits non-zero.
/// </summary>
public class SettingsAtStartTests
{
    [Fact]
    public async Task A_service_without_its_database_and_with_a_bad_issuer_names_both_and_exits()
    {
        var program = Path.Combine(Repository.Root, "services", "Micic.Requests", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "Micic.Requests.dll");
        Assert.True(File.Exists(program), $"{program} is built with the solution.");
        using var rsa = RSA.Create(2048);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(program);
        // Only what this test gives: nothing of the test run's own environment that the program would read as a setting.
        foreach (var inherited in start.Environment.Keys.Where(key => key.Contains("__", StringComparison.Ordinal)
                     || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                     || key.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Auth__Issuer"] = "foo";
        start.Environment["Auth__SigningKeys"] = rsa.ExportSubjectPublicKeyInfoPem();
        start.Environment["Seeds__Path"] = Path.Combine(Repository.Root, "seeds");
        start.Environment["ConnectionStrings__messaging"] = "amqp://guest:guest@127.0.0.1:1/";

        using var service = Process.Start(start)!;
        var output = service.StandardOutput.ReadToEndAsync();
        var error = service.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await service.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            service.Kill(entireProcessTree: true);
            throw;
        }
        var said = await error;
        await output;

        Assert.Equal(78, service.ExitCode);
        Assert.Contains("Micic will not start: 2 settings are wrong", said);
        Assert.Contains("Auth:Issuer (Auth__Issuer) must be an absolute https URL (or http on loopback); it is 'foo'.", said);
        Assert.Contains("ConnectionStrings:requestsdb (ConnectionStrings__requestsdb) is not set: it must be a PostgreSQL connection string", said);
        Assert.DoesNotContain("   at ", said); // sentences, not a stack trace
    }
}
