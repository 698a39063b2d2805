using Micic.AppHost;

// `dotnet run --project Micic.AppHost` brings the whole platform up locally, as .NET Aspire's AppHost would.
LaunchOptions options;
try
{
    options = LaunchOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (LaunchException e)
{
    Console.Error.WriteLine($"{e.Message} Run with --help for the options.");
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(LaunchOptions.Usage);
    return 0;
}

using var signals = new ShutdownSignals();
return await new PlatformLauncher(options).RunAsync(signals.StopRequested, signals.ForceRequested);
