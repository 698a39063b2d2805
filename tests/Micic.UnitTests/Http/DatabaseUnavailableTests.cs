using System.Net.Sockets;
using System.Text.Json;
using Micic.Persistence.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Micic.UnitTests.Http;

public class DatabaseUnavailableTests
{
    static async Task<(bool Handled, HttpContext Context)> Handle(Exception exception)
    {
        var services = new ServiceCollection().AddProblemDetails().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handled = await new DatabaseUnavailable(services.GetRequiredService<IProblemDetailsService>()).TryHandleAsync(context, exception, CancellationToken.None);
        return (handled, context);
    }

    public static TheoryData<string, Exception> Unreachable => new()
    {
        { "the server killed under the connection", new PostgresException("terminating connection due to unexpected postmaster exit", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown) },
        { "the server still recovering", new PostgresException("the database system is not yet accepting connections", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow) },
        { "no server on the port", new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)) },
        { "wrapped by what called it", new InvalidOperationException("Reading failed", new NpgsqlException("Exception while reading from stream", new IOException("reset"))) },
    };

    [Theory]
    [MemberData(nameof(Unreachable))]
    public async Task A_database_that_cannot_be_reached_is_a_503_with_Retry_After(string _, Exception exception)
    {
        var (handled, context) = await Handle(exception);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("Idempotency-Key", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(Unreachable))]
    public void A_message_whose_database_cannot_be_reached_is_tried_again_rather_than_dead_lettered(string _, Exception exception) =>
        Assert.True(DatabaseFailures.Unreachable(exception));

    [Fact]
    public async Task What_the_database_refuses_or_a_fault_of_the_service_is_left_to_the_other_handlers()
    {
        Assert.False((await Handle(new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation))).Handled);
        Assert.False((await Handle(new InvalidOperationException("A bug"))).Handled);
        Assert.False(DatabaseFailures.Unreachable(new PostgresException("syntax error at or near \"SELEC\"", "ERROR", "ERROR", PostgresErrorCodes.SyntaxError)));
    }
}
