using System.Net.Http.Json;
using System.Text.Json;
using Micic.IntegrationTests.Infrastructure;
using static Micic.IntegrationTests.Infrastructure.Answers;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// "Are you safe?": a crisis raised to alert level 3 asks every consenting registered national in its country, on their
/// phones through Kannel, in their language; what they answer is recorded and passed on; silence is asked again, then
/// left for the consulate to call. Each test's households live in Niger, in a crisis of its own.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CheckInTests(Platform platform) : IAsyncLifetime
{
    public Task InitializeAsync() => platform.App.ResourceNotifications.WaitForResourceHealthyAsync("sms").WaitAsync(TimeSpan.FromMinutes(2));

    public Task DisposeAsync() => Task.CompletedTask;

    static string NewPhone() => $"+2279{Random.Shared.Next(10_000_000, 99_999_999)}";

    static object Household(string nationality, string phone, string? language, string givenName) => new
    {
        nationality, countryOfResidence = "NER", area = "NE-NIM-AIRPORT",
        household = new[] { new { givenName, familyName = "Test", sex = "F", birthDate = "1990-04-02" } },
        contact = new { phone, language }, consentToContact = true,
    };

    static async Task<Guid> Register(HttpClient consulate, object household) =>
        (await Ok(await consulate.PostAsJsonAsync("/api/registrations", household))).GetProperty("id").GetGuid();

    /// <summary>A crisis of its own in Niger, declared at <paramref name="level"/>.</summary>
    static async Task<(string Id, string Name)> Declare(HttpClient coordinator, int level)
    {
        var name = $"Niger drill {Guid.NewGuid().ToString()[..6]}";
        var id = (await Ok(await coordinator.PostAsJsonAsync("/api/crises", new { name, country = "NER", alertLevel = level }))).GetProperty("id").GetString()!;
        return (id, name);
    }

    static async Task Raise(HttpClient coordinator, string crisisId, int level) =>
        await Ok(await coordinator.PatchAsJsonAsync($"/api/crises/{crisisId}", new { alertLevel = level }));

    /// <summary>The crisis's check-ins of these households (other tests register Niger's residents too).</summary>
    Task<int> CheckIns(string crisisId, IEnumerable<Guid> households, string where = "true") =>
        platform.Number("micic_messages", $"""
            SELECT count(*) FROM check_in WHERE crisis_id = '{crisisId}' AND registration_id IN ({string.Join(", ", households.Select(id => $"'{id}'"))}) AND {where}
            """);

    [Fact]
    public async Task Raised_to_voluntary_departure_each_registered_national_is_asked_in_their_language_and_their_answer_is_kept()
    {
        using var iom = await platform.Coordinator();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        using var egypt = await platform.LoginAs("consulate-egy", "dev-egy-secret");
        var (rahima, karim, mona) = (NewPhone(), NewPhone(), NewPhone());
        var rahimaRegistration = await Register(bangladesh, Household("BGD", rahima, null, "Rahima"));
        var karimRegistration = await Register(bangladesh, Household("BGD", karim, "en", "Karim"));
        var monaRegistration = await Register(egypt, Household("EGY", mona, "ar", "Mona"));
        Guid[] households = [rahimaRegistration, karimRegistration, monaRegistration];

        // Level 1, watch: nobody is asked.
        var (crisis, name) = await Declare(iom, level: 1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await CheckIns(crisis, households));

        // Level 3, voluntary departure: each is asked once, in the language of their choice or of their nationality.
        await Raise(iom, crisis, 3);
        var bengali = await platform.Phones.ReceivedOne(rahima, message => message.Text.StartsWith(name), TimeSpan.FromMinutes(1));
        Assert.Contains("আপনি কি নিরাপদ", bengali.Text);
        Assert.Contains("are you safe?", (await platform.Phones.ReceivedOne(karim, message => message.Text.StartsWith(name), TimeSpan.FromMinutes(1))).Text);
        Assert.Contains("هل أنتم بأمان", (await platform.Phones.ReceivedOne(mona, message => message.Text.StartsWith(name), TimeSpan.FromMinutes(1))).Text);
        Assert.Equal(3, await CheckIns(crisis, households));

        // Rahima wants to leave (in her phone's Bengali digits), Mona needs help, Karim writes a digit that is no answer
        // (one phone after the other, each answered before the next writes: the simulated network takes one line at a time).
        await platform.Phones.Send(rahima, "৩");
        Assert.Contains("যাওয়ার অনুরোধ", (await platform.Phones.ReceivedOne(rahima, message => message.Text.StartsWith("ধন্যবাদ"), TimeSpan.FromMinutes(1))).Text);
        await platform.Phones.Send(mona, "2");
        Assert.Contains("قنصليتكم", (await platform.Phones.ReceivedOne(mona, message => message.Text.StartsWith("شكرًا"), TimeSpan.FromMinutes(1))).Text);
        await platform.Phones.Send(karim, "7");
        await Eventually.Get(() => CheckIns(crisis, households, $"registration_id = '{rahimaRegistration}' AND answer = 3"), found => found == 1, TimeSpan.FromSeconds(30),
            "Rahima's answer");
        Assert.Equal(1, await CheckIns(crisis, households, $"registration_id = '{monaRegistration}' AND answer = 2"));
        // Karim's "7" is feedback in the crisis, not an answer.
        Assert.Equal(1, await CheckIns(crisis, households, "answer IS NULL"));
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM feedback WHERE phone = '{karim}' AND crisis_id = '{crisis}' AND text = '7'"),
            found => found == 1, TimeSpan.FromSeconds(30), "Karim's 7 as feedback");

        // Mandatory departure asks no one again: those already asked are not written to twice.
        await Raise(iom, crisis, 4);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await platform.Phones.Received(rahima), message => message.Text == bengali.Text);
        Assert.Equal(3, await CheckIns(crisis, households));

        // Each message is listed with its household's registration, for the consulate and the coordinators.
        var listed = (await Ok(await iom.GetAsync($"/api/messages?registrationId={rahimaRegistration}&pageSize=50"))).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(listed, message => message.GetProperty("kind").GetString() == "check-in" && message.GetProperty("direction").GetString() == "out");
        Assert.Contains(listed, message => message.GetProperty("direction").GetString() == "in" && message.GetProperty("text").GetString() == "৩");

        // Her "3" became an evacuation request in Requests, from her household as registered, followed like any other.
        await Eventually.Get(() => platform.Number("micic_requests",
                $"SELECT count(*) FROM registration r JOIN evacuation_request q ON q.id = r.request_id WHERE r.id = '{rahimaRegistration}'"),
            found => found == 1, TimeSpan.FromSeconds(30), "Rahima's evacuation request");

        // Rahima's registration erased at her consulate: her phone and words go from the messages too.
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await bangladesh.DeleteAsync($"/api/registrations/{rahimaRegistration}")).StatusCode);
        await Eventually.Get(() => platform.Number("micic_messages",
                $"SELECT count(*) FROM message WHERE registration_id = '{rahimaRegistration}' AND (phone IS NOT NULL OR text IS NOT NULL)"),
            left => left == 0, TimeSpan.FromSeconds(30), "Rahima's messages to be erased");
        Assert.Equal(0, await CheckIns(crisis, households, $"registration_id = '{rahimaRegistration}'"));
    }

    [Fact]
    public async Task Silence_is_asked_again_then_left_for_the_consulate_to_call_and_STOP_is_never_asked()
    {
        using var iom = await platform.Coordinator();
        using var bangladesh = await platform.LoginAs("consulate-bgd", "dev-bgd-secret");
        var (silent, stopped) = (NewPhone(), NewPhone());
        var silentRegistration = await Register(bangladesh, Household("BGD", silent, "fr", "Amina"));
        Guid[] households = [silentRegistration, await Register(bangladesh, Household("BGD", stopped, null, "Nasrin"))];
        await platform.Phones.Send(stopped, "STOP");
        await Eventually.Get(() => platform.Number("micic_messages", $"SELECT count(*) FROM opt_out WHERE phone = '{stopped}'"), found => found == 1,
            TimeSpan.FromSeconds(30), "the STOP to be kept");

        var (crisis, name) = await Declare(iom, level: 3);
        await platform.Phones.ReceivedOne(silent, message => message.Text.StartsWith($"{name} : allez-vous bien"), TimeSpan.FromMinutes(1));
        // Asked again after its silence (15 s here, a day in an operation), then left to call.
        await platform.Phones.ReceivedOne(silent, message => message.Text.StartsWith($"{name}, 2e message"), TimeSpan.FromMinutes(1));
        await Eventually.Get(() => CheckIns(crisis, households, $"registration_id = '{silentRegistration}' AND unanswered_at IS NOT NULL AND attempts = 2"),
            found => found == 1, TimeSpan.FromMinutes(1), "the household to be left for its consulate to call");

        Assert.DoesNotContain(await platform.Phones.Received(stopped), message => message.Text.StartsWith(name));
        Assert.Equal(1, await CheckIns(crisis, households));
    }

    [Fact]
    public async Task A_reply_from_a_number_never_asked_changes_nothing()
    {
        var stranger = NewPhone();
        await platform.Phones.Send(stranger, "3");
        await platform.Phones.ReceivedOne(stranger, message => message.Text.StartsWith("Micic: unknown number"), TimeSpan.FromMinutes(1));
        Assert.Equal(0, await platform.Number("micic_messages", $"SELECT count(*) FROM check_in WHERE phone = '{stranger}' AND answer IS NOT NULL"));
    }
}
