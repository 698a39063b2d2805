namespace Micic.AppHost.Servers;

/// <summary>A service's own login on one server: its PostgreSQL role, its RabbitMQ user.</summary>
public sealed record ServiceAccount(string User, string Password);

/// <summary>
/// The services' own accounts on one server, and the server's address said with one of them. A server this AppHost runs
/// creates the accounts it is asked for, their passwords generated once per data folder; on an existing server the
/// operator creates them and writes their passwords where the AppHost reads them (<see cref="PlatformFolders.Password"/>).
/// </summary>
public sealed class ServiceAccounts(string server, PlatformFolders folders, bool created, Func<ServiceAccount, ReferenceExpression> address)
    : IResourceAnnotation
{
    readonly Dictionary<string, ServiceAccount> _accounts = [];

    /// <summary>Whether this AppHost creates the accounts (a server it runs), rather than the server's operator.</summary>
    public bool Created => created;

    /// <summary>Every account a service asked for, for the server to create.</summary>
    public IReadOnlyCollection<ServiceAccount> All => _accounts.Values;

    public ServiceAccount Get(string user)
    {
        if (!_accounts.TryGetValue(user, out var account))
        {
            var password = folders.Password(server, user, create: created)
                ?? throw new LaunchException(
                    $"The existing {server} server needs an account '{user}' for that service, created by its operator (README: \"Existing servers\"), " +
                    $"and its password in {folders.PasswordFile(server, user)}, readable by this user only.");
            _accounts[user] = account = new ServiceAccount(user, password);
        }
        return account;
    }

    /// <summary>The server's connection string with <paramref name="account"/>'s credentials instead of the administrator's.</summary>
    public ReferenceExpression Address(ServiceAccount account) => address(account);
}

public static class ServiceAccountExtensions
{
    /// <summary>The services' accounts on this server; <see cref="Databases.WithDatabase"/> and <see cref="Databases.WithServer{T}(IResourceBuilder{T}, IResourceBuilder{IResourceWithConnectionString}, string)"/> ask it for theirs.</summary>
    public static IResourceBuilder<T> WithServiceAccounts<T>(this IResourceBuilder<T> server, PlatformFolders folders, bool created,
        Func<ServiceAccount, ReferenceExpression> address) where T : IResource =>
        server.WithAnnotation(new ServiceAccounts(server.Resource.Name, folders, created, address));

    public static ServiceAccounts ServiceAccounts(this IResource server) =>
        server.TryGetLastAnnotation<ServiceAccounts>(out var accounts)
            ? accounts
            : throw new InvalidOperationException($"{server.Name} hands out no service accounts.");
}
