using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.Replay;

/// <summary>
/// The public API as the replay's organisations use it: each logs in with its own seeded credentials and keeps its
/// token; a call that meets a restarting service, a rate limit or a dropped connection is tried again, with the same
/// <c>Idempotency-Key</c> for creations so that a retry never creates twice.
/// </summary>
public sealed class GatewayClient(HttpClient http, SeedData seeds)
{
    const int Attempts = 8;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly ConcurrentDictionary<string, Task<string>> _tokens = new();

    public async Task<T> Get<T>(string organisation, string path, CancellationToken cancellationToken)
    {
        using var response = await Send(organisation, () => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        await EnsureSuccess(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <summary>Posts JSON; the caller judges the answer (a 409 is often an expected turn of events, not a failure).</summary>
    public Task<HttpResponseMessage> Post(string organisation, string path, object body, string? idempotencyKey, CancellationToken cancellationToken) =>
        Send(organisation, () => WithKey(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, idempotencyKey),
            cancellationToken);

    /// <summary>Patches with JSON: a change that is the same when made twice (an alert level), so it needs no idempotency key.</summary>
    public Task<HttpResponseMessage> Patch(string organisation, string path, object body, CancellationToken cancellationToken) =>
        Send(organisation, () => new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body, options: Json) }, cancellationToken);

    public Task<HttpResponseMessage> PostCsv(string organisation, string path, string csv, string idempotencyKey, CancellationToken cancellationToken) =>
        Send(organisation, () => WithKey(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        }, idempotencyKey), cancellationToken);

    public static async Task<T> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccess(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    public static async Task EnsureSuccess(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
            throw new ReplayException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} answered " +
                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    async Task<HttpResponseMessage> Send(string organisation, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var message = request();
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await Token(organisation, cancellationToken));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (attempt == Attempts)
                    throw new ReplayException($"{message.Method} {message.RequestUri} failed {Attempts} times: {e.Message}");
                await Task.Delay(Backoff(attempt), cancellationToken);
                continue;
            }
            if (attempt < Attempts && response.StatusCode is HttpStatusCode.Unauthorized)
            {
                _tokens.TryRemove(organisation, out _); // expired, or the gateway restarted with a new key
            }
            else if (attempt == Attempts || response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
                         or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? Backoff(attempt);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    async Task<string> Token(string organisation, CancellationToken cancellationToken)
    {
        var token = _tokens.GetOrAdd(organisation, id => LogIn(id, cancellationToken));
        try
        {
            return await token;
        }
        catch
        {
            _tokens.TryRemove(KeyValuePair.Create(organisation, token)); // the next call logs in afresh
            throw;
        }
    }

    async Task<string> LogIn(string id, CancellationToken cancellationToken)
    {
        var credentials = seeds.Organisations.FirstOrDefault(o => o.Id == id) ?? throw new ReplayException($"No organisation '{id}' in the seeds.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.PostAsJsonAsync("/api/auth/token", new { credentials.ClientId, credentials.ClientSecret }, Json, cancellationToken);
                if (response.IsSuccessStatusCode || attempt == Attempts)
                    return (await Read<TokenAnswer>(response, cancellationToken)).AccessToken;
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
            }
            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    static HttpRequestMessage WithKey(HttpRequestMessage request, string? idempotencyKey)
    {
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(250 * (1 << attempt), 8_000));

    sealed record TokenAnswer(string AccessToken);
}

/// <summary>The platform answered the replay in a way it cannot go on from.</summary>
public sealed class ReplayException(string message) : Exception(message);
