using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Each service reaches PostgreSQL and RabbitMQ as itself, with what the AppHost hands it: its own role, owner of its
/// database and let into no other, no superuser; its own broker user; and the broker has no guest.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ServiceAccountsTests(Platform platform)
{
    static readonly string[] Services = ["requests", "offers", "matching", "manifests", "transit", "dashboard", "messages", "funds"];

    [Fact]
    public async Task Each_service_connects_to_its_own_database_as_its_own_role_and_cannot_connect_to_another()
    {
        foreach (var service in Services)
        {
            var own = new NpgsqlConnectionStringBuilder((await EnvironmentOf(service))[$"ConnectionStrings__{service}db"]) { Pooling = false };
            Assert.Equal(($"micic_{service}", $"micic_{service}"), (own.Username, own.Database));
            Assert.Equal($"micic_{service}", await Text(own.ConnectionString, "SELECT current_user"));

            foreach (var other in Services.Where(other => other != service).Select(other => $"micic_{other}").Append("postgres"))
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                    Text(new NpgsqlConnectionStringBuilder(own.ConnectionString) { Database = other }.ConnectionString, "SELECT 1"));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }
    }

    [Fact]
    public async Task A_service_role_is_no_superuser_can_make_neither_databases_nor_roles_and_owns_what_its_migrations_made()
    {
        var requests = new NpgsqlConnectionStringBuilder((await EnvironmentOf("requests"))["ConnectionStrings__requestsdb"]) { Pooling = false }.ConnectionString;

        Assert.Equal("f f f f f", await Text(requests,
            "SELECT concat_ws(' ', rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls) FROM pg_roles WHERE rolname = current_user"));
        foreach (var forbidden in new[] { "CREATE DATABASE micic_stolen", "CREATE ROLE micic_stolen", "ALTER ROLE micic_requests SUPERUSER" })
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => Text(requests, forbidden))).SqlState);
        // Its migrations ran as itself: every table of its database is its own.
        Assert.True(await Sql.Number(requests, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") > 0);
        Assert.Equal(0, await Sql.Number(requests, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user"));
    }

    [Fact]
    public async Task The_broker_refuses_guest_and_knows_each_service_by_a_user_of_its_own()
    {
        var administrator = new Uri(platform.Servers.RabbitMq.ConnectionString);
        var guest = new UriBuilder(administrator) { UserName = "guest", Password = "guest" }.Uri;
        var refused = await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => new ConnectionFactory { Uri = guest }.CreateConnectionAsync());
        Assert.IsType<AuthenticationFailureException>(refused.InnerException);

        foreach (var service in Services)
        {
            var own = new Uri((await EnvironmentOf(service))["ConnectionStrings__messaging"]);
            Assert.Equal($"micic_{service}", own.UserInfo.Split(':')[0]);
            await using var connection = await new ConnectionFactory { Uri = own }.CreateConnectionAsync();
            Assert.True(connection.IsOpen);
        }
    }

    [Fact]
    public async Task The_gateway_is_given_redis_and_no_database_or_broker()
    {
        var settings = await EnvironmentOf("gateway");

        Assert.Equal(["ConnectionStrings__redis"], settings.Keys.Where(key => key.StartsWith("ConnectionStrings__")));
    }

    /// <summary>What the AppHost hands a service's processes.</summary>
    async Task<Dictionary<string, string>> EnvironmentOf(string service)
    {
        var resource = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(project => project.Name == service);
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(platform.App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance);
        return configuration.EnvironmentVariables.ToDictionary(variable => variable.Key, variable => variable.Value);
    }

    static async Task<string?> Text(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
