using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// People sign in as themselves through the gateway (the micic-cli client, PKCE, the sign-in pages), with a second factor
/// where it is required; tokens are checked everywhere; a disabled person is refused everywhere at once; admins invite.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityTests(Platform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_consular_officer_signs_in_with_password_and_code_and_her_token_names_her()
    {
        var officer = SeededPerson.Named("consulate-bgd.officer");
        var tokens = await new PersonSignIn(platform.Gateway).As(officer);

        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        Assert.Equal("RS256", jwt.Header.Alg);
        Assert.Equal(platform.Gateway.ToString(), jwt.Issuer);
        Assert.Equal(["micic-api"], jwt.Audiences);
        Assert.True(Guid.TryParse(jwt.Subject, out _), jwt.Subject);
        Assert.Equal("consulate-bgd.officer", Claim(jwt, "name"));
        Assert.Equal("consulate-bgd", Claim(jwt, "org"));
        Assert.Equal(["consulate"], jwt.Claims.Where(c => c.Type == "role").Select(c => c.Value));
        Assert.Contains("otp", jwt.Claims.Where(c => c.Type == "amr").Select(c => c.Value));
        Assert.True(jwt.ValidTo - jwt.IssuedAt <= TimeSpan.FromMinutes(10), $"{jwt.IssuedAt:u} to {jwt.ValidTo:u}");
        Assert.True(tokens.ExpiresIn <= 600);

        using var api = PersonSignIn.Api(platform.Gateway, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/requests?nationality=BGD")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/matching/unmatched")).StatusCode);
    }

    [Fact]
    public async Task A_code_is_used_once_and_five_failures_lock_the_account_for_everyone_to_see()
    {
        var officer = SeededPerson.Named("transit-tun.night-shift");
        var code = await officer.NextCode();
        await new PersonSignIn(platform.Gateway).As(officer, code);
        // The same code again, as someone who looked over her shoulder would try it.
        var again = new PersonSignIn(platform.Gateway);
        var login = await again.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())));
        var mfa = await again.Post(login.Headers.Location!, new() { ["userName"] = officer.UserName, ["password"] = officer.Password });
        var replayed = await again.Post(mfa.Headers.Location!, new() { ["code"] = code });
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains("Wrong or already used code.", await replayed.Content.ReadAsStringAsync());

        // Five wrong passwords lock the account; the right one is refused while it is locked. (Someone no other test signs
        // in as: the lock lasts 15 minutes.)
        var unhcr = SeededPerson.Named("unhcr.temp-clerk");
        var guesser = new PersonSignIn(platform.Gateway);
        var page = (await guesser.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())))).Headers.Location!;
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await guesser.Post(page, new() { ["userName"] = unhcr.UserName, ["password"] = $"guess-number-{attempt}" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains(attempt < 5 ? "Wrong user name or password." : "locked for 15 minutes", await wrong.Content.ReadAsStringAsync());
        }
        var right = await guesser.Post(page, new() { ["userName"] = unhcr.UserName, ["password"] = unhcr.Password });
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync());

        using var coordinator = await Person("iom.officer");
        var trail = await coordinator.GetFromJsonAsync<JsonElement>($"/api/audit/sign-ins?userName={unhcr.UserName}");
        var kinds = trail.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["failure", "failure", "failure", "failure", "lockout", "failure"], kinds);
        Assert.All(trail.GetProperty("items").EnumerateArray(), e => Assert.Equal("micic-cli", e.GetProperty("clientId").GetString()));
        // An admin sees its own organisation's trail only.
        using var bgdAdmin = await Person("consulate-bgd.admin");
        var theirs = await bgdAdmin.GetFromJsonAsync<JsonElement>($"/api/audit/sign-ins?userName={unhcr.UserName}");
        Assert.Equal(0, theirs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Hostile_sign_ins_and_forged_tokens_are_refused_and_store_nothing()
    {
        var browser = new PersonSignIn(platform.Gateway);
        var verifier = PersonSignIn.Verifier();
        // A redirect URI nobody registered: an error page, never a redirect to it.
        var evil = await browser.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(verifier), redirect: "https://evil.example/callback"));
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.DoesNotContain("evil.example", evil.Headers.Location?.OriginalString ?? "");
        // No PKCE: refused, and no code is issued.
        var noPkce = await browser.Browser.GetAsync(
            $"/connect/authorize?client_id=micic-cli&response_type=code&scope=openid&redirect_uri={Uri.EscapeDataString(PersonSignIn.Redirect)}&state=x");
        Assert.DoesNotContain("code=", noPkce.Headers.Location?.Query ?? "");
        Assert.True(noPkce.StatusCode == HttpStatusCode.BadRequest || noPkce.Headers.Location!.Query.Contains("error=invalid_request"), $"{noPkce.StatusCode} {noPkce.Headers.Location}");
        // An unknown client.
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(verifier), client: "nobody"))).StatusCode);

        // A sign-in form posted from elsewhere (no antiforgery token): refused, nothing recorded.
        var trailBefore = await platform.Number("micic_identity", "SELECT count(*) FROM \"SignInEvents\" WHERE \"UserName\" = 'iom.officer'");
        var forged = await browser.Browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "iom.officer", ["password"] = "whatever-it-is",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(trailBefore, await platform.Number("micic_identity", "SELECT count(*) FROM \"SignInEvents\" WHERE \"UserName\" = 'iom.officer'"));

        // A code is exchanged once, and only with its verifier.
        var person = SeededPerson.Named("unicef-child-protection.caseworker");
        var flow = new PersonSignIn(platform.Gateway);
        var ownVerifier = PersonSignIn.Verifier();
        var login = await flow.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(ownVerifier)));
        var signedIn = await flow.Post(login.Headers.Location!, new() { ["userName"] = person.UserName, ["password"] = person.Password });
        var code = PersonSignIn.CodeFrom(await flow.Browser.GetAsync(signedIn.Headers.Location!));
        Assert.Equal(HttpStatusCode.BadRequest, (await Exchange(flow, code, PersonSignIn.Verifier())).StatusCode);
        var tokens = await flow.Exchange(code, ownVerifier);
        Assert.NotNull(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, (await Exchange(flow, code, ownVerifier)).StatusCode);

        // Tokens the provider did not sign as it signs: each refused by the gateway.
        var key = PlatformKey();
        var valid = Forge(key, tokens.AccessToken, audience: "micic-api", lifetime: TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await Call(valid)).StatusCode); // the forge itself is sound
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(Forge(key, tokens.AccessToken, audience: "another-api", lifetime: TimeSpan.FromMinutes(5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(Forge(key, tokens.AccessToken, audience: "micic-api", lifetime: TimeSpan.FromMinutes(-5)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(Forge(RSA.Create(2048), tokens.AccessToken, audience: "micic-api", lifetime: TimeSpan.FromMinutes(5)))).StatusCode);
        var unsigned = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." + tokens.AccessToken.Split('.')[1] + ".";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Call(unsigned)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_person_is_refused_by_every_gateway_and_service_within_a_second_and_can_be_enabled_again()
    {
        var officer = SeededPerson.Named("transit-tun.officer");
        var flow = new PersonSignIn(platform.Gateway);
        var tokens = await flow.As(officer);
        using var api = PersonSignIn.Api(platform.Gateway, tokens.AccessToken);
        const string arrivals = "/api/transit/sites/TN-RAS-AJDIR/arrivals";
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(arrivals)).StatusCode);
        var services = ServiceAddresses("transit");
        Assert.NotEmpty(services);

        using var admin = await Person("transit-tun.admin");
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts");
        var id = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == officer.UserName).GetProperty("id").GetString();

        var disabled = await admin.PostAsJsonAsync($"/api/accounts/{id}/disable", new { reason = "Phone lost at the border post" });
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal("disabled", (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        // Refused by both gateways (the answers name the instance) and by every instance of the service itself.
        var refusedBy = new HashSet<string>();
        await Eventually.Get(async () =>
        {
            // A new connection each time, so that Aspire's proxy hands it to the next gateway replica.
            using var answer = await api.SendAsync(new HttpRequestMessage(HttpMethod.Get, arrivals) { Headers = { ConnectionClose = true } });
            if (answer.StatusCode != HttpStatusCode.Unauthorized)
                return false;
            refusedBy.Add(answer.Headers.GetValues("X-Micic-Instance").Single());
            foreach (var service in services)
            {
                using var direct = PersonSignIn.Api(service, tokens.AccessToken);
                if ((await direct.GetAsync(arrivals)).StatusCode != HttpStatusCode.Unauthorized)
                    return false;
            }
            return refusedBy.Count == 2;
        }, done => done, TimeSpan.FromSeconds(1), "both gateways and every transit instance to refuse the disabled officer's token");
        output.WriteLine($"Disabled: refused by {string.Join(", ", refusedBy)} and {services.Count} transit instances {clock.ElapsedMilliseconds} ms after the answer");

        // Her refresh token is revoked, and she cannot sign in again.
        var refresh = await flow.Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.RefreshToken!, ["client_id"] = PersonSignIn.Client,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        var retry = new PersonSignIn(platform.Gateway);
        var login = await retry.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())));
        Assert.Equal(HttpStatusCode.BadRequest, (await retry.Post(login.Headers.Location!, new() { ["userName"] = officer.UserName, ["password"] = officer.Password })).StatusCode);

        var enabled = await admin.PostAsJsonAsync($"/api/accounts/{id}/enable", new { reason = "Phone found; new authenticator enrolled" });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // tokens carry whole seconds: a new one must be issued after the disable's second
        using var back = PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(officer)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync(arrivals)).StatusCode);

        var trail = await admin.GetFromJsonAsync<JsonElement>($"/api/audit/sign-ins?userName={officer.UserName}");
        var disable = trail.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "disabled");
        Assert.Equal("transit-tun.admin", disable.GetProperty("by").GetString());
        Assert.Equal("Phone lost at the border post", disable.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_live_figures_stream_ends_within_a_second_or_so_of_its_holder_being_disabled()
    {
        // Someone no other test signs in as: tokens issued before a disable stay refused after it is lifted.
        var liaison = SeededPerson.Named("iom.liaison");
        using var api = await Person(liaison.UserName);
        using var stream = await api.GetAsync("/api/dashboard/live", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal("event: summary", await events.ReadLineAsync()); // the figures at once

        using var admin = await Person("iom.admin");
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts?pageSize=500");
        var id = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == liaison.UserName).GetProperty("id").GetString();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/accounts/{id}/disable", new { reason = "Seconded elsewhere" })).StatusCode);
            var clock = Stopwatch.StartNew();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await events.ReadLineAsync(limit.Token) is not null)
            {
            }
            output.WriteLine($"The stream ended {clock.ElapsedMilliseconds} ms after the disable was answered");
        }
        finally
        {
            await admin.PostAsJsonAsync($"/api/accounts/{id}/enable", new { reason = "Back" });
        }
    }

    [Fact]
    public async Task An_admin_invites_a_colleague_who_sets_a_password_and_an_authenticator_once()
    {
        using var admin = await Person("consulate-bgd.admin");
        var userName = $"bgd.officer-{Guid.NewGuid():N}"[..24];
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/accounts", new { userName, roles = new[] { "coordinator" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/accounts?organisationId=iom")).StatusCode);
        using var machine = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.PostAsJsonAsync("/api/accounts", new { userName, roles = new[] { "consulate" } })).StatusCode);
        Assert.Equal(0, await platform.Number("micic_identity", $"SELECT count(*) FROM \"AspNetUsers\" WHERE \"UserName\" = '{userName}'"));

        var invited = await admin.PostAsJsonAsync("/api/accounts", new { userName, roles = new[] { "consulate" } });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitation = await invited.Content.ReadFromJsonAsync<JsonElement>();
        var link = new Uri(invitation.GetProperty("inviteUrl").GetString()!);
        Assert.InRange(invitation.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromHours(71.9), TimeSpan.FromHours(72));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/accounts", new { userName, roles = new[] { "consulate" } })).StatusCode);

        var browser = new PersonSignIn(platform.Gateway);
        var address = new Uri(link.PathAndQuery, UriKind.Relative);
        var page = await (await browser.Browser.GetAsync(address)).Content.ReadAsStringAsync();
        var secret = System.Text.RegularExpressions.Regex.Match(page, "id=\"secret\"><a href=\"[^\"]+\">([A-Z2-7]+)</a>").Groups[1].Value;
        Assert.Equal(32, secret.Length);
        var person = new SeededPerson(userName, "a long passphrase at the border", "consulate-bgd", ["consulate"], secret);
        var mismatch = await browser.Submit(address, page, new() { ["password"] = person.Password, ["confirmation"] = "something else", ["code"] = await person.NextCode() });
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        page = await mismatch.Content.ReadAsStringAsync();
        Assert.Contains(secret, page); // offered again: the same secret, still to be enrolled
        var accepted = await browser.Submit(address, page, new() { ["password"] = person.Password, ["confirmation"] = person.Password, ["code"] = await person.NextCode() });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        // Signed in with what was just given, the colleague is offered a passkey (none here: 127.0.0.1 is no domain a browser keeps one for).
        Assert.StartsWith("/account/passkeys?welcome=true", accepted.Headers.Location!.OriginalString);
        var offer = await (await browser.Browser.GetAsync(accepted.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Add a passkey (optional)", offer);
        Assert.Contains("Passkeys are not available at this address", offer);
        var used = await browser.Browser.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.BadRequest, used.StatusCode);

        var jwt = new JwtSecurityTokenHandler().ReadJwtToken((await new PersonSignIn(platform.Gateway).As(person)).AccessToken);
        Assert.Equal(userName, Claim(jwt, "name"));
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/accounts");
        var account = listed.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == userName);
        Assert.Equal("active", account.GetProperty("status").GetString());
        Assert.Equal("totp", account.GetProperty("mfa").GetString());
    }

    [Fact]
    public async Task A_browser_holds_only_a_session_cookie_the_gateway_attaches_the_tokens_and_refuses_forged_writes()
    {
        var coordinator = SeededPerson.Named("iom.duty-coordinator");
        var browser = new PersonSignIn(platform.Gateway);
        var http = browser.Browser;
        var step = await http.GetAsync("/api/session/login?returnUrl=/dashboard/&lang=fr");
        Assert.Contains("/connect/authorize", step.Headers.Location!.OriginalString);
        Assert.Contains("client_id=micic-web", step.Headers.Location.Query);
        Assert.Contains("ui_locales=fr", step.Headers.Location.Query);
        // Through the provider's pages, as a browser follows redirects.
        for (var hops = 0; step.StatusCode == HttpStatusCode.Redirect && !step.Headers.Location!.OriginalString.EndsWith("/dashboard/"); hops++)
        {
            Assert.True(hops < 10, "too many redirects");
            var location = step.Headers.Location!;
            step = location.OriginalString.Contains("/account/login")
                ? await browser.Post(location, new() { ["userName"] = coordinator.UserName, ["password"] = coordinator.Password })
                : location.OriginalString.Contains("/account/mfa")
                    ? await browser.Post(location, new() { ["code"] = await coordinator.NextCode() })
                    : await http.GetAsync(location);
        }
        Assert.True(step.StatusCode == HttpStatusCode.Redirect,
            $"{step.RequestMessage?.RequestUri} answered {(int)step.StatusCode}: {(await step.Content.ReadAsStringAsync())[..Math.Min(400, (int)(step.Content.Headers.ContentLength ?? 400))]}");
        var cookies = step.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, cookie => cookie.StartsWith("micic.session") && cookie.Contains("httponly") && cookie.Contains("samesite=strict"));

        var session = await http.GetFromJsonAsync<JsonElement>("/api/session");
        Assert.Equal("iom.duty-coordinator", session.GetProperty("name").GetString());
        Assert.Equal("iom", session.GetProperty("organisationId").GetString());
        Assert.Contains("coordinator", session.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Contains("otp", session.GetProperty("methods").EnumerateArray().Select(method => method.GetString()));
        // The gateway attaches the session's token: the service sees a coordinator, the page never held a token.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/matching/unmatched")).StatusCode);
        // A write without the anti-forgery header (what another site's form would send) is refused before any service sees it.
        var before = await platform.Number("micic_offers", "SELECT count(*) FROM offer");
        var forged = await http.PostAsJsonAsync("/api/offers", new { crisisId = "libya-2011" });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, "/api/offers") { Content = JsonContent.Create(new { crisisId = "libya-2011" }), Headers = { { "X-Micic-Csrf", "1" } } };
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(withHeader)).StatusCode); // reached the offers service, which refuses the body
        Assert.Equal(before, await platform.Number("micic_offers", "SELECT count(*) FROM offer"));

        // The provider's own forms carry their own anti-forgery tokens: with the session cookie still held, a post to the
        // sign-in page is the page's to answer, not refused by the gateway for want of the API's header.
        var signInAgain = await browser.Post(new Uri(platform.Gateway, "/account/login"), new() { ["userName"] = coordinator.UserName, ["password"] = "not-the-password" });
        Assert.NotEqual(HttpStatusCode.Forbidden, signInAgain.StatusCode);
        Assert.DoesNotContain("anti-forgery header", await signInAgain.Content.ReadAsStringAsync());

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/session/logout") { Headers = { { "X-Micic-Csrf", "1" } } };
        Assert.Equal(HttpStatusCode.NoContent, (await http.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/matching/unmatched")).StatusCode);
        // Signed out of the provider too: signing in again from this browser asks for the password again.
        var again = await http.GetAsync("/api/session/login?returnUrl=/dashboard/");
        var authorized = await http.GetAsync(again.Headers.Location!);
        Assert.Contains("/account/login", authorized.Headers.Location?.OriginalString ?? $"answered {(int)authorized.StatusCode}");
    }

    async Task<HttpClient> Person(string userName) =>
        PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(SeededPerson.Named(userName))).AccessToken);

    static Task<HttpResponseMessage> Exchange(PersonSignIn flow, string code, string verifier) =>
        flow.Browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = PersonSignIn.Redirect, ["client_id"] = PersonSignIn.Client,
            ["code_verifier"] = verifier,
        }));

    async Task<HttpResponseMessage> Call(string token)
    {
        using var client = PersonSignIn.Api(platform.Gateway, token);
        return await client.GetAsync("/api/referrals");
    }

    RSA PlatformKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(platform.DataFolder, "identity-signing-key.pem")));
        return rsa;
    }

    static string Forge(RSA key, string original, string audience, TimeSpan lifetime)
    {
        var claims = new JwtSecurityTokenHandler().ReadJwtToken(original).Claims.Where(c => c.Type is not ("aud" or "exp" or "nbf" or "iat")).ToList();
        var now = DateTime.UtcNow;
        var issuer = new JwtSecurityTokenHandler().ReadJwtToken(original).Issuer;
        var token = new JwtSecurityToken(issuer, audience, claims, now.AddMinutes(-10), now + lifetime,
            new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Each running instance of a service, reached directly on its loopback port (no gateway in between).</summary>
    IReadOnlyList<Uri> ServiceAddresses(string service) => platform.InstanceUrls(service);

    static string Claim(JwtSecurityToken jwt, string type) => jwt.Claims.Single(c => c.Type == type).Value;
}
