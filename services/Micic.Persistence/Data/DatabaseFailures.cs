using Npgsql;

namespace Micic.Persistence.Data;

/// <summary>What tells a database that cannot be reached just now from one that refuses what was asked of it.</summary>
public static class DatabaseFailures
{
    /// <summary>
    /// PostgreSQL down, restarting or recovering after a crash, or a connection it cut — anywhere in the exception's chain
    /// (EF Core and MassTransit wrap what Npgsql threw). Asked again later, the same work may succeed.
    /// </summary>
    public static bool Unreachable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is NpgsqlException { IsTransient: true }
                or PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow })
                return true;
        return false;
    }
}
