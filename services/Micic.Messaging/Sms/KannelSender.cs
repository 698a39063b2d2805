using System.Data.Common;
using Micic.Messaging.Domain;
using Micic.ServiceDefaults.Exercises;
using Microsoft.Extensions.Options;

namespace Micic.Messaging.Sms;

/// <summary>Where Kannel's <c>sendsms</c> interface is, from <c>ConnectionStrings:sms</c>: <c>Endpoint=…;Username=…;Password=…</c>.</summary>
public sealed record KannelEndpoint(Uri Endpoint, string Username, string Password)
{
    public static KannelEndpoint? From(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return null;
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parts.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri)
            ? new KannelEndpoint(uri, parts.TryGetValue("Username", out var user) ? user?.ToString() ?? "" : "",
                parts.TryGetValue("Password", out var password) ? password?.ToString() ?? "" : "")
            : throw new InvalidOperationException("ConnectionStrings:sms must name the Endpoint of Kannel's sendsms interface.");
    }

    /// <summary>What is wrong with a connection string, without repeating it (it holds the password); null when it is sound.</summary>
    public static string? Problem(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return parts.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? null : "it names no absolute http Endpoint";
    }
}

/// <summary>What the gateway said to one message: taken (for delivery, or queued by Kannel itself), or not, and why.</summary>
public sealed record SendOutcome(bool Taken, string Detail);

/// <summary>
/// Hands messages to Kannel's <c>sendsms</c> HTTP interface: UTF-8 text, as UCS-2 when the GSM alphabet cannot carry it,
/// every delivery report (<c>dlr-mask=31</c>) posted back to <c>/api/messages/delivery</c> with the message's id.
/// Kannel answers <c>0: Accepted for delivery</c> or <c>3: Queued for later delivery</c>; anything else, or no answer,
/// is a message to send again later. An exercise's messages begin with EXERCISE, whatever composed them.
/// </summary>
public sealed class KannelSender(HttpClient http, IOptions<SmsOptions> options, IConfiguration configuration, ExerciseMode exercise)
{
    readonly KannelEndpoint? endpoint = KannelEndpoint.From(configuration.GetConnectionString("sms"));

    public bool Configured => endpoint is not null;

    public async Task<SendOutcome> Send(Guid messageId, string phone, string text, CancellationToken cancellationToken)
    {
        if (endpoint is null)
            return new SendOutcome(false, "No SMS gateway is configured (ConnectionStrings:sms).");
        var settings = options.Value;
        text = exercise.MarkMessage(text);
        var query = new Dictionary<string, string>
        {
            ["username"] = endpoint.Username, ["password"] = endpoint.Password, ["from"] = settings.From, ["to"] = phone, ["text"] = text,
            ["charset"] = "UTF-8", ["coding"] = Domain.Sms.Coding(text).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dlr-mask"] = "31", ["dlr-url"] = DeliveryUrl(messageId),
        };
        var uri = new UriBuilder(endpoint.Endpoint)
        {
            Query = string.Join('&', query.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}")),
        }.Uri;
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            var taken = response.IsSuccessStatusCode && (body.StartsWith("0:", StringComparison.Ordinal) || body.StartsWith("3:", StringComparison.Ordinal));
            return new SendOutcome(taken, $"{(int)response.StatusCode} {body}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(false, exception.Message);
        }
    }

    /// <summary>
    /// Kannel replaces <c>%d</c> with the report's kind and cannot add a header: the secret rides as the URL's Basic
    /// credentials, which the gateway turns into an Authorization header.
    /// </summary>
    string DeliveryUrl(Guid messageId)
    {
        var settings = options.Value;
        var origin = new Uri(settings.DeliveryReportOrigin ?? configuration["Auth:Issuer"] ?? "http://127.0.0.1:8080/");
        var url = new UriBuilder(origin)
        {
            Path = "/api/messages/delivery",
            Query = $"id={messageId:D}&status=%d",
            UserName = "kannel",
            Password = Uri.EscapeDataString(settings.InboundSecret ?? ""),
        };
        return url.Uri.AbsoluteUri.Replace("%25d", "%d", StringComparison.Ordinal);
    }
}
