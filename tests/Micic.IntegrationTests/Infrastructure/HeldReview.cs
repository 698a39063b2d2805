using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// What the tests of registrant tickets and held reviews share (families at Requests, walk-ins at Transit): people signed
/// in, tickets good and bad, and the hostile calls every review API refuses without changing anything.
/// </summary>
public static class HeldReview
{
    public const string Device = "/api/requests/intake/device", Registrant = "X-Micic-Registrant";

    /// <summary>A name no other test uses, letters only, so that it can be found in the database.</summary>
    public static string Marker(string prefix) => prefix + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(10));

    public static async Task<HttpClient> Person(this Platform platform, string userName) =>
        PersonSignIn.Api(platform.Gateway, (await new PersonSignIn(platform.Gateway).As(SeededPerson.Named(userName))).AccessToken);

    public static async Task<string> Ticket(HttpClient person) =>
        (await person.GetFromJsonAsync<JsonElement>(Device)).GetProperty("registrant").GetString()!;

    /// <summary>Tickets that are not one the platform issued: forged, altered, huge, sent twice, or a hand-made one naming <paramref name="organisation"/>.</summary>
    public static IReadOnlyList<string[]> Invalid(string ticket, string organisation) =>
    [
        ["forged"], [ticket[..^4] + (ticket[^4] == 'x' ? 'y' : 'x') + ticket[^3..]], [new string('A', 5000)], [ticket, ticket],
        [Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"id":"x","name":"x","organisationId":"{{organisation}}","issuedAt":"2030-01-01T00:00:00Z"}"""))],
    ];

    /// <summary>
    /// Bad listings and reviews of held <paramref name="ids"/> (two, both still held) at <paramref name="held"/>: refused, by
    /// <paramref name="colleague"/> (its organisation's) and by <paramref name="other"/> (another organisation's).
    /// </summary>
    public static async Task RefusesHostileReviews(HttpClient colleague, HttpClient other, string held, IReadOnlyList<string> ids)
    {
        foreach (var (client, method, path, body, status) in new (HttpClient, string, string, string?, HttpStatusCode)[]
                 {
                     (colleague, "GET", $"{held}?status=bogus", null, HttpStatusCode.BadRequest),
                     (colleague, "GET", $"{held}?pageSize=0", null, HttpStatusCode.BadRequest),
                     (colleague, "GET", $"{held}?page=-1", null, HttpStatusCode.BadRequest),
                     (colleague, "GET", $"{held}?status=held%00", null, HttpStatusCode.BadRequest),
                     (other, "POST", $"{held}/{ids[0]}/accept", null, HttpStatusCode.NotFound),
                     (other, "POST", $"{held}/{ids[1]}/discard", """{"reason":"not ours"}""", HttpStatusCode.NotFound),
                     (colleague, "POST", $"{held}/{Guid.NewGuid()}/accept", null, HttpStatusCode.NotFound),
                     (colleague, "POST", $"{held}/not-a-guid/accept", null, HttpStatusCode.NotFound),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", "{}", HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", """{"reason":""}""", HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", $$"""{"reason":"{{new string('r', 501)}}"}""", HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", """{"reason":"bad\u0000"}""", HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", """{"reason":7}""", HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", """{"reason":"x" """, HttpStatusCode.BadRequest),
                     (colleague, "POST", $"{held}/{ids[1]}/discard", null, HttpStatusCode.BadRequest),
                 })
        {
            using var message = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null || method == "POST")
                message.Content = new StringContent(body ?? "", Encoding.UTF8, "application/json");
            using var answer = await client.SendAsync(message);
            Assert.True(status == answer.StatusCode, $"{method} {path} {body}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }
}
