using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Passkeys in real Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain: CTAP2, built in,
/// discoverable credentials, the person verified). Browsers keep passkeys for a domain name only, so the gateway is
/// browsed as localhost; the tokens' issuer stays the 127.0.0.1 address the platform was configured with.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PasskeyTests(Platform platform, ITestOutputHelper output)
{
    const string OfficerName = "consulate-tcd.officer";
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    Uri Site => new UriBuilder(platform.Gateway) { Host = "localhost" }.Uri;

    [Fact]
    public async Task A_consular_officer_adds_a_passkey_then_signs_in_with_it_alone_and_once_disabled_is_refused()
    {
        var officer = SeededPerson.Named(OfficerName);
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 1024, height: 800);
        var arrivals = new Arrivals();
        await chromium.Context.RouteAsync($"{PersonSignIn.Redirect}**", async route =>
        {
            arrivals.Arrived(route.Request.Url);
            await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/plain", Body = "signed in" });
        });
        var page = await chromium.Context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var cdp = await chromium.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new() { ["enableUI"] = false });
        var authenticator = (await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new()
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        }))!.Value.GetProperty("authenticatorId").GetString()!;

        // Password and code, through the micic-cli client's flow: the sign-in page offers a passkey beside the form.
        await page.GotoAsync(new Uri(Site, PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier()), state: "password")).ToString());
        await page.WaitForURLAsync("**/account/login**");
        await page.Locator("form.passkey button[type=submit]").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "passkey-login-en.png")}");
        await page.FillAsync("input[name=userName]", officer.UserName);
        await page.FillAsync("input[name=password]", officer.Password);
        await page.ClickAsync("#form button[type=submit]");
        await page.WaitForURLAsync("**/account/mfa**");
        await page.FillAsync("input[name=code]", await officer.NextCode());
        await page.ClickAsync("#form button[type=submit]");
        Assert.StartsWith($"{PersonSignIn.Redirect}?code=", await arrivals.Next("password"));
        await page.WaitForURLAsync($"{PersonSignIn.Redirect}**"); // the code's page has loaded: a new navigation would cut it short

        // Signed in on the provider's pages, the officer adds a passkey: the authenticator makes it, the list shows it.
        await page.GotoAsync(new Uri(Site, "/account/passkeys").ToString());
        await page.WaitForSelectorAsync("form[data-passkey=create]", Visible);
        Assert.Contains("You have no passkey yet.", await page.TextContentAsync("main"));
        await page.FillAsync("input[name=name]", "Consulate laptop");
        await page.ClickAsync("form[data-passkey=create] button[type=submit]");
        await page.WaitForSelectorAsync("[role=status]:has-text('Passkey added.')", Visible);
        Assert.Contains("Consulate laptop", await page.TextContentAsync("table"));
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "passkeys-en.png")}");
        await page.GotoAsync(new Uri(Site, "/account/passkeys?lang=ar").ToString());
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "passkeys-ar.png")}");
        Assert.Equal(1, await Passkeys());
        var credential = (await cdp.SendAsync("WebAuthn.getCredentials", new() { ["authenticatorId"] = authenticator }))!.Value
            .GetProperty("credentials").EnumerateArray().Single();
        Assert.True(credential.GetProperty("isResidentCredential").GetBoolean());
        var credentialId = Base64ToUrl(credential.GetProperty("credentialId").GetString()!);

        // Signed out, the passkeys page sends the officer to sign in again.
        await page.GotoAsync(new Uri(Site, "/connect/logout").ToString());
        await page.GotoAsync(new Uri(Site, "/account/passkeys").ToString());
        await page.WaitForURLAsync("**/account/login**");

        // A forged answer naming the officer's passkey is refused with the page, counts as a failed sign-in and stores no passkey.
        await page.GotoAsync(new Uri(Site, PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier()), state: "forged")).ToString());
        await page.WaitForURLAsync("**/account/login**");
        var forged = await page.EvaluateAsync<int>("""
            async id => {
              const form = document.querySelector("form.passkey");
              await fetch(form.dataset.options, { method: "POST", body: new FormData(form) });
              form.elements.credential.value = JSON.stringify({ id, rawId: id, type: "public-key", clientExtensionResults: {},
                response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA", userHandle: null } });
              const answer = await fetch(form.action, { method: "POST", body: new FormData(form) });
              return answer.status;
            }
            """, credentialId);
        Assert.Equal(400, forged);
        Assert.Equal(1, await FailedCount());
        Assert.Equal(1, await Passkeys());

        // The passkey alone, in Arabic: no password, no code, and the token says how.
        var verifier = PersonSignIn.Verifier();
        await page.GotoAsync(new Uri(Site, PersonSignIn.AuthorizePath(PersonSignIn.Challenge(verifier), state: "passkey") + "&ui_locales=ar").ToString());
        await page.WaitForURLAsync("**/account/login**");
        var button = page.Locator("form.passkey button[type=submit]");
        await button.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 30_000 });
        Assert.Equal("الدخول بمفتاح مرور", (await button.TextContentAsync())?.Trim());
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        output.WriteLine($"Screenshot: {await Chromium.Screenshot(page, "passkey-login-ar.png")}");
        await button.ClickAsync();
        var arrived = await arrivals.Next("passkey");
        await page.WaitForURLAsync($"{PersonSignIn.Redirect}**");
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(arrived).Query)["code"].ToString();
        var tokens = await new PersonSignIn(platform.Gateway).Exchange(code, verifier);
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(tokens.AccessToken);
        var methods = jwt.Claims.Where(claim => claim.Type == "amr").Select(claim => claim.Value).ToList();
        Assert.Contains("hwk", methods);
        Assert.Contains("mfa", methods);
        Assert.DoesNotContain("pwd", methods);
        Assert.Equal(OfficerName, jwt.Claims.Single(claim => claim.Type == "name").Value);
        Assert.Equal(0, await FailedCount());

        // The accounts list names the passkey; the trail has the passkey added, the refused one and the sign-in.
        using var coordinator = PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(SeededPerson.Named("iom.officer"))).AccessToken);
        var accounts = await coordinator.GetFromJsonAsync<JsonElement>("/api/accounts?organisationId=consulate-tcd");
        var account = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == OfficerName);
        Assert.Equal("passkey", account.GetProperty("mfa").GetString());
        var trail = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/audit/sign-ins?userName={OfficerName}"))
            .GetProperty("items").EnumerateArray().Select(e => (Kind: e.GetProperty("kind").GetString(), Detail: Detail(e))).ToList();
        Assert.Contains(("passkey-added", "Consulate laptop"), trail);
        Assert.Contains(("failure", "passkey refused"), trail);
        Assert.Contains(("sign-in", "hwk mfa"), trail);

        // Disabled, the officer's passkey opens nothing: the page says so and no code reaches the client.
        var id = account.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostAsJsonAsync($"/api/accounts/{id}/disable", new { reason = "Passkey test: left the post" })).StatusCode);
        try
        {
            await page.GotoAsync(new Uri(Site, PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier()), state: "disabled") + "&ui_locales=en").ToString());
            await page.WaitForURLAsync("**/account/login**");
            await page.ClickAsync("form.passkey button[type=submit]");
            var refusal = await page.WaitForSelectorAsync("#passkey-message:has-text('This account is disabled.')", Visible);
            Assert.Equal("alert", await refusal!.GetAttributeAsync("role"));
            Assert.Equal("passkey-message", await page.EvaluateAsync<string>("document.activeElement?.id"));
            Assert.False(arrivals.Reached("disabled"));
            var after = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/audit/sign-ins?userName={OfficerName}")).GetProperty("items").EnumerateArray();
            Assert.Contains(after, e => e.GetProperty("kind").GetString() == "failure" && Detail(e) == "passkey of an account disabled");
        }
        finally
        {
            await coordinator.PostAsJsonAsync($"/api/accounts/{id}/enable", new { reason = "Passkey test over" });
        }

        // Enabled again and signed in with the passkey, the officer cannot add the same authenticator twice, and removes the passkey.
        await page.GotoAsync(new Uri(Site, PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier()), state: "again")).ToString());
        await page.WaitForURLAsync("**/account/login**");
        await page.ClickAsync("form.passkey button[type=submit]");
        await arrivals.Next("again");
        await page.WaitForURLAsync($"{PersonSignIn.Redirect}**");
        await page.GotoAsync(new Uri(Site, "/account/passkeys?lang=en").ToString());
        await page.ClickAsync("form[data-passkey=create] button[type=submit]");
        // The authenticator refuses a second passkey for the same account: announced where the focus goes, nothing stored.
        await page.WaitForSelectorAsync("#passkey-message:has-text('This authenticator holds a passkey for your account already.')", Visible);
        Assert.Equal("passkey-message", await page.EvaluateAsync<string>("document.activeElement?.id"));
        Assert.Equal(1, await Passkeys());
        await page.ClickAsync("button[aria-label='Remove the passkey Consulate laptop']");
        await page.WaitForSelectorAsync("[role=status]:has-text('Passkey removed.')", Visible);
        Assert.Contains("You have no passkey yet.", await page.TextContentAsync("main"));
        Assert.Equal(0, await Passkeys());
        var listed = await coordinator.GetFromJsonAsync<JsonElement>("/api/accounts?organisationId=consulate-tcd");
        Assert.Equal("totp", listed.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == OfficerName).GetProperty("mfa").GetString());
        Assert.Empty(errors);
        Assert.Empty(chromium.Refused);
    }

    Task<int> Passkeys() => platform.Number("micic_identity",
        $"""SELECT count(*) FROM "AspNetUserPasskeys" p JOIN "AspNetUsers" u ON u."Id" = p."UserId" WHERE u."UserName" = '{OfficerName}'""");

    Task<int> FailedCount() => platform.Number("micic_identity", $"""SELECT "AccessFailedCount" FROM "AspNetUsers" WHERE "UserName" = '{OfficerName}'""");

    static string? Detail(JsonElement entry) => entry.TryGetProperty("detail", out var detail) ? detail.GetString() : null;

    static string Base64ToUrl(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The client's redirect address as the browser reaches it, by the state each flow sent.</summary>
    sealed class Arrivals
    {
        readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource<string>> _byState = new();

        TaskCompletionSource<string> Of(string state) => _byState.GetOrAdd(state, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Arrived(string url) =>
            Of(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query)["state"].ToString()).TrySetResult(url);

        public Task<string> Next(string state) => Of(state).Task.WaitAsync(TimeSpan.FromSeconds(30));

        public bool Reached(string state) => Of(state).Task.IsCompleted;
    }
}
