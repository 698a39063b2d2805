using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Micic.AppHost;
using Micic.AppHost.Servers;

namespace Micic.UnitTests.AppHost;

/// <summary>Each service's own account on PostgreSQL and RabbitMQ: what the AppHost asks the servers for, and where it keeps the passwords.</summary>
public sealed class ServiceAccountsTests : IDisposable
{
    static readonly ServiceAccount Requests = new("micic_requests", "s3cret'x");

    readonly PlatformFolders _folders = new(AppContext.BaseDirectory, Path.Combine(Path.GetTempPath(), $"micic-accounts-{Guid.NewGuid():N}"));

    public void Dispose()
    {
        if (Directory.Exists(_folders.Data))
            Directory.Delete(_folders.Data, recursive: true);
    }

    [Fact]
    public void A_service_role_logs_in_and_can_make_neither_databases_nor_roles_nor_anything_a_superuser_can()
    {
        Assert.Equal(
            "CREATE ROLE \"micic_requests\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD 's3cret''x'",
            DatabaseGrants.Role(Requests, exists: false));
        // A role that was there before (or was given more since) is set back to exactly this.
        Assert.StartsWith("ALTER ROLE \"micic_requests\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE", DatabaseGrants.Role(Requests, exists: true));
    }

    [Fact]
    public void A_service_database_is_its_roles_and_closed_to_every_other()
    {
        Assert.Equal("CREATE DATABASE \"micic_requests\" OWNER \"micic_requests\"", DatabaseGrants.CreateDatabase("micic_requests", "micic_requests"));
        Assert.Equal("ALTER DATABASE \"micic_requests\" OWNER TO \"micic_requests\"", DatabaseGrants.GiveDatabase("micic_requests", "micic_requests"));
        Assert.Equal("REVOKE ALL ON DATABASE \"micic_requests\" FROM PUBLIC", DatabaseGrants.CloseToOthers("micic_requests"));
    }

    [Fact]
    public void Inside_its_database_the_role_owns_the_schema_its_migrations_write_to_and_what_the_superuser_made_there_before()
    {
        // PostgreSQL 15 lets only the database's owner create in public; before 15 the schema was the superuser's.
        Assert.Equal(["ALTER SCHEMA public OWNER TO \"micic_requests\""], DatabaseGrants.InDatabase("micic_requests", earlierObjects: false));
        var adopting = DatabaseGrants.InDatabase("micic_requests", earlierObjects: true).ToList();
        Assert.Equal(2, adopting.Count);
        Assert.Contains("OWNER TO %I', kind, name, 'micic_requests'", adopting[1]);
    }

    [Fact]
    public void Names_and_passwords_cannot_break_out_of_the_statement()
    {
        Assert.Equal("\"a\"\"; DROP ROLE micic; --\"", DatabaseGrants.Identifier("a\"; DROP ROLE micic; --"));
        Assert.Equal("'it''s'", DatabaseGrants.Literal("it's"));
    }

    [Fact]
    public void The_broker_knows_each_service_as_an_untagged_user_the_administrator_alone_as_administrator_and_no_guest()
    {
        var definitions = JsonDocument.Parse(BrokerUsers.Definitions(new ServiceAccount("micic", "admin"),
            [Requests, new ServiceAccount("micic_offers", "offers")])).RootElement;

        var users = definitions.GetProperty("users").EnumerateArray().ToDictionary(user => user.GetProperty("name").GetString()!);
        Assert.Equal(["micic_requests", "micic_offers", "micic"], users.Keys); // the administrator last: once it logs in, every service can
        Assert.Empty(users["micic_requests"].GetProperty("tags").EnumerateArray());
        Assert.Equal(["administrator"], users["micic"].GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
        Assert.True(HashMatches(users["micic_requests"].GetProperty("password_hash").GetString()!, Requests.Password));
        Assert.False(HashMatches(users["micic_requests"].GetProperty("password_hash").GetString()!, "guest"));

        Assert.Equal(["/"], definitions.GetProperty("vhosts").EnumerateArray().Select(vhost => vhost.GetProperty("name").GetString()));
        var permissions = definitions.GetProperty("permissions").EnumerateArray().ToList();
        Assert.Equal(users.Keys, permissions.Select(permission => permission.GetProperty("user").GetString()));
        Assert.All(permissions, permission => Assert.Equal("/", permission.GetProperty("vhost").GetString()));
    }

    [Fact]
    public void An_existing_brokers_uris_are_said_with_the_services_own_credentials_escaped()
    {
        Assert.Equal("amqp://micic_requests:s3cret%27x@node-1:5672/,amqps://micic_requests:s3cret%27x@node-2:5671/micic",
            BrokerUsers.WithCredentials("amqp://admin:admin@node-1:5672/, amqps://admin:admin@node-2:5671/micic", Requests));
        Assert.Equal("amqp://micic_requests:a%3Ab%40c%2F@broker/", BrokerUsers.WithCredentials("amqp://broker", new ServiceAccount("micic_requests", "a:b@c/")));
    }

    [Fact]
    public void An_existing_postgres_is_said_with_the_services_own_credentials_and_its_other_settings()
    {
        var said = new Npgsql.NpgsqlConnectionStringBuilder(
            PostgresServerExtensions.WithCredentials("Host=db.example;Port=5433;Username=admin;Password=admin;SSL Mode=Require;Database=postgres", Requests));

        Assert.Equal(("db.example", 5433, "micic_requests", "s3cret'x", Npgsql.SslMode.Require, null),
            (said.Host, said.Port, said.Username, said.Password, said.SslMode, said.Database));
    }

    [Fact]
    public void A_password_is_made_once_per_data_folder_and_kept_private()
    {
        var first = _folders.Password("postgres", "micic_requests", create: true);
        Assert.Equal(first, _folders.Password("postgres", "micic_requests", create: true));
        Assert.NotEqual(first, _folders.Password("postgres", "micic_offers", create: true));
        Assert.Equal(48, first!.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_folders.PasswordFile("postgres", "micic_requests")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(Path.GetDirectoryName(_folders.PasswordFile("postgres", "micic_requests")))!));
        }
    }

    [Fact]
    public void On_an_existing_server_a_missing_password_is_asked_of_the_operator_never_made_up()
    {
        var accounts = new ServiceAccounts("postgres", _folders, created: false, _ => ReferenceExpression.Create($"unused"));

        var refusal = Assert.Throws<LaunchException>(() => accounts.Get("micic_requests"));
        Assert.Contains(_folders.PasswordFile("postgres", "micic_requests"), refusal.Message);
        Assert.False(File.Exists(_folders.PasswordFile("postgres", "micic_requests")));

        Directory.CreateDirectory(Path.GetDirectoryName(_folders.PasswordFile("postgres", "micic_requests"))!);
        File.WriteAllText(_folders.PasswordFile("postgres", "micic_requests"), "given-by-the-operator\n");
        Assert.Equal(new ServiceAccount("micic_requests", "given-by-the-operator"), accounts.Get("micic_requests"));
    }

    static bool HashMatches(string hash, string password)
    {
        var bytes = Convert.FromBase64String(hash);
        return bytes.AsSpan(4).SequenceEqual(SHA256.HashData([.. bytes[..4], .. Encoding.UTF8.GetBytes(password)]));
    }
}
