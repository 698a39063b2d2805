using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;
using OtpNet;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>A development person of seeds/users.json.</summary>
public sealed record SeededPerson(string UserName, string Password, string OrganisationId, string[] Roles, string? TotpSecret)
{
    static readonly Lazy<IReadOnlyList<SeededPerson>> All = new(() => JsonSerializer.Deserialize<List<SeededPerson>>(
        File.ReadAllText(Path.Combine(Repository.Root, "seeds", "users.json")), JsonSerializerOptions.Web)!);

    public static SeededPerson Named(string userName) => All.Value.Single(person => person.UserName == userName);

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new();

    /// <summary>
    /// A code the provider has not seen yet, as a person would read it off their authenticator: each code is accepted once,
    /// so when this step's was used, the next step's (accepted a step early, as clocks drift), else a wait for a new one.
    /// </summary>
    public async Task<string> NextCode()
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = LastStep.TryGetValue(UserName, out var last) ? Math.Max(now, last + 1) : now;
            if (step <= now + 1 && (last == 0 ? LastStep.TryAdd(UserName, step) : LastStep.TryUpdate(UserName, step, last)))
                return new Totp(Base32Encoding.ToBytes(TotpSecret!)).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * 30).UtcDateTime);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}

/// <summary>The tokens the micic-cli client is given for a person.</summary>
public sealed record PersonTokens(string AccessToken, string? RefreshToken, int ExpiresIn);

/// <summary>
/// Signing a person in as a script does: the micic-cli client's authorization code flow with PKCE, through the sign-in
/// pages as a browser would post them (antiforgery included), then the code exchanged for tokens.
/// </summary>
public sealed partial class PersonSignIn
{
    public const string Client = "micic-cli";
    public const string Redirect = "http://127.0.0.1:8765/callback";

    readonly CookieContainer _cookies = new();

    /// <summary>A browser-like client of the gateway that keeps cookies and does not follow redirects.</summary>
    public HttpClient Browser { get; }

    public PersonSignIn(Uri gateway)
    {
        Browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = gateway };
    }

    public static string Verifier() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string AuthorizePath(string challenge, string state = "s", string redirect = Redirect, string client = Client) =>
        $"/connect/authorize?client_id={client}&response_type=code&scope=openid%20profile%20offline_access&redirect_uri={Uri.EscapeDataString(redirect)}" +
        $"&code_challenge={challenge}&code_challenge_method=S256&state={state}";

    /// <summary>Signs in with the password and, where the person has one, the authenticator's code.</summary>
    public async Task<PersonTokens> As(SeededPerson person, string? code = null)
    {
        var verifier = Verifier();
        var login = await Browser.GetAsync(AuthorizePath(Challenge(verifier)));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var next = await Post(login.Headers.Location!, new() { ["userName"] = person.UserName, ["password"] = person.Password });
        if (person.TotpSecret is not null)
        {
            Assert.True(next.Headers.Location?.OriginalString.Contains("/account/mfa") == true,
                $"signing {person.UserName} in answered {(int)next.StatusCode} {next.Headers.Location}: {await next.Content.ReadAsStringAsync()}");
            next = await Post(next.Headers.Location!, new() { ["code"] = code ?? await person.NextCode() });
        }
        Assert.True(next.StatusCode == HttpStatusCode.Redirect, $"signing {person.UserName} in answered {(int)next.StatusCode}");
        var authorized = await Browser.GetAsync(next.Headers.Location!);
        return await Exchange(CodeFrom(authorized), verifier);
    }

    /// <summary>Gets a page and posts its form back with these fields (and the page's own hidden ones, antiforgery among them).</summary>
    public async Task<HttpResponseMessage> Post(Uri page, Dictionary<string, string> fields) =>
        await Submit(page, await (await Browser.GetAsync(page)).Content.ReadAsStringAsync(), fields);

    /// <summary>Posts the form of a page already fetched, with its hidden fields.</summary>
    public async Task<HttpResponseMessage> Submit(Uri page, string html, Dictionary<string, string> fields)
    {
        foreach (Match hidden in HiddenInput().Matches(html))
            if (Attribute("name").Match(hidden.Value) is { Success: true } name)
                fields.TryAdd(WebUtility.HtmlDecode(name.Groups[1].Value), WebUtility.HtmlDecode(Attribute("value").Match(hidden.Value).Groups[1].Value));
        return await Browser.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    public static string CodeFrom(HttpResponseMessage authorized)
    {
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var location = authorized.Headers.Location!;
        Assert.StartsWith(Redirect, location.OriginalString);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();
    }

    public async Task<PersonTokens> Exchange(string code, string verifier)
    {
        var answer = await Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = Redirect, ["client_id"] = Client, ["code_verifier"] = verifier,
        }));
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.IsSuccessStatusCode, body.ToString());
        return new PersonTokens(body.GetProperty("access_token").GetString()!,
            body.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null, body.GetProperty("expires_in").GetInt32());
    }

    /// <summary>An API client holding a person's access token.</summary>
    public static HttpClient Api(Uri gateway, string accessToken)
    {
        var client = new HttpClient { BaseAddress = gateway };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*>""")]
    private static partial Regex HiddenInput();

    static Regex Attribute(string name) => new($"""\s{name}="([^"]*)" """.TrimEnd());
}
