using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using Micic.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// A person registers himself or herself, without signing in, through the gateway: the code reaches the phone through
/// the real Kannel, and only once it is typed back does the household count — for its consulate's list and counts, and
/// for a crisis's check-in. Wrong codes, floods per phone and per address, and codes of other registrations are refused.
/// The households live in Niger, as the check-in tests' do, with phones of their own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class SelfRegistrationTests(Platform platform) : IAsyncLifetime
{
    const int PerAddressPerHour = 60; // the gateway's default Gateway:SelfRegistrationsPerAddressPerHour

    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    static string NewPhone() => $"+2279{Random.Shared.Next(10_000_000, 99_999_999)}";

    /// <summary>An Egyptian family of two in Niamey, as the page sends it.</summary>
    static object Family(string phone, string language = "ar") => new
    {
        nationality = "EGY", countryOfResidence = "NER", area = "NE-NIM-AIRPORT",
        household = new object[]
        {
            new { givenName = "منى", familyName = "سعيد", sex = "F", birthDate = "1988-06-14", document = new { kind = "passport", number = "A" + phone[^7..] } },
            new { givenName = "Omar", familyName = "Said", sex = "M" },
        },
        contact = new { phone, language }, consentToContact = true,
    };

    static async Task<Guid> Register(HttpClient anyone, object family)
    {
        var answer = await anyone.PostAsJsonAsync("/api/registrations/self", family);
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awaiting-code", body.GetProperty("status").GetString());
        var expires = body.GetProperty("codeExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.5));
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>The code the phone received, as the person reads it.</summary>
    async Task<(string Code, string Text)> CodeOn(string phone, string marker)
    {
        var text = (await platform.Phones.ReceivedOne(phone, message => message.Text.Contains(marker), TimeSpan.FromMinutes(1))).Text;
        return (SixDigits().Match(text).Value, text);
    }

    static Task<HttpResponseMessage> Confirm(HttpClient anyone, Guid id, string code) =>
        anyone.PostAsJsonAsync($"/api/registrations/self/{id}/confirm", new { code });

    static async Task<JsonElement> Problem(HttpResponseMessage answer, HttpStatusCode status)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == status, $"{(int)answer.StatusCode}: {text}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    static async Task<(int Households, int People)> Counted(HttpClient consulate)
    {
        var items = (await Ok(await consulate.GetAsync("/api/registrations/counts?countryOfResidence=NER"))).GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("nationality").GetString() == "EGY" && item.GetProperty("area").GetString() == "NE-NIM-AIRPORT").ToList();
        return (items.Sum(item => item.GetProperty("households").GetInt32()), items.Sum(item => item.GetProperty("people").GetInt32()));
    }

    [Fact]
    public async Task A_family_registers_in_Arabic_confirms_the_code_from_its_phone_and_only_then_its_consulate_sees_it_and_a_crisis_asks_it()
    {
        using var anyone = platform.Anonymous();
        using var egypt = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        using var iom = await platform.Coordinator();
        var phone = NewPhone();
        var before = await Counted(egypt);

        var id = await Register(anyone, Family(phone));
        var (code, text) = await CodeOn(phone, "رمزكم");
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains("15 دقيقة", text);

        // Waiting for its code, it is nowhere: not read, not listed, not counted, in no table of the registry.
        Assert.Equal(HttpStatusCode.NotFound, (await egypt.GetAsync($"/api/registrations/{id}")).StatusCode);
        Assert.Equal(before, await Counted(egypt));
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM registration WHERE id = '{id}'"));
        // The code is kept as a hash only.
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM self_registration WHERE id = '{id}' AND (household::text LIKE '%{code}%' OR code_hash IS NULL)"));
        // The message list shows that a code went, never the code.
        var listed = (await Ok(await iom.GetAsync($"/api/messages?registrationId={id}"))).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("registration-code", listed.GetProperty("kind").GetString());
        Assert.False(listed.TryGetProperty("text", out var shown) && shown.ValueKind != JsonValueKind.Null, $"{listed}");

        var confirmed = await Ok(await Confirm(anyone, id, code));
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Confirm(anyone, id, code)).StatusCode);

        // Now it belongs to Egypt's consulate like one it registered itself, created by the person.
        var registration = await Ok(await egypt.GetAsync($"/api/registrations/{id}"));
        Assert.Equal("self-registration", registration.GetProperty("registeredBy").GetString());
        Assert.Equal(phone, registration.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("منى", registration.GetProperty("household")[0].GetProperty("givenName").GetString());
        Assert.Equal((before.Households + 1, before.People + 2), await Counted(egypt));
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        Assert.Equal(HttpStatusCode.NotFound, (await bangladesh.GetAsync($"/api/registrations/{id}")).StatusCode);
        Assert.Equal(1, await platform.Number("micic_requests", $"""
            SELECT count(*) FROM personal_data_access WHERE actor_id = 'self-registration' AND purpose = 'self-registration'
              AND person_ids && ARRAY(SELECT id FROM registered_person WHERE registration_id = '{id}')
            """));
        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT count(*) FROM self_registration WHERE id = '{id}' AND status = 'confirmed' AND household IS NULL"));

        // A crisis at voluntary departure in Niger asks it "are you safe?" in Arabic.
        var name = $"Niger drill {Guid.NewGuid().ToString()[..6]}";
        await Ok(await iom.PostAsJsonAsync("/api/crises", new { name, country = "NER", alertLevel = 3 }));
        Assert.Contains("هل أنتم بأمان", (await platform.Phones.ReceivedOne(phone, message => message.Text.StartsWith(name), TimeSpan.FromMinutes(1))).Text);
    }

    [Fact]
    public async Task Five_wrong_codes_void_the_registration_and_erase_it_and_the_right_code_then_comes_too_late()
    {
        using var anyone = platform.Anonymous();
        var phone = NewPhone();
        var id = await Register(anyone, Family(phone, "fr"));
        var (code, text) = await CodeOn(phone, "Code Micic");
        Assert.Contains("15 minutes", text);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var left = 4; left >= 1; left--)
        {
            var problem = await Problem(await Confirm(anyone, id, wrong), HttpStatusCode.BadRequest);
            Assert.Equal(left, problem.GetProperty("triesLeft").GetInt32());
            Assert.Contains($"{left}", problem.GetProperty("errors").GetProperty("code")[0].GetString());
        }
        var fifth = await Problem(await Confirm(anyone, id, wrong), HttpStatusCode.BadRequest);
        Assert.Equal(0, fifth.GetProperty("triesLeft").GetInt32());
        Assert.Contains("void", fifth.GetProperty("errors").GetProperty("code")[0].GetString());

        // The right code now: gone, and nothing of the family is left here or in Messaging.
        await Problem(await Confirm(anyone, id, code), HttpStatusCode.Gone);
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM registration WHERE id = '{id}'"));
        Assert.Equal(1, await platform.Number("micic_requests",
            $"SELECT count(*) FROM self_registration WHERE id = '{id}' AND status = 'voided' AND household IS NULL AND code_hash IS NULL"));
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE registration_id = '{id}' AND (phone IS NOT NULL OR text IS NOT NULL)"),
            left => left == 0, TimeSpan.FromSeconds(30), "the code's message to be erased");
    }

    [Fact]
    public async Task A_registration_never_confirmed_is_erased_once_its_code_expires_and_its_code_then_comes_too_late()
    {
        using var anyone = platform.Anonymous();
        var phone = NewPhone();
        var id = await Register(anyone, Family(phone, "bn"));
        var (code, _) = await CodeOn(phone, "Micic কোড");

        // Fifteen minutes pass (the clock of this one registration is moved back): retention erases it.
        Assert.Equal(1, await platform.Number("micic_requests", $"""
            WITH moved AS (UPDATE self_registration SET code_expires_at = now() - interval '1 second' WHERE id = '{id}' RETURNING 1) SELECT count(*) FROM moved
            """));
        await Eventually.Get(() => platform.Number("micic_requests", $"SELECT count(*) FROM self_registration WHERE id = '{id}' AND status = 'expired' AND household IS NULL"),
            expired => expired == 1, TimeSpan.FromSeconds(30), "the unconfirmed registration to be erased");
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM message WHERE registration_id = '{id}' AND (phone IS NOT NULL OR text IS NOT NULL)"),
            left => left == 0, TimeSpan.FromSeconds(30), "the code's message to be erased");

        var problem = await Problem(await Confirm(anyone, id, code), HttpStatusCode.Gone);
        Assert.Contains("expired", problem.GetProperty("title").GetString());
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM registration WHERE id = '{id}'"));
    }

    [Fact]
    public async Task The_code_of_another_registration_is_a_wrong_code_and_an_unknown_registration_is_not_found()
    {
        using var anyone = platform.Anonymous();
        var (mine, theirs) = (NewPhone(), NewPhone());
        var myId = await Register(anyone, Family(mine, "en"));
        var theirId = await Register(anyone, Family(theirs, "bn"));
        var (myCode, _) = await CodeOn(mine, "Micic code");
        var (theirCode, bengali) = await CodeOn(theirs, "Micic কোড");
        Assert.Contains("মিনিটে", bengali);
        if (theirCode == myCode)
            return; // one chance in a million: nothing to tell apart

        var problem = await Problem(await Confirm(anyone, myId, theirCode), HttpStatusCode.BadRequest);
        Assert.Equal(4, problem.GetProperty("triesLeft").GetInt32());
        Assert.Equal(0, await platform.Number("micic_requests", $"SELECT count(*) FROM registration WHERE id IN ('{myId}', '{theirId}')"));
        await Problem(await Confirm(anyone, Guid.NewGuid(), myCode), HttpStatusCode.NotFound);
        // Not counted as a try: malformed.
        await Problem(await Confirm(anyone, myId, "12 34"), HttpStatusCode.BadRequest);
        Assert.Equal(1, await platform.Number("micic_requests", $"SELECT wrong_codes FROM self_registration WHERE id = '{myId}'"));
        await Ok(await Confirm(anyone, myId, myCode));
    }

    [Fact]
    public async Task A_fourth_code_to_one_phone_within_the_hour_is_refused_with_when_to_try_again()
    {
        using var anyone = platform.Anonymous();
        var phone = NewPhone();
        for (var i = 0; i < 3; i++)
            await Register(anyone, Family(phone, "en"));
        var before = await platform.Number("micic_requests", "SELECT count(*) FROM self_registration");
        var answer = await anyone.PostAsJsonAsync("/api/registrations/self", Family(phone, "en"));
        var problem = await Problem(answer, HttpStatusCode.TooManyRequests);
        Assert.Contains("phone", problem.GetProperty("title").GetString());
        Assert.InRange(answer.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        Assert.Equal(before, await platform.Number("micic_requests", "SELECT count(*) FROM self_registration"));
        // The same number written another way is the same phone.
        await Problem(await anyone.PostAsJsonAsync("/api/registrations/self", Family($"{phone[..4]} {phone[4..6]}-{phone[6..]}", "en")), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task A_flood_from_one_address_is_refused_by_the_gateways_together_while_the_page_still_loads()
    {
        // The window is the clock's hour: a burst late in one could straddle two.
        if (DateTime.UtcNow is { Minute: 59, Second: > 30 })
            await Task.Delay(TimeSpan.FromSeconds(40));
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await platform.App.GetConnectionStringAsync("redis"))!);
        await ForgetAddressCounts(redis);
        try
        {
            using var anyone = platform.Anonymous();
            var before = await platform.Number("micic_requests", "SELECT count(*) FROM self_registration");
            var answers = new ConcurrentBag<(HttpStatusCode Status, TimeSpan? RetryAfter)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, PerAddressPerHour + 40), new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (_, cancellationToken) =>
                {
                    // Incomplete on purpose: a flood need not be valid to be counted, and stores nothing.
                    using var response = await anyone.PostAsJsonAsync("/api/registrations/self", new { nationality = "EGY" }, cancellationToken);
                    answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta));
                });

            // Two gateways counting apart would let twice as many through.
            Assert.Equal(PerAddressPerHour, answers.Count(answer => answer.Status == HttpStatusCode.BadRequest));
            var refused = answers.Where(answer => answer.Status == HttpStatusCode.TooManyRequests).ToList();
            Assert.Equal(40, refused.Count);
            Assert.All(refused, answer => Assert.NotNull(answer.RetryAfter));
            Assert.Equal(before, await platform.Number("micic_requests", "SELECT count(*) FROM self_registration"));
            // The page and what it offers are not limited.
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/register/")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/api/registrations/self/choices")).StatusCode);
        }
        finally
        {
            await ForgetAddressCounts(redis);
        }
    }

    static async Task ForgetAddressCounts(ConnectionMultiplexer redis)
    {
        foreach (var server in redis.GetServers())
            await foreach (var key in server.KeysAsync(pattern: "micic:ratelimit:self-registration:*"))
                await redis.GetDatabase().KeyDeleteAsync(key);
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
