using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Micic.AppHost.Servers;

/// <summary>
/// The users of a RabbitMQ node this AppHost runs, as the definitions file the node imports at every boot: the
/// administrator (the AppHost's and an operator's, tagged <c>administrator</c>) and one user per service, untagged, so
/// neither management nor policies. A node that boots with definitions never creates <c>guest</c>.
/// </summary>
public static class BrokerUsers
{
    public const string Administrator = "micic";

    /// <summary>
    /// Every service may configure, write and read anything on the one virtual host: MassTransit declares an exchange per
    /// message type (publisher and consumer alike), a sender declares and binds the queue of the service it commands, and
    /// request clients use temporary queues named after the machine and process, so no name pattern separates one
    /// service's rights from another's. What each has of its own is its login: it can be cut off, and its connections told
    /// apart, alone.
    /// </summary>
    public static readonly (string Configure, string Write, string Read) ServicePermissions = (".*", ".*", ".*");

    /// <summary>The definitions file (users and their permissions on the virtual host "/"), the administrator last.</summary>
    public static string Definitions(ServiceAccount administrator, IEnumerable<ServiceAccount> services)
    {
        List<(ServiceAccount Account, string[] Tags)> users = [.. services.Select(service => (service, Array.Empty<string>())), (administrator, ["administrator"])];
        return JsonSerializer.Serialize(new
        {
            vhosts = new[] { new { name = "/" } },
            users = users.Select(user => new
            {
                name = user.Account.User,
                password_hash = PasswordHash(user.Account.Password),
                hashing_algorithm = "rabbit_password_hashing_sha256",
                tags = user.Tags,
            }),
            permissions = users.Select(user => new
            {
                user = user.Account.User,
                vhost = "/",
                configure = ServicePermissions.Configure,
                write = ServicePermissions.Write,
                read = ServicePermissions.Read,
            }),
        }, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>RabbitMQ's salted SHA-256: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)), with a 4-byte salt.</summary>
    public static string PasswordHash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        return Convert.ToBase64String([.. salt, .. SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)])]);
    }

    /// <summary>An account as an amqp:// URI's user information, escaped as it must be there.</summary>
    public static string UserInformation(ServiceAccount account) => $"{Uri.EscapeDataString(account.User)}:{Uri.EscapeDataString(account.Password)}";

    /// <summary>amqp:// URIs (comma separated, one per node of a cluster) with another account's credentials.</summary>
    public static string WithCredentials(string uris, ServiceAccount account) =>
        string.Join(",", uris.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(node =>
        {
            var uri = new Uri(node);
            return $"{uri.Scheme}://{UserInformation(account)}@{uri.Authority}" +
                uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        }));
}
