using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Request bodies as the public API takes them, and a request submitted as a real client submits it.</summary>
static class Requests
{
    public static object Person(string nationality = "BGD", string givenName = "Rahim", params string[] needs) => new
    {
        givenName,
        familyName = "Uddin",
        sex = "M",
        age = 34,
        nationality,
        document = new { kind = "passport", number = "BX0123456" },
        needs,
    };

    public static object Family(bool consent = true, params object[] people) => new
    {
        crisisId = "libya-2011",
        pickupPlace = "LY-TIP-PORT",
        destinationCountry = "BGD",
        acceptsThirdCountry = false,
        consentToShareWithConsulate = consent,
        contact = new { phone = "+218 91 234 5678" },
        people = people.Length == 0 ? [Person()] : people,
    };

    public const string CsvColumns =
        "group,crisisId,pickupPlace,destinationCountry,acceptsThirdCountry,consentToShareWithConsulate,givenName,familyName,sex,age,nationality,documentKind,documentNumber,needs";

    /// <summary>
    /// One person's row for <see cref="CsvColumns"/>. By default the group waits at a place no test offer leaves from,
    /// so imported groups never take seats other tests count on.
    /// </summary>
    public static string[] CsvPerson(string group, string givenName, string familyName, string nationality = "BGD", bool consent = true,
        string pickupPlace = "LY-BEN-PORT", string sex = "M", string age = "34", string needs = "") =>
        [group, "libya-2011", pickupPlace, "BGD", "no", consent ? "yes" : "no", givenName, familyName, sex, age, nationality, "passport", "BX0123456", needs];

    /// <summary>A CSV import file: the header, then the rows, cells quoted where RFC 4180 needs it.</summary>
    public static string Csv(char separator, params string[][] rows) =>
        string.Concat(new[] { CsvColumns.Split(',') }.Concat(rows).Select(cells => string.Join(separator, cells.Select(cell =>
            cell.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell)) + "\r\n"));

    public static HttpContent CsvContent(string csv, bool byteOrderMark = false)
    {
        var content = new ByteArrayContent([.. byteOrderMark ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(csv)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// POSTs a request as a real client does while the platform is being disturbed: a call that fails (no answer, or a 5xx,
    /// which must mean nothing was accepted) is tried again a second later with the same Idempotency-Key, for up to a minute.
    /// </summary>
    public static async Task<Submitted> SubmitUntilAccepted(HttpClient requester, object? body = null)
    {
        var key = Guid.NewGuid().ToString();
        var failures = new List<string>();
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(body ?? Family()) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await requester.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    return new Submitted((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), failures);
                Assert.True((int)response.StatusCode >= 500, $"a retry got {(int)response.StatusCode}");
                failures.Add($"{(int)response.StatusCode}");
            }
            catch (HttpRequestException e) when (failures.Count < 59)
            {
                // The gateway itself is restarting.
                failures.Add(e.Message);
            }
            Assert.True(failures.Count < 60, "the platform did not accept the request again within a minute");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}

/// <summary>A request accepted (202), and what the attempts before said (a status code, or why there was no answer).</summary>
public sealed record Submitted(Guid Id, IReadOnlyList<string> Failures);
