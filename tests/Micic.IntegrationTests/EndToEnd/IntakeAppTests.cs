using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// The field intake app on a phone-sized screen in real Chromium: families typed with no network are kept on the device,
/// survive a closed tab and reach the platform once each when the network returns — even when an answer is lost on the
/// way back; in Arabic the form runs right to left and a name comes back exactly as typed.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IntakeAppTests(Platform platform, ITestOutputHelper output)
{
    static readonly PageWaitForSelectorOptions Visible = new() { Timeout = 30_000 };

    /// <summary>A family name no other test uses, in letters only, as names are.</summary>
    static string UniqueFamilyName() => "Ben" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(8).Select(char.ToLowerInvariant));

    /// <summary>
    /// Signs a seeded person in as they would: the app's Sign in, the provider's pages (name, password and, where the
    /// organisation requires it, the authenticator's code), and back to the app with the gateway's session.
    /// </summary>
    internal static async Task SignIn(IPage page, SeededPerson person)
    {
        await page.ClickAsync("#sign-in-button");
        await page.WaitForSelectorAsync("input[name=userName]", Visible);
        await page.FillAsync("input[name=userName]", person.UserName);
        await page.FillAsync("input[name=password]", person.Password);
        await page.PressAsync("input[name=password]", "Enter");
        if (person.TotpSecret is not null)
        {
            await page.WaitForSelectorAsync("input[name=code]", Visible);
            await page.FillAsync("input[name=code]", await person.NextCode());
            await page.PressAsync("input[name=code]", "Enter");
        }
        await page.WaitForURLAsync("**/intake/**", new() { Timeout = 30_000 });
    }

    const string Pin = "246810";

    /// <summary>The PIN a person sets on a device the first time they sign in there: typed twice.</summary>
    static async Task SetPin(IPage page, string pin = Pin)
    {
        await page.WaitForSelectorAsync("#pin-set", Visible);
        await page.FillAsync("#pin-new", pin);
        await page.FillAsync("#pin-again", pin);
        await page.ClickAsync("#pin-set button[type=submit]");
    }

    static async Task Unlock(IPage page, string pin)
    {
        await page.WaitForSelectorAsync("#pin-unlock", Visible);
        await page.FillAsync("#pin", pin);
        await page.ClickAsync("#pin-unlock button[type=submit]");
    }

    static async Task SignInToFamilies(IPage page, SeededPerson person)
    {
        await SignIn(page, person);
        await SetPin(page);
        await page.WaitForSelectorAsync("#family [name=pickupPlace] option[value='LY-TIP-PORT']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }

    /// <summary>Types a family as a person would: the group's fields, then each person's.</summary>
    static async Task TypeFamily(IPage page, string familyName, params string[] givenNames)
    {
        // Chosen, not left to the form: other tests declare crises of their own on the shared platform.
        await page.SelectOptionAsync("[name=crisisId]", "libya-2011");
        await page.SelectOptionAsync("[name=pickupPlace]", "LY-TIP-PORT");
        await page.SelectOptionAsync("[name=destinationCountry]", "BGD");
        await page.CheckAsync("[name=consentToShareWithConsulate]");
        for (var i = 0; i < givenNames.Length; i++)
        {
            if (i > 0)
                await page.ClickAsync("#add-person");
            var person = $"people[{i}].";
            await page.FillAsync($"[name='{person}givenName']", givenNames[i]);
            await page.FillAsync($"[name='{person}familyName']", familyName);
            await page.SelectOptionAsync($"[name='{person}sex']", i % 2 == 0 ? "F" : "M");
            await page.FillAsync($"[name='{person}age']", (30 + i).ToString());
            await page.SelectOptionAsync($"[name='{person}nationality']", "BGD");
            await page.SelectOptionAsync($"[name='{person}document.kind']", "passport");
            await page.FillAsync($"[name='{person}document.number']", $"P765432{i}");
        }
        await page.ClickAsync("#family button[type=submit]");
        await page.ClickAsync("#send");
    }

    static Task<int> Count(IPage page, string state) =>
        page.EvaluateAsync<int>("state => document.querySelectorAll(`#sent li[data-state='${state}']`).length", state);

    [Fact]
    public async Task Families_typed_offline_survive_a_closed_tab_and_are_stored_once_each_when_the_network_returns()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 430, height: 900);
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/"));
        await SignInToFamilies(page, SeededPerson.Named("unhcr.officer"));
        // The app is on the device (its service worker holds it) before the network goes.
        // Predicates are written as functions: a bare expression is evaluated from a string in the page, which its policy forbids.
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.ready.then(() => true)");
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = 30_000 });
        await Unlock(page, Pin); // opening the app asks for the PIN
        await page.WaitForSelectorAsync("#family [name=pickupPlace] option[value='LY-TIP-PORT']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        // Signed in with the gateway's cookie, which page script cannot read; no token is kept anywhere the page can reach.
        Assert.DoesNotContain("micic.session", await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.DoesNotContain("eyJ", await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage)"));

        await chromium.Context.SetOfflineAsync(true);
        await page.WaitForSelectorAsync("#offline-note", Visible);
        var familyName = UniqueFamilyName();
        await TypeFamily(page, familyName, "Amal", "Karim");
        await TypeFamily(page, familyName, "Rahima");
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"#sent li[data-state='queued']\").length === 2");
        await Chromium.Screenshot(page, "intake-offline.png");
        // On the device the families are encrypted: their names are nowhere in what IndexedDB holds, read raw.
        var raw = await RawStore(page);
        Assert.Contains("\"queued\"", raw);
        Assert.DoesNotContain(familyName, raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Amal", raw);
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'"));

        // The tab is closed; the app opens again with no network, from the device, with both families still waiting.
        await page.CloseAsync();
        var reopened = await chromium.Context.NewPageAsync();
        await reopened.GotoAsync(new Uri(platform.Gateway, "/intake/").ToString());
        // The PIN opens them: a wrong one is counted (and says how many tries are left), the right one opens the queue.
        await Unlock(reopened, "135791");
        await reopened.WaitForFunctionAsync("() => document.querySelector('#pin-unlock-error').textContent.includes('4')", null, new() { Timeout = 30_000 });
        Assert.Equal("true", await reopened.GetAttributeAsync("#pin", "aria-invalid"));
        Assert.Equal(0, await reopened.EvaluateAsync<int>("() => document.querySelectorAll('#sent li').length")); // nothing shown while locked
        Assert.Contains("\"wrongPins\":1", await RawStore(reopened));
        Assert.Empty(await Chromium.AccessibilityViolations(reopened));
        await Chromium.Screenshot(reopened, "intake-pin.png");
        await Unlock(reopened, Pin);
        await reopened.WaitForFunctionAsync("() => document.querySelectorAll(\"#sent li[data-state='queued']\").length === 2", null, new() { Timeout = 30_000 });
        Assert.Contains("\"wrongPins\":0", await RawStore(reopened)); // a right PIN starts the count again

        // The network returns, and the platform's first answer is lost on its way back: the device sends that family
        // again with the same Idempotency-Key, and it is stored once.
        var posts = 0;
        await reopened.RouteAsync("**/api/requests", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref posts) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync();
            }
            else
                await route.ContinueAsync();
        });
        await chromium.Context.SetOfflineAsync(false);
        await reopened.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('#sent li[data-state]')].filter(li => !['queued', 'sending', 'refused'].includes(li.dataset.state)).length === 2",
            null, new() { Timeout = 90_000, PollingInterval = 500 });
        Assert.True(posts >= 3, $"{posts} POSTs: the lost answer should have been asked again");

        Assert.Equal(3, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'"));
        Assert.Equal(2, await platform.Number("micic_requests", $"SELECT count(DISTINCT request_id) FROM person WHERE family_name = '{familyName}'"));
        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        foreach (var id in await RequestIds(reopened))
        {
            var request = await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
            Assert.All(request.GetProperty("people").EnumerateArray(), person => Assert.Equal(familyName, person.GetProperty("familyName").GetString()));
        }
        await reopened.WaitForSelectorAsync("#sent li .status:not(.queued)", Visible);
        await Chromium.Screenshot(reopened, "intake-sent.png");
        Assert.Empty(chromium.Refused); // the app, its worker and its manifest need nothing their Content-Security-Policy forbids

        // Five wrong PINs in a row erase the PIN-wrapped key and end the sign-in on this device, saying so.
        await reopened.ReloadAsync();
        for (var wrong = 1; wrong <= 5; wrong++)
        {
            await Unlock(reopened, "97531" + wrong);
            if (wrong < 5)
                await reopened.WaitForFunctionAsync("n => document.querySelector('#pin-unlock-error').textContent.includes(String(n))", 5 - wrong, new() { Timeout = 30_000 });
        }
        await reopened.WaitForSelectorAsync("#sign-in", Visible);
        Assert.Contains("PIN", await reopened.TextContentAsync("#sign-in-message"));
        var keyrings = await RawStore(reopened);
        Assert.Contains("\"pins\":{}", keyrings);
        Assert.DoesNotContain("unhcr.officer", keyrings); // the session facts are gone too
    }

    [Fact]
    public async Task A_disabled_persons_queue_is_handed_to_a_colleague_and_held_for_review_not_accepted()
    {
        var registrant = SeededPerson.Named("iom.intake");
        var colleague = SeededPerson.Named("iom.officer");
        using var admin = PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(SeededPerson.Named("iom.admin"))).AccessToken);
        using var reviewer = PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(colleague)).AccessToken);
        var accounts = await admin.GetFromJsonAsync<JsonElement>("/api/accounts?pageSize=500");
        var registrantId = accounts.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("userName").GetString() == registrant.UserName)
            .GetProperty("id").GetString()!;

        await using var chromium = await Chromium.Launch(output.WriteLine, width: 430, height: 900);
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/"));
        await SignInToFamilies(page, registrant);
        await chromium.Context.SetOfflineAsync(true);
        var familyName = UniqueFamilyName();
        await TypeFamily(page, familyName, "Samira");
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"#sent li[data-state='queued']\").length === 1");
        try
        {
            var disabled = await admin.PostAsJsonAsync($"/api/accounts/{registrantId}/disable", new { reason = "Phone lost at the port" });
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // known everywhere within a second

            // Back online: the session is refused as disabled; the PIN-wrapped key is erased, the queue kept, and the screen says so.
            await chromium.Context.SetOfflineAsync(false);
            await page.WaitForSelectorAsync("#sign-in", Visible);
            await page.WaitForFunctionAsync("() => document.querySelector('#sign-in-message').textContent.includes('1')", null, new() { Timeout = 30_000 });
            output.WriteLine(await page.TextContentAsync("#sign-in-message"));
            var kept = await RawStore(page);
            Assert.Contains("\"pins\":{}", kept);
            Assert.Contains("\"state\":\"queued\"", kept);
            Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'"));

            // A colleague signs in on the same device, sets a PIN (the organisation's key opens the queue) and it is sent: held.
            await SignIn(page, colleague);
            await SetPin(page, "864200");
            await page.WaitForSelectorAsync("#sent li[data-state='held']", Visible);
            await page.WaitForSelectorAsync("#notice:not([hidden])", Visible);
            Assert.Empty(await Chromium.AccessibilityViolations(page));
            await Chromium.Screenshot(page, "intake-held.png");
            await page.SelectOptionAsync("#language", "ar");
            await page.WaitForSelectorAsync("#sent li[data-state='held']", Visible);
            await Chromium.Screenshot(page, "intake-ar-held.png");
            Assert.DoesNotContain("\"queued\"", await RawStore(page)); // no longer on the device

            var held = await reviewer.GetFromJsonAsync<JsonElement>("/api/requests/held?status=held&pageSize=500");
            var item = held.GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("submission").GetProperty("people")[0].GetProperty("familyName").GetString() == familyName);
            Assert.Equal(registrantId, item.GetProperty("registrant").GetProperty("id").GetString());
            Assert.Equal(colleague.UserName, item.GetProperty("sentBy").GetProperty("name").GetString());
            Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'"));

            var accepted = await reviewer.PostAsync($"/api/requests/held/{item.GetProperty("id").GetString()}/accept", null);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var request = await reviewer.GetFromJsonAsync<JsonElement>(accepted.Headers.Location!.ToString());
            Assert.Equal(familyName, request.GetProperty("people")[0].GetProperty("familyName").GetString());
            Assert.Equal(registrantId, request.GetProperty("registeredBy").GetProperty("id").GetString());
            Assert.Equal(colleague.UserName, request.GetProperty("sentBy").GetProperty("name").GetString());
            Assert.Empty(chromium.Refused);
        }
        finally
        {
            await admin.PostAsJsonAsync($"/api/accounts/{registrantId}/enable", new { reason = "Phone found" });
        }
    }

    /// <summary>Everything the app keeps in IndexedDB, read raw (bytes as text, both Latin-1 and UTF-8), as a thief would.</summary>
    static Task<string> RawStore(IPage page) => page.EvaluateAsync<string>("""
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open("micic-intake");
          open.onsuccess = () => {
            const db = open.result, names = [...db.objectStoreNames], out = {};
            const transaction = db.transaction(names);
            for (const name of names) { const all = transaction.objectStore(name).getAll(); all.onsuccess = () => { out[name] = all.result; }; }
            transaction.oncomplete = () => {
              const bytes = (v) => v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
              resolve(JSON.stringify(out, (key, value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value)
                ? new TextDecoder("latin1").decode(bytes(value)) + new TextDecoder().decode(bytes(value)) : value));
            };
            transaction.onerror = () => reject(transaction.error);
          };
          open.onerror = () => reject(open.error);
        })
        """);

    [Fact]
    public async Task Families_an_earlier_version_kept_in_clear_are_encrypted_at_the_first_sign_in_and_sent_not_dropped()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 430, height: 900);
        var familyName = UniqueFamilyName();
        // The device as the earlier app left it: its store at version 1, one family waiting in clear.
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/manifest.webmanifest"));
        await page.EvaluateAsync("""
            family => new Promise((resolve, reject) => {
              const open = indexedDB.open("micic-intake", 1);
              open.onupgradeneeded = () => open.result.createObjectStore("sent", { keyPath: "key" });
              open.onsuccess = () => {
                const transaction = open.result.transaction("sent", "readwrite");
                transaction.objectStore("sent").put({ key: crypto.randomUUID(), kind: "request", people: 1, state: "queued",
                  createdAt: new Date().toISOString(), values: {},
                  body: { crisisId: "libya-2011", pickupPlace: "LY-TIP-PORT", destinationCountry: "BGD", acceptsThirdCountry: false,
                    consentToShareWithConsulate: true, people: [{ givenName: "Nour", familyName: family, sex: "F", age: 41, nationality: "BGD",
                    document: { kind: "passport", number: "P1234567" }, needs: [] }] } });
                transaction.oncomplete = () => { open.result.close(); resolve(true); };
                transaction.onerror = () => reject(transaction.error);
              };
              open.onerror = () => reject(open.error);
            })
            """, familyName);

        await page.GotoAsync(new Uri(platform.Gateway, "/intake/").ToString());
        await SignInToFamilies(page, SeededPerson.Named("unhcr.officer"));
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#sent li[data-state]')].some(li => !['queued', 'sending', 'refused'].includes(li.dataset.state))",
            null, new() { Timeout = 60_000 });
        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM person WHERE family_name = '{familyName}'"));
        var raw = await RawStore(page);
        Assert.Contains("\"earlier\":[]", raw); // nothing left in clear
        Assert.DoesNotContain(familyName, raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_Arabic_the_form_runs_right_to_left_shows_refusals_by_field_and_keeps_a_name_exactly_as_typed()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 430, height: 900);
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/?lang=ar"));
        Assert.Equal(("ar", "rtl"), (await page.EvaluateAsync<string>("document.documentElement.lang"), await page.EvaluateAsync<string>("document.documentElement.dir")));
        Assert.Equal("تسجيل الدخول", await page.TextContentAsync("#sign-in h2"));
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        await SignIn(page, SeededPerson.Named("unhcr.officer"));
        await page.WaitForSelectorAsync("#pin-set", Visible);
        Assert.Equal("rtl", await page.EvaluateAsync<string>("document.documentElement.dir"));
        await page.FillAsync("#pin-new", "12345");
        await page.ClickAsync("#pin-set button[type=submit]");
        await page.WaitForSelectorAsync("#pin-set-error:not(:empty)", Visible);
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        await Chromium.Screenshot(page, "intake-ar-pin.png");
        await SetPin(page);
        await page.WaitForSelectorAsync("#family [name=pickupPlace] option[value='LY-TIP-PORT']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Equal("تسجيل عائلة", await page.TextContentAsync("#family-title"));

        // A refusal comes back from the API and lands on its field, in place.
        // Chosen, not left to the form: other tests declare crises of their own on the shared platform.
        await page.SelectOptionAsync("[name=crisisId]", "libya-2011");
        await page.SelectOptionAsync("[name=pickupPlace]", "LY-TIP-PORT");
        await page.SelectOptionAsync("[name=destinationCountry]", "BGD");
        await page.FillAsync("[name='people[0].givenName']", "فاطمة");
        await page.FillAsync("[name='people[0].familyName']", "السلامي");
        await page.SelectOptionAsync("[name='people[0].sex']", "F");
        await page.FillAsync("[name='people[0].age']", "150");
        await page.SelectOptionAsync("[name='people[0].nationality']", "LBY");
        await page.SelectOptionAsync("[name='people[0].document.kind']", "none");
        // The family's phone, the language of its text messages and its consent to them.
        await page.FillAsync("[name='contact.phone']", "+218 91 234 5678");
        await page.SelectOptionAsync("[name='contact.language']", "ar");
        await page.CheckAsync("[name='contact.consentToMessages']");
        await page.ClickAsync("#family button[type=submit]");
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("[name='people[0].age'][aria-invalid=true]", Visible);
        Assert.False(string.IsNullOrWhiteSpace(await page.TextContentAsync("#f-people_0__age-error")));
        Assert.Equal("فاطمة", await page.InputValueAsync("[name='people[0].givenName']")); // what was typed is still there

        await page.FillAsync("[name='people[0].age']", "34");
        await page.ClickAsync("#family button[type=submit]");
        await Chromium.Screenshot(page, "intake-ar-review.png");
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#sent li[data-state]')].some(li => !['queued', 'sending', 'refused'].includes(li.dataset.state))",
            null, new() { Timeout = 30_000 });
        Assert.Empty(await Chromium.AccessibilityViolations(page));
        await Chromium.Screenshot(page, "intake-ar.png");

        using var unhcr = await platform.LoginAs("unhcr-field", "dev-unhcr-secret");
        var request = await unhcr.GetFromJsonAsync<JsonElement>($"/api/requests/{(await RequestIds(page)).Single()}");
        var person = request.GetProperty("people")[0];
        Assert.Equal(("فاطمة", "السلامي"), (person.GetProperty("givenName").GetString(), person.GetProperty("familyName").GetString()));
        Assert.Equal(1, await platform.Number("micic_requests", $"""
            SELECT count(*) FROM evacuation_request
            WHERE id = '{request.GetProperty("id").GetGuid()}' AND contact_phone = '+218912345678' AND contact_language = 'ar' AND consent_to_messages
            """));
        Assert.Empty(chromium.Refused);
    }

    [Fact]
    public async Task A_transit_authority_registers_a_walk_in_in_French()
    {
        await using var chromium = await Chromium.Launch(output.WriteLine, width: 1024, height: 900);
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/?lang=fr"));
        page.Response += (_, response) => { if (response.Url.Contains("/api/")) output.WriteLine($"{response.Status} {response.Request.Method} {response.Url}"); };
        await SignIn(page, SeededPerson.Named("transit-tun.night-shift"));
        await SetPin(page);
        await page.WaitForSelectorAsync("#family [name=siteCode] option[value='TN-RAS-AJDIR']", new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Equal("Enregistrer une personne arrivée seule", await page.TextContentAsync("#family-title"));

        var familyName = UniqueFamilyName();
        await page.SelectOptionAsync("[name=siteCode]", "TN-RAS-AJDIR");
        await page.SelectOptionAsync("[name='walkIn.crisisId']", "libya-2011");
        await page.FillAsync("[name='walkIn.givenName']", "Moussa");
        await page.FillAsync("[name='walkIn.familyName']", familyName);
        await page.SelectOptionAsync("[name='walkIn.sex']", "M");
        await page.FillAsync("[name='walkIn.age']", "28");
        await page.SelectOptionAsync("[name='walkIn.nationality']", "MLI");
        await page.SelectOptionAsync("[name='walkIn.document.kind']", "none");
        await page.CheckAsync("[name='walkIn.needs:medical']");
        await page.CheckAsync("[name='refer:medical']");
        await page.CheckAsync("[name='consent:medical']");
        await page.ClickAsync("#family button[type=submit]");
        Assert.Equal("send", await page.EvaluateAsync<string>("document.activeElement.id")); // the review hands the focus to Send
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#sent li[data-state]')].some(li => !['queued', 'sending', 'refused'].includes(li.dataset.state))",
            null, new() { Timeout = 30_000 });
        await Chromium.Screenshot(page, "intake-fr-walk-in.png");
        // The test platform erases an ended journey's names 30 s after it ends, and a walk-in without an onward journey ends
        // at its arrival, which the form gives to the minute: later in a minute, the name may already be gone.
        Assert.Equal(1, await platform.Number("micic_transit", $"""
            SELECT count(*) FROM arrival WHERE site_code = 'TN-RAS-AJDIR' AND walk_in AND nationality = 'MLI' AND 'medical' = ANY (needs)
              AND recorded_at > now() - interval '2 minutes' AND (family_name = '{familyName}' OR family_name IS NULL)
            """));
        Assert.Empty(chromium.Refused);
    }

    [Fact]
    public async Task A_family_the_app_sends_that_another_desk_registered_already_is_accepted_and_flagged_for_review()
    {
        var familyName = UniqueFamilyName();
        using var icrc = await platform.LoginAs("redcrescent-intake", "dev-redcrescent-secret");
        var earlier = (await Answers.Ok(await icrc.PostAsJsonAsync("/api/requests", new
        {
            crisisId = "libya-2011", pickupPlace = "LY-BEN-PORT", destinationCountry = "BGD", acceptsThirdCountry = false, consentToShareWithConsulate = true,
            people = new[]
            {
                new { givenName = "Amal", familyName, sex = "F", age = 30, nationality = "BGD", document = new { kind = "none" }, needs = Array.Empty<string>() },
                new { givenName = "Karim", familyName, sex = "M", age = 31, nationality = "BGD", document = new { kind = "none" }, needs = Array.Empty<string>() },
            },
        }))).GetProperty("id").GetGuid();

        await using var chromium = await Chromium.Launch(output.WriteLine, width: 430, height: 900);
        var page = await chromium.Open(new Uri(platform.Gateway, "/intake/"));
        await SignInToFamilies(page, SeededPerson.Named("unhcr.officer"));
        await TypeFamily(page, familyName, "Amal", "Karim");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#sent li[data-state]')].some(li => !['queued', 'sending', 'refused'].includes(li.dataset.state))",
            null, new() { Timeout = 30_000 });

        // Accepted like any family, and flagged beside the other desk's registration.
        var sent = Guid.Parse((await platform.Text("micic_requests",
            $"SELECT DISTINCT request_id::text FROM person WHERE family_name = '{familyName}' AND request_id <> '{earlier}'"))!);
        using var iom = await platform.LoginAs("iom-coordination", "dev-iom-secret");
        var flags = await Answers.Ok(await iom.GetAsync("/api/requests/duplicates?status=open&pageSize=500"));
        var flag = Assert.Single(flags.GetProperty("items").EnumerateArray(),
            item => item.GetProperty("requestIds").EnumerateArray().Select(id => id.GetGuid()).ToHashSet().SetEquals([earlier, sent]));
        Assert.Equal("identity", flag.GetProperty("reason").GetString());
        Assert.Equal(4, flag.GetProperty("people").GetArrayLength());
        // Side by side, each with who registered it: the other desk's machine client, the officer who typed the family in.
        var registeredBy = flag.GetProperty("requests").EnumerateArray().Select(request => request.GetProperty("registeredBy")).ToList();
        Assert.Equal("redcrescent-intake", registeredBy[0].GetProperty("id").GetString());
        Assert.Equal("unhcr.officer", registeredBy[1].GetProperty("name").GetString());
    }

    /// <summary>The ids the platform gave the families sent from this device, as the device keeps them.</summary>
    static async Task<IReadOnlyList<string>> RequestIds(IPage page) =>
        (await page.EvaluateAsync<string[]>("""
            () => new Promise((resolve, reject) => {
              const open = indexedDB.open("micic-intake");
              open.onsuccess = () => {
                const all = open.result.transaction("sent").objectStore("sent").getAll();
                all.onsuccess = () => resolve(all.result.filter(item => item.id).map(item => item.id));
                all.onerror = () => reject(all.error);
              };
              open.onerror = () => reject(open.error);
            })
            """)).ToList();
}
