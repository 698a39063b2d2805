namespace Micic.AppHost;

/// <summary>A failure the user can act on: Program prints its message as is, without a stack trace, and exits 1.</summary>
public sealed class LaunchException(string message) : Exception(message);
