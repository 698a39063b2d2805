using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>
/// Every endpoint, tried as a hostile or careless user would: wrong types, impossible values, unknown codes and ids,
/// oversized text, the wrong caller. Each answer must be a 4xx problem document (never a 500), and nothing may be stored.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileCorpusTests(Platform platform)
{
    /// <summary>One hostile call: who makes it, what is sent, the answer expected, and the table whose rows must not change.</summary>
    public sealed record Attempt(string What, string Caller, string Method, string Path, string? Body, HttpStatusCode Expected,
        string? ContentType = "application/json", string? Watch = null, string? IdempotencyKey = null)
    {
        public override string ToString() => What;
    }

    const string Coordinator = "iom-coordination", Requester = "unhcr-field", Offerer = "egyptair-charter", Consulate = "consulate-bgd",
        Transit = "transit-tunisia", Nobody = "";

    /// <summary>People signed in as themselves (accounts are managed by people only): a coordinator and two admins.</summary>
    const string IomOfficer = "person:iom.officer", BgdAdmin = "person:consulate-bgd.admin", TunAdmin = "person:transit-tun.admin";

    /// <summary>In a path or body, the id of a real account (consulate-bgd.officer), looked up when the call is made.</summary>
    const string BgdOfficer = "{consulate-bgd.officer}";

    static readonly Dictionary<string, string> Secrets = new()
    {
        [Coordinator] = "dev-iom-secret", [Requester] = "dev-unhcr-secret", [Offerer] = "dev-egyptair-secret", [Consulate] = "dev-bgd-secret",
        [Transit] = "dev-tunisia-secret",
    };

    /// <summary>Row counts that a refused call must leave as they were.</summary>
    static readonly Dictionary<string, (string Database, string Sql)> Watches = new()
    {
        ["requests"] = ("micic_requests", "SELECT (SELECT count(*) FROM evacuation_request) + (SELECT count(*) FROM idempotency_key)"),
        ["offers"] = ("micic_offers", "SELECT (SELECT count(*) FROM offer) + (SELECT count(*) FROM idempotency_key)"),
        ["arrivals"] = ("micic_transit", "SELECT count(*) FROM arrival"),
        // Sites closed and reopened, and the idempotency keys of closures.
        ["closures"] = ("micic_transit", "SELECT (SELECT count(*) FROM site_closure) + (SELECT count(*) FROM site_closure WHERE reopened_at IS NOT NULL) + (SELECT count(*) FROM idempotency_key)"),
        // Funds, what they received and spent, and claims with their decisions, in one number.
        ["funds"] = ("micic_funds", """
            SELECT hashtext(concat((SELECT string_agg(concat(id, received, spent), ',' ORDER BY id) FROM fund), '/',
              (SELECT string_agg(concat(id, status, fund_id), ',' ORDER BY id) FROM claim), '/', (SELECT count(*) FROM receipt), '/',
              (SELECT count(*) FROM charge), '/', (SELECT string_agg(concat(id, pledged), ',' ORDER BY id) FROM fund), '/',
              (SELECT string_agg(concat(id, fund_id), ',' ORDER BY id) FROM offer_terms WHERE fund_id IS NOT NULL)))
            """),
        ["registrations"] = ("micic_requests", "SELECT (SELECT count(*) FROM registration) + (SELECT count(*) FROM idempotency_key)"),
        // Self-registrations waiting for their codes, and the registry they join.
        ["self-registrations"] = ("micic_requests", "SELECT (SELECT count(*) FROM self_registration) + (SELECT count(*) FROM registration)"),
        // Declared crises and every step of their alert levels.
        ["crises"] = ("micic_requests", "SELECT (SELECT count(*) FROM crisis) + (SELECT count(*) FROM crisis_alert_level) + (SELECT count(*) FROM idempotency_key)"),
        // The improvement plan: every action, its status and evidence, in one number.
        ["improvements"] = ("micic_dashboard", """
            SELECT hashtext(concat((SELECT count(*) FROM improvement_action), '/',
              (SELECT string_agg(concat(id, status, evidence), ',' ORDER BY id) FROM improvement_action)))
            """),
        // Check-in alerts acknowledged by consulates.
        ["check-in-alerts"] = ("micic_dashboard", "SELECT count(*) FROM projected_event WHERE kind = 'CheckInAlertAcknowledged'"),
        // Messages received, what people said and the broadcasts, in one number (notices are written as events arrive).
        ["messages"] = ("micic_messages", "SELECT (SELECT count(*) FROM message WHERE direction = 'in') + (SELECT count(*) FROM feedback) + (SELECT count(*) FROM broadcast)"),
        // Possible duplicates and how each was decided, and requests cancelled, in one number.
        ["duplicates"] = ("micic_requests", """
            SELECT hashtext(concat((SELECT string_agg(concat(id, status, kept_request_id), ',' ORDER BY id) FROM possible_duplicate), '/',
              (SELECT count(*) FROM evacuation_request WHERE cancelled_at IS NOT NULL)))
            """),
        // Accounts, the sign-in trail and revocations, and every account's roles, state and concurrency stamp (which any
        // update of an account changes), in one number.
        ["identity"] = ("micic_identity", """
            SELECT hashtext(concat((SELECT count(*) FROM "AspNetUsers"), '/', (SELECT count(*) FROM "SignInEvents"), '/',
              (SELECT count(*) FROM "Revocations"), '/',
              (SELECT string_agg(concat("Id", "Roles"::text, "DisabledAt", "ConcurrencyStamp"), ',' ORDER BY "Id") FROM "AspNetUsers")))
            """),
    };

    /// <summary>
    /// In a body, filled in when the call is made: a person on a movement departed for Ras Ajdir (set up once, when first
    /// needed), a time an hour before that movement departed, and a time six minutes from now.
    /// </summary>
    const string DepartedPerson = "{departed-person}", BeforeDeparture = "{an-hour-before-departure}", InSixMinutes = "{in-six-minutes}";

    static Task<(Guid PersonId, DateTimeOffset DepartedAt)>? _onTheRoad;

    static readonly string Unknown = Guid.NewGuid().ToString();

    const string Amina = """{"givenName":"Amina","familyName":"Haddad","sex":"F","age":30,"nationality":"BGD","document":{"kind":"passport","number":"P1234567"},"needs":[]}""";

    /// <summary>A valid family of one, with its people (a JSON value) and any extra fields given.</summary>
    static string Family(string people = $"[{Amina}]", string extra = "") =>
        $$"""{"crisisId":"libya-2011","pickupPlace":"LY-TIP-PORT","destinationCountry":"BGD","acceptsThirdCountry":false,"consentToShareWithConsulate":true{{extra}},"people":{{people}}}""";

    /// <summary>A family of one whose person has <paramref name="field"/> set to the JSON value given.</summary>
    static string WithPerson(string field, string json)
    {
        var person = JsonNode.Parse(Amina)!.AsObject();
        person[field] = JsonNode.Parse(json);
        return Family($"[{person.ToJsonString()}]");
    }

    static string Charter(string extra = "", string seats = "90", string mode = "\"air\"", string from = "\"LY-TIP-PORT\"", string departs = "null") =>
        $$"""{"crisisId":"libya-2011","provider":"EgyptAir","mode":{{mode}},"fromPlace":{{from}},"toPlace":"EG-CAI-AIRPORT","destinationCountry":"EGY","departsAt":{{(departs == "null" ? $"\"{DateTimeOffset.UtcNow.AddDays(3):O}\"" : departs)}},"seats":{{seats}},"eligibility":{"familyMembersOfAnyNationality":true,"acceptsMedical":true,"acceptsUnaccompaniedChildren":true}{{extra}}}""";

    /// <summary>A valid improvement action from the Libya crisis, with fields replaced (JSON values) and any extra fields given.</summary>
    static string Improvement(string text = "\"Train two more reception officers at Ras Ajdir.\"", string owner = "\"transit-tun\"",
        string due = "\"2099-12-31\"", string crisis = "\"libya-2011\"", string extra = "") =>
        $$"""{"text":{{text}},"ownerOrganisationId":{{owner}},"dueBy":{{due}},"crisisId":{{crisis}}{{extra}}}""";

    static string Arrival(string extra) => $$"""{"siteCode":"TN-RAS-AJDIR","arrivedAt":"{{DateTimeOffset.UtcNow.AddMinutes(-5):O}}"{{extra}}}""";

    const string WalkIn = """{"crisisId":"libya-2011","givenName":"Musa","familyName":"Traoré","sex":"M","age":30,"nationality":"MLI","document":{"kind":"none"},"needs":[]}""";

    static string Fund(string currency = "\"USD\"", string pledged = "1000", string extra = "") =>
        $$"""{"name":"Hostile fund","currency":{{currency}},"pledged":{{pledged}}{{extra}}}""";

    static string ClaimAt(string site = "\"TN-CHOUCHA\"", string amount = "10", string currency = "\"USD\"", string people = "3", string category = "\"shelter\"",
        string? from = null, string? to = null) =>
        $$"""{"siteCode":{{site}},"category":{{category}},"amount":{{amount}},"currency":{{currency}},"people":{{people}},"from":"{{from ?? DateTimeOffset.UtcNow.AddDays(-7).ToString("yyyy-MM-dd")}}","to":"{{to ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd")}}"}""";

    static string Csv(params string[] lines) => string.Join("\n", lines) + "\n";

    const string CsvHeader = "group;crisisId;pickupPlace;destinationCountry;acceptsThirdCountry;consentToShareWithConsulate;givenName;familyName;sex;age;nationality;documentKind;documentNumber;needs";

    const string Rahim = """{"givenName":"Rahim","familyName":"Uddin","sex":"M","birthDate":"1985-04-12"}""";

    /// <summary>A valid registration of a Bangladeshi household, with its people (a JSON value) and fields replaced as given.</summary>
    static string Household(string people = $"[{Rahim}]", string nationality = "\"BGD\"", string country = "\"LBY\"", string area = "\"LY-TIP-PORT\"",
        string phone = "\"+218 91 234 5678\"", string language = "\"bn\"", string consent = ",\"consentToContact\":true", string extra = "") =>
        $$"""{"nationality":{{nationality}},"countryOfResidence":{{country}},"area":{{area}},"household":{{people}},"contact":{"phone":{{phone}},"language":{{language}}}{{consent}}{{extra}}}""";

    const string RegistrationsCsvHeader = "household;nationality;countryOfResidence;area;phone;consentToContact;givenName;familyName;sex";

    /// <summary>An invitation by the consulate's admin, with <paramref name="userName"/> and <paramref name="roles"/> as JSON values.</summary>
    static string Invite(string userName = "\"bgd.new-officer\"", string roles = "[\"consulate\"]") => $$"""{"userName":{{userName}},"roles":{{roles}}}""";

    public static TheoryData<Attempt> Attempts()
    {
        var bad = HttpStatusCode.BadRequest;
        var missing = HttpStatusCode.NotFound;
        var forbidden = HttpStatusCode.Forbidden;
        var data = new TheoryData<Attempt>
        {
            // Signing in
            new("token: an empty object", Nobody, "POST", "/api/auth/token", "{}", bad),
            new("token: a number for the client id", Nobody, "POST", "/api/auth/token", """{"clientId":5,"clientSecret":"x"}""", bad),
            new("token: an array", Nobody, "POST", "/api/auth/token", "[]", bad),
            new("token: cut-off JSON", Nobody, "POST", "/api/auth/token", """{"clientId":""", bad),
            new("token: as plain text", Nobody, "POST", "/api/auth/token", "clientId=iom", HttpStatusCode.UnsupportedMediaType, "text/plain"),
            new("token: a ten-thousand-character client id", Nobody, "POST", "/api/auth/token", $$"""{"clientId":"{{new string('a', 10_000)}}","clientSecret":"x"}""", bad),
            new("token: no client id", Nobody, "POST", "/api/auth/token", """{"clientSecret":"dev-iom-secret"}""", bad, Watch: "identity"),
            new("token: no secret", Nobody, "POST", "/api/auth/token", """{"clientId":"iom-coordination"}""", bad, Watch: "identity"),
            new("token: empty strings", Nobody, "POST", "/api/auth/token", """{"clientId":"","clientSecret":""}""", bad, Watch: "identity"),
            new("token: a secret of null", Nobody, "POST", "/api/auth/token", """{"clientId":"iom-coordination","clientSecret":null}""", bad, Watch: "identity"),
            new("token: a 5,000-character client id", Nobody, "POST", "/api/auth/token", $$"""{"clientId":"{{new string('a', 5000)}}","clientSecret":"x"}""", bad, Watch: "identity"),
            new("token: a client id with a NUL", Nobody, "POST", "/api/auth/token", """{"clientId":"iom-coordination\u0000","clientSecret":"dev-iom-secret"}""", bad, Watch: "identity"),
            new("token: a secret with a NUL", Nobody, "POST", "/api/auth/token", """{"clientId":"iom-coordination","clientSecret":"dev-iom\u0000secret"}""", bad, Watch: "identity"),

            // One family
            new("request: people is text", Requester, "POST", "/api/requests", Family("\"x\""), bad, Watch: "requests"),
            new("request: nobody in it", Requester, "POST", "/api/requests", Family("[]"), bad, Watch: "requests"),
            new("request: twenty-one people", Requester, "POST", "/api/requests", Family($"[{string.Join(",", Enumerable.Repeat(Amina, 21))}]"), bad, Watch: "requests"),
            new("request: a negative age", Requester, "POST", "/api/requests", WithPerson("age", "-1"), bad, Watch: "requests"),
            new("request: an age of 200", Requester, "POST", "/api/requests", WithPerson("age", "200"), bad, Watch: "requests"),
            new("request: an age in words", Requester, "POST", "/api/requests", WithPerson("age", "\"thirty\""), bad, Watch: "requests"),
            new("request: an age with a fraction", Requester, "POST", "/api/requests", WithPerson("age", "30.5"), bad, Watch: "requests"),
            new("request: an age past the largest number", Requester, "POST", "/api/requests", WithPerson("age", "99999999999999999999"), bad, Watch: "requests"),
            new("request: born next year", Requester, "POST", "/api/requests", WithPerson("birthDate", $"\"{DateTime.UtcNow.Year + 1}-01-01\""), bad, Watch: "requests"),
            new("request: born on 30 February", Requester, "POST", "/api/requests", WithPerson("birthDate", "\"2011-02-30\""), bad, Watch: "requests"),
            new("request: an unknown sex code", Requester, "POST", "/api/requests", WithPerson("sex", "\"Q\""), bad, Watch: "requests"),
            new("request: an unknown nationality", Requester, "POST", "/api/requests", WithPerson("nationality", "\"ZZZ\""), bad, Watch: "requests"),
            new("request: a nationality as a number", Requester, "POST", "/api/requests", WithPerson("nationality", "50"), bad, Watch: "requests"),
            new("request: an empty given name", Requester, "POST", "/api/requests", WithPerson("givenName", "\"\""), bad, Watch: "requests"),
            new("request: a blank given name", Requester, "POST", "/api/requests", WithPerson("givenName", "\"   \""), bad, Watch: "requests"),
            new("request: a given name of ten thousand letters", Requester, "POST", "/api/requests", WithPerson("givenName", $"\"{new string('a', 10_000)}\""), bad, Watch: "requests"),
            new("request: a family name with a form feed", Requester, "POST", "/api/requests", WithPerson("familyName", "\"Had\\fdad\""), bad, Watch: "requests"),
            new("request: a given name with a unit separator", Requester, "POST", "/api/requests", WithPerson("givenName", "\"Ami\\u001Fna\""), bad, Watch: "requests"),
            new("request: an unknown need", Requester, "POST", "/api/requests", WithPerson("needs", "[\"flying\"]"), bad, Watch: "requests"),
            new("request: needs as text", Requester, "POST", "/api/requests", WithPerson("needs", "\"medical\""), bad, Watch: "requests"),
            new("request: a null need", Requester, "POST", "/api/requests", WithPerson("needs", "[null]"), bad, Watch: "requests"),
            new("request: an unknown document kind", Requester, "POST", "/api/requests", WithPerson("document", """{"kind":"spaceship","number":"1"}"""), bad, Watch: "requests"),
            new("request: a document number of a thousand characters", Requester, "POST", "/api/requests", WithPerson("document", $$"""{"kind":"passport","number":"{{new string('9', 1000)}}"}"""), bad, Watch: "requests"),
            new("request: a document as a list", Requester, "POST", "/api/requests", WithPerson("document", "[]"), bad, Watch: "requests"),
            new("request: an unknown crisis", Requester, "POST", "/api/requests", Family().Replace("libya-2011", "atlantis-2030"), bad, Watch: "requests"),
            new("request: an unknown pickup place", Requester, "POST", "/api/requests", Family().Replace("LY-TIP-PORT", "LY-NOWHERE"), bad, Watch: "requests"),
            new("request: a pickup place outside the crisis country", Requester, "POST", "/api/requests", Family().Replace("LY-TIP-PORT", "TN-RAS-AJDIR"), bad, Watch: "requests"),
            new("request: a destination that is no country", Requester, "POST", "/api/requests", Family().Replace("\"destinationCountry\":\"BGD\"", "\"destinationCountry\":\"XXX\""), bad, Watch: "requests"),
            new("request: the crisis country as destination", Requester, "POST", "/api/requests", Family().Replace("\"destinationCountry\":\"BGD\"", "\"destinationCountry\":\"LBY\""), bad, Watch: "requests"),
            new("request: an earliest departure that is no date", Requester, "POST", "/api/requests", Family(extra: ",\"earliestDeparture\":\"next tuesday\""), bad, Watch: "requests"),
            new("request: an earliest departure in ten years", Requester, "POST", "/api/requests", Family(extra: $",\"earliestDeparture\":\"{DateTimeOffset.UtcNow.AddYears(10):O}\""), bad, Watch: "requests"),
            new("request: consent as yes", Requester, "POST", "/api/requests", Family().Replace("\"consentToShareWithConsulate\":true", "\"consentToShareWithConsulate\":\"yes\""), bad, Watch: "requests"),
            new("request: consent left out", Requester, "POST", "/api/requests", Family().Replace(",\"consentToShareWithConsulate\":true", ""), bad, Watch: "requests"),
            new("request: notes of a hundred thousand characters", Requester, "POST", "/api/requests", Family(extra: $",\"notes\":\"{new string('n', 100_000)}\""), bad, Watch: "requests"),
            new("request: a phone number that is a script", Requester, "POST", "/api/requests", Family(extra: ",\"contact\":{\"phone\":\"<script>alert(1)</script>\"}"), bad, Watch: "requests"),
            new("request: a body that is null", Requester, "POST", "/api/requests", "null", bad, Watch: "requests"),
            new("request: a body that is a number", Requester, "POST", "/api/requests", "42", bad, Watch: "requests"),
            new("request: JSON nested two hundred deep", Requester, "POST", "/api/requests", new string('[', 200) + new string(']', 200), bad, Watch: "requests"),
            new("request: as XML", Requester, "POST", "/api/requests", "<request/>", HttpStatusCode.UnsupportedMediaType, "application/xml", Watch: "requests"),
            new("request: an idempotency key of a thousand characters", Requester, "POST", "/api/requests", Family(), bad, Watch: "requests", IdempotencyKey: new string('k', 1000)),
            new("request: by a carrier", Offerer, "POST", "/api/requests", Family(), forbidden, Watch: "requests"),
            new("request: by a consulate", Consulate, "POST", "/api/requests", Family(), forbidden, Watch: "requests"),

            // Crises declared by coordinators
            new("crisis: declared in an unknown country", Coordinator, "POST", "/api/crises", """{"name":"Atlantis 2031","country":"ATL","alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: declared with an area in another country", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","areas":["LY-TIP-PORT"],"alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: declared with an area that is no place", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","areas":["'; DROP TABLE crisis;--"],"alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: declared at alert level 7", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":7}""", bad, Watch: "crises"),
            new("crisis: declared at alert level 0", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":0}""", bad, Watch: "crises"),
            // The exercise clock: a live platform keeps real time, and no speed is too slow or too fast to refuse.
            new("exercise: pausing a live platform", Coordinator, "POST", "/api/exercise/clock", """{"paused":true}""", HttpStatusCode.Conflict),
            new("exercise: reading the clock of a live platform", Coordinator, "GET", "/api/exercise", null, HttpStatusCode.Conflict),
            new("exercise: a speed of 0", Coordinator, "POST", "/api/exercise/clock", """{"speed":0}""", bad),
            new("exercise: a speed of 100,000", Coordinator, "POST", "/api/exercise/clock", """{"speed":100000}""", bad),
            new("exercise: a speed as text", Coordinator, "POST", "/api/exercise/clock", """{"speed":"fast"}""", bad),
            new("exercise: nothing to change", Coordinator, "POST", "/api/exercise/clock", "{}", bad),
            new("exercise: a consulate at the controller's clock", Consulate, "POST", "/api/exercise/clock", """{"paused":true}""", forbidden),
            new("exercise: delivering an inject on a live platform", Coordinator, "POST", "/api/exercise/injects/ras-ajdir-closed/deliver", null, HttpStatusCode.Conflict),
            new("exercise: a transit authority delivering an inject", Transit, "POST", "/api/exercise/injects/ras-ajdir-closed/deliver", null, forbidden),
            // The evaluation and the improvement plan: nothing to rate on a live platform; actions refused whole, naming the field.
            new("evaluation: of a live platform", Coordinator, "GET", "/api/exercise/evaluation", null, HttpStatusCode.Conflict),
            new("evaluation: printed on a live platform", Coordinator, "GET", "/api/exercise/evaluation.pdf", null, HttpStatusCode.Conflict),
            new("evaluation: read by a consulate", Consulate, "GET", "/api/exercise/evaluation", null, forbidden),
            new("evaluation: printed by a carrier", Offerer, "GET", "/api/exercise/evaluation.pdf", null, forbidden),
            new("improvement: an unknown owner", Coordinator, "POST", "/api/improvements", Improvement(owner: "\"atlantis-ministry\""), bad, Watch: "improvements"),
            new("improvement: no owner", Coordinator, "POST", "/api/improvements", Improvement(owner: "null"), bad, Watch: "improvements"),
            new("improvement: an empty text", Coordinator, "POST", "/api/improvements", Improvement(text: "\"\""), bad, Watch: "improvements"),
            new("improvement: a text of blanks", Coordinator, "POST", "/api/improvements", Improvement(text: "\"   \""), bad, Watch: "improvements"),
            new("improvement: a text of 5,000 characters", Coordinator, "POST", "/api/improvements", Improvement(text: $"\"{new string('t', 5000)}\""), bad, Watch: "improvements"),
            new("improvement: a text with an escape", Coordinator, "POST", "/api/improvements", Improvement(text: "\"Train\\u001B[2J\""), bad, Watch: "improvements"),
            new("improvement: a text as a number", Coordinator, "POST", "/api/improvements", Improvement(text: "42"), bad, Watch: "improvements"),
            new("improvement: due by no date", Coordinator, "POST", "/api/improvements", Improvement(due: "\"next week\""), bad, Watch: "improvements"),
            new("improvement: due by a date past", Coordinator, "POST", "/api/improvements", Improvement(due: "\"2020-01-01\""), bad, Watch: "improvements"),
            new("improvement: due by a time without its offset", Coordinator, "POST", "/api/improvements", Improvement(due: "\"2099-01-01T10:00:00\""), bad, Watch: "improvements"),
            new("improvement: due by a number", Coordinator, "POST", "/api/improvements", Improvement(due: "20991231"), bad, Watch: "improvements"),
            new("improvement: an objective on a live platform", Coordinator, "POST", "/api/improvements", Improvement(extra: ",\"objectiveId\":\"medical-first\""), bad, Watch: "improvements"),
            new("improvement: from no crisis on a live platform", Coordinator, "POST", "/api/improvements", Improvement(crisis: "null"), bad, Watch: "improvements"),
            new("improvement: from an unknown crisis", Coordinator, "POST", "/api/improvements", Improvement(crisis: "\"atlantis-2031\""), bad, Watch: "improvements"),
            new("improvement: malformed JSON", Coordinator, "POST", "/api/improvements", """{"text":"Train""", bad, Watch: "improvements"),
            new("improvement: an array", Coordinator, "POST", "/api/improvements", "[]", bad, Watch: "improvements"),
            new("improvement: as XML", Coordinator, "POST", "/api/improvements", "<improvement/>", HttpStatusCode.UnsupportedMediaType, "application/xml", Watch: "improvements"),
            new("improvement: a body of two megabytes", Coordinator, "POST", "/api/improvements", Improvement(extra: $",\"notes\":\"{new string('n', 2_000_000)}\""), HttpStatusCode.RequestEntityTooLarge, Watch: "improvements"),
            new("improvement: raised by a consulate", Consulate, "POST", "/api/improvements", Improvement(), forbidden, Watch: "improvements"),
            new("improvement: raised by nobody", Nobody, "POST", "/api/improvements", Improvement(), HttpStatusCode.Unauthorized, Watch: "improvements"),
            new("improvement: an unknown one moved on", Coordinator, "PATCH", $"/api/improvements/{Unknown}", """{"status":"in-progress"}""", missing, Watch: "improvements"),
            new("improvement: an id that is no id", Coordinator, "PATCH", "/api/improvements/'; DROP TABLE improvement_action;--", """{"status":"open"}""", missing, Watch: "improvements"),
            new("improvement: an unknown status", Coordinator, "PATCH", $"/api/improvements/{Unknown}", """{"status":"finished"}""", bad, Watch: "improvements"),
            new("improvement: no status", Coordinator, "PATCH", $"/api/improvements/{Unknown}", """{"evidence":"Done."}""", bad, Watch: "improvements"),
            new("improvement: done without evidence", Coordinator, "PATCH", $"/api/improvements/{Unknown}", """{"status":"done"}""", bad, Watch: "improvements"),
            new("improvement: done with blank evidence", Coordinator, "PATCH", $"/api/improvements/{Unknown}", """{"status":"done","evidence":"  "}""", bad, Watch: "improvements"),
            new("improvement: evidence of 5,000 characters", Coordinator, "PATCH", $"/api/improvements/{Unknown}", $$"""{"status":"done","evidence":"{{new string('e', 5000)}}"}""", bad, Watch: "improvements"),
            new("improvement: moved on by a carrier", Offerer, "PATCH", $"/api/improvements/{Unknown}", """{"status":"done","evidence":"Done."}""", forbidden, Watch: "improvements"),
            new("improvement: listed by an unknown status", Coordinator, "GET", "/api/improvements?status=finished", null, bad),
            new("improvement: listed on page 0", Coordinator, "GET", "/api/improvements?page=0", null, bad),
            new("improvement: listed by a consulate", Consulate, "GET", "/api/improvements", null, forbidden),
            new("crisis: an alert level in words", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":"mandatory"}""", bad, Watch: "crises"),
            new("crisis: declared without a name", Coordinator, "POST", "/api/crises", """{"name":"","country":"SDN","alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: a name of 2,000 characters", Coordinator, "POST", "/api/crises", $$"""{"name":"{{new string('S', 2000)}}","country":"SDN","alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: a name with an escape", Coordinator, "POST", "/api/crises", """{"name":"Sudan\u001B[2J","country":"SDN","alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: areas as text", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","areas":"SD-KRT-AIRPORT","alertLevel":1}""", bad, Watch: "crises"),
            new("crisis: an idempotency key of a thousand characters", Coordinator, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":1}""", bad, Watch: "crises", IdempotencyKey: new string('k', 1000)),
            new("crisis: declared by a requester", Requester, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":1}""", forbidden, Watch: "crises"),
            new("crisis: declared by a consulate", Consulate, "POST", "/api/crises", """{"name":"Sudan","country":"SDN","alertLevel":4}""", forbidden, Watch: "crises"),
            new("crisis: an unknown one", Coordinator, "GET", $"/api/crises/{Unknown}", null, missing),
            new("crisis: raising an unknown one", Coordinator, "PATCH", $"/api/crises/{Unknown}", """{"alertLevel":3}""", missing, Watch: "crises"),
            new("crisis: raising one whose id is no id", Coordinator, "PATCH", "/api/crises/atlantis-2031", """{"alertLevel":3}""", missing, Watch: "crises"),
            new("crisis: declaring a seeded one at level 7", Coordinator, "PATCH", "/api/crises/libya-2011", """{"alertLevel":7}""", bad, Watch: "crises"),
            new("crisis: a seeded one declared by a carrier", Offerer, "PATCH", "/api/crises/libya-2011", """{"alertLevel":3}""", forbidden, Watch: "crises"),
            new("crisis: raising to level 7", Coordinator, "PATCH", $"/api/crises/{Unknown}", """{"alertLevel":7}""", bad, Watch: "crises"),
            new("crisis: raising with no level", Coordinator, "PATCH", $"/api/crises/{Unknown}", "{}", bad, Watch: "crises"),
            new("crisis: raised by a carrier", Offerer, "PATCH", $"/api/crises/{Unknown}", """{"alertLevel":3}""", forbidden, Watch: "crises"),

            // A file of families
            new("import: an empty file", Requester, "POST", "/api/requests/import", "", bad, "text/csv", Watch: "requests"),
            new("import: a header and nothing else", Requester, "POST", "/api/requests/import", Csv(CsvHeader), bad, "text/csv", Watch: "requests"),
            new("import: an unknown column", Requester, "POST", "/api/requests/import", Csv(CsvHeader + ";shoeSize", "1;libya-2011;LY-TIP-PORT;BGD;false;true;Amina;Haddad;F;30;BGD;passport;P1;;42"), bad, "text/csv", Watch: "requests"),
            new("import: a missing column", Requester, "POST", "/api/requests/import", Csv("group;crisisId", "1;libya-2011"), bad, "text/csv", Watch: "requests"),
            new("import: an image sent as CSV", Requester, "POST", "/api/requests/import", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", bad, "text/csv", Watch: "requests"),
            new("import: as plain text", Requester, "POST", "/api/requests/import", Csv(CsvHeader), HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "requests"),
            new("import: declared as Latin-1", Requester, "POST", "/api/requests/import", Csv(CsvHeader), HttpStatusCode.UnsupportedMediaType, "text/csv; charset=iso-8859-1", Watch: "requests"),
            new("import: by a transit authority", Transit, "POST", "/api/requests/import", Csv(CsvHeader), forbidden, "text/csv", Watch: "requests"),

            // Registrations of nationals abroad
            new("registration: nobody in the household", Consulate, "POST", "/api/registrations", Household("[]"), bad, Watch: "registrations"),
            new("registration: a household of fifty", Consulate, "POST", "/api/registrations", Household($"[{string.Join(",", Enumerable.Repeat(Rahim, 50))}]"), bad, Watch: "registrations"),
            new("registration: a phone that is no number", Consulate, "POST", "/api/registrations", Household(phone: "\"call me\""), bad, Watch: "registrations"),
            new("registration: no phone", Consulate, "POST", "/api/registrations", Household(phone: "null"), bad, Watch: "registrations"),
            new("registration: an unknown country of residence", Consulate, "POST", "/api/registrations", Household(country: "\"ZZZ\"", area: "null"), bad, Watch: "registrations"),
            new("registration: an area that is no place", Consulate, "POST", "/api/registrations", Household(area: "\"LY-NOWHERE\""), bad, Watch: "registrations"),
            new("registration: an area in another country", Consulate, "POST", "/api/registrations", Household(area: "\"TN-RAS-AJDIR\""), bad, Watch: "registrations"),
            new("registration: a language messages are not written in", Consulate, "POST", "/api/registrations", Household(language: "\"tlh\""), bad, Watch: "registrations"),
            new("registration: consent refused", Consulate, "POST", "/api/registrations", Household(consent: ",\"consentToContact\":false"), bad, Watch: "registrations"),
            new("registration: consent left out", Consulate, "POST", "/api/registrations", Household(consent: ""), bad, Watch: "registrations"),
            new("registration: a body of two megabytes", Consulate, "POST", "/api/registrations", Household(extra: $",\"notes\":\"{new string('n', 2_000_000)}\""), HttpStatusCode.RequestEntityTooLarge, Watch: "registrations"),
            new("registration: as XML", Consulate, "POST", "/api/registrations", "<registration/>", HttpStatusCode.UnsupportedMediaType, "application/xml", Watch: "registrations"),
            new("registration: a body that is null", Consulate, "POST", "/api/registrations", "null", bad, Watch: "registrations"),
            new("registration: of another State's nationals", Consulate, "POST", "/api/registrations", Household(nationality: "\"EGY\""), forbidden, Watch: "registrations"),
            new("registration: by a coordinator", Coordinator, "POST", "/api/registrations", Household(), forbidden, Watch: "registrations"),
            new("registration: by a transit authority", Transit, "POST", "/api/registrations", Household(), forbidden, Watch: "registrations"),
            new("self-registration: nobody in the household", Nobody, "POST", "/api/registrations/self", Household("[]"), bad, Watch: "self-registrations"),
            new("self-registration: a household of fifty", Nobody, "POST", "/api/registrations/self", Household($"[{string.Join(",", Enumerable.Repeat(Rahim, 50))}]"), bad, Watch: "self-registrations"),
            new("self-registration: a phone that is no number", Nobody, "POST", "/api/registrations/self", Household(phone: "\"call me\""), bad, Watch: "self-registrations"),
            new("self-registration: an unknown nationality", Nobody, "POST", "/api/registrations/self", Household(nationality: "\"ZZZ\""), bad, Watch: "self-registrations"),
            new("self-registration: an unknown country of residence", Nobody, "POST", "/api/registrations/self", Household(country: "\"ZZZ\"", area: "null"), bad, Watch: "self-registrations"),
            new("self-registration: an area that is SQL", Nobody, "POST", "/api/registrations/self", Household(area: "\"'; DROP TABLE registration;--\""), bad, Watch: "self-registrations"),
            new("self-registration: consent refused", Nobody, "POST", "/api/registrations/self", Household(consent: ",\"consentToContact\":false"), bad, Watch: "self-registrations"),
            new("self-registration: a body of two megabytes", Nobody, "POST", "/api/registrations/self", Household(extra: $",\"notes\":\"{new string('n', 2_000_000)}\""), HttpStatusCode.RequestEntityTooLarge, Watch: "self-registrations"),
            new("self-registration: as XML", Nobody, "POST", "/api/registrations/self", "<registration/>", HttpStatusCode.UnsupportedMediaType, "application/xml", Watch: "self-registrations"),
            new("self-registration: as a form", Nobody, "POST", "/api/registrations/self", "nationality=BGD", HttpStatusCode.UnsupportedMediaType, "application/x-www-form-urlencoded", Watch: "self-registrations"),
            new("self-registration: a body that is null", Nobody, "POST", "/api/registrations/self", "null", bad, Watch: "self-registrations"),
            new("self-registration: an array", Nobody, "POST", "/api/registrations/self", "[]", bad, Watch: "self-registrations"),
            new("self-registration: a code for an unknown one", Nobody, "POST", $"/api/registrations/self/{Unknown}/confirm", """{"code":"123456"}""", missing, Watch: "self-registrations"),
            new("self-registration: a code of letters", Nobody, "POST", $"/api/registrations/self/{Unknown}/confirm", """{"code":"abcdef"}""", bad, Watch: "self-registrations"),
            new("self-registration: a code as a number", Nobody, "POST", $"/api/registrations/self/{Unknown}/confirm", """{"code":123456}""", bad, Watch: "self-registrations"),
            new("self-registration: no code", Nobody, "POST", $"/api/registrations/self/{Unknown}/confirm", "{}", bad, Watch: "self-registrations"),
            new("registrations import: an empty file", Consulate, "POST", "/api/registrations/import", "", bad, "text/csv", Watch: "registrations"),
            new("registrations import: a bad phone on a row", Consulate, "POST", "/api/registrations/import", Csv(RegistrationsCsvHeader, "1;BGD;LBY;;+218 91 234 5678;yes;Rahim;Uddin;M", "2;BGD;LBY;;12345;yes;Karim;Uddin;M"), bad, "text/csv", Watch: "registrations"),
            new("registrations import: a household without consent", Consulate, "POST", "/api/registrations/import", Csv(RegistrationsCsvHeader, "1;BGD;LBY;;+218 91 234 5678;no;Rahim;Uddin;M"), bad, "text/csv", Watch: "registrations"),
            new("registrations import: another State's nationals", Consulate, "POST", "/api/registrations/import", Csv(RegistrationsCsvHeader, "1;EGY;LBY;;+218 91 234 5678;yes;Omar;Said;M"), forbidden, "text/csv", Watch: "registrations"),
            new("registrations import: as plain text", Consulate, "POST", "/api/registrations/import", Csv(RegistrationsCsvHeader), HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "registrations"),
            new("registrations import: as JSON", Consulate, "POST", "/api/registrations/import", Household(), HttpStatusCode.UnsupportedMediaType, Watch: "registrations"),
            new("registrations import: by a coordinator", Coordinator, "POST", "/api/registrations/import", Csv(RegistrationsCsvHeader), forbidden, "text/csv", Watch: "registrations"),
            new("registrations: by a coordinator", Coordinator, "GET", "/api/registrations", null, forbidden),
            new("registrations: page zero", Consulate, "GET", "/api/registrations?page=0", null, bad),
            new("registrations: an unknown country", Consulate, "GET", "/api/registrations?countryOfResidence=Libya", null, bad),
            new("registrations: an area that is SQL", Consulate, "GET", "/api/registrations?area=%27%3B%20DROP%20TABLE%20registration%3B--", null, bad),
            new("registrations: another State's nationals", Consulate, "GET", "/api/registrations?nationality=EGY", null, forbidden),
            new("registrations: an unknown one", Consulate, "GET", $"/api/registrations/{Unknown}", null, missing),
            new("registrations: an id that is no id", Consulate, "GET", "/api/registrations/12345", null, missing),
            new("registrations: one read by a coordinator", Coordinator, "GET", $"/api/registrations/{Unknown}", null, forbidden),
            new("registrations: erasing an unknown one", Consulate, "DELETE", $"/api/registrations/{Unknown}", null, missing, Watch: "registrations"),
            new("registrations: erased by a coordinator", Coordinator, "DELETE", $"/api/registrations/{Unknown}", null, forbidden, Watch: "registrations"),
            new("registration counts: an unknown country", Coordinator, "GET", "/api/registrations/counts?countryOfResidence=ZZZ", null, bad),
            new("registration counts: by a carrier", Offerer, "GET", "/api/registrations/counts", null, forbidden),

            // Check-ins of a crisis's registered nationals
            new("check-ins: an answer that is no answer", Consulate, "GET", "/api/crises/libya-2011/check-ins?answer=4", null, bad),
            new("check-ins: an answer in capitals", Consulate, "GET", "/api/crises/libya-2011/check-ins?answer=SAFE", null, bad),
            new("check-ins: a status that is SQL", Consulate, "GET", "/api/crises/libya-2011/check-ins?status=%27%3B%20DROP%20TABLE%20check_in%3B--", null, bad),
            new("check-ins: page zero", Consulate, "GET", "/api/crises/libya-2011/check-ins?page=0", null, bad),
            new("check-ins: a hundred thousand per page", Consulate, "GET", "/api/crises/libya-2011/check-ins?pageSize=100000", null, bad),
            new("check-ins: a page in words", Consulate, "GET", "/api/crises/libya-2011/check-ins?page=first", null, bad),
            new("check-ins: an unknown crisis", Consulate, "GET", $"/api/crises/{Unknown}/check-ins", null, missing),
            new("check-ins: a crisis id that is SQL", Coordinator, "GET", "/api/crises/%27%3B%20DROP%20TABLE%20check_in%3B--/check-ins", null, missing),
            new("check-ins: a crisis id of two thousand characters", Consulate, "GET", $"/api/crises/{new string('x', 2000)}/check-ins", null, missing),
            new("check-ins: by a transit authority", Transit, "GET", "/api/crises/libya-2011/check-ins", null, forbidden),
            new("check-ins: by a carrier", Offerer, "GET", "/api/crises/libya-2011/check-ins", null, forbidden),
            new("check-ins: by a requester", Requester, "GET", "/api/crises/libya-2011/check-ins", null, forbidden),
            new("check-ins: by nobody", Nobody, "GET", "/api/crises/libya-2011/check-ins", null, HttpStatusCode.Unauthorized),
            new("check-in counts: by a transit authority", Transit, "GET", "/api/crises/libya-2011/check-ins/counts", null, forbidden),
            new("check-in counts: an unknown crisis", Coordinator, "GET", $"/api/crises/{Unknown}/check-ins/counts", null, missing),

            // Reading and cancelling requests
            new("requests: page zero", Coordinator, "GET", "/api/requests?page=0", null, bad),
            new("requests: a negative page", Coordinator, "GET", "/api/requests?page=-1", null, bad),
            new("requests: a page in words", Coordinator, "GET", "/api/requests?page=first", null, bad),
            new("requests: a hundred thousand per page", Coordinator, "GET", "/api/requests?pageSize=100000", null, bad),
            new("requests: a status that is SQL", Coordinator, "GET", "/api/requests?status=%27%3B%20DROP%20TABLE%20person%3B--", null, bad),
            new("requests: an id that is no id", Coordinator, "GET", "/api/requests/12345", null, missing),
            new("requests: an unknown id", Coordinator, "GET", $"/api/requests/{Unknown}", null, missing),
            new("requests: by a carrier", Offerer, "GET", "/api/requests", null, forbidden),
            new("cancel: an unknown request", Coordinator, "POST", $"/api/requests/{Unknown}/cancel", """{"reason":"found another way"}""", missing),
            new("cancel: without a reason", Coordinator, "POST", $"/api/requests/{Unknown}/cancel", "{}", bad),
            new("cancel: a reason of 501 characters", Coordinator, "POST", $"/api/requests/{Unknown}/cancel", $$"""{"reason":"{{new string('r', 501)}}"}""", bad),
            new("cancel: a reason with a bell", Coordinator, "POST", $"/api/requests/{Unknown}/cancel", """{"reason":"gone\u0007"}""", bad),
            new("cancel: a reason as a number", Coordinator, "POST", $"/api/requests/{Unknown}/cancel", """{"reason":7}""", bad),

            // Possible duplicates
            new("duplicates: a status that is no status", Coordinator, "GET", "/api/requests/duplicates?status=closed", null, bad),
            new("duplicates: an unknown crisis", Coordinator, "GET", "/api/requests/duplicates?crisisId=atlantis-2031", null, bad),
            new("duplicates: a thousand per page", Coordinator, "GET", "/api/requests/duplicates?pageSize=1000", null, bad),
            new("duplicates: by a requester", Requester, "GET", "/api/requests/duplicates", null, forbidden),
            new("duplicates: an unknown one", Coordinator, "GET", $"/api/requests/duplicates/{Unknown}", null, missing),
            new("merge: an empty object", Coordinator, "POST", $"/api/requests/duplicates/{Unknown}/merge", "{}", bad, Watch: "duplicates"),
            new("merge: a request id that is no id", Coordinator, "POST", $"/api/requests/duplicates/{Unknown}/merge",
                """{"keepRequestId":"first","reason":"twice"}""", bad, Watch: "duplicates"),
            new("merge: an unknown one", Coordinator, "POST", $"/api/requests/duplicates/{Unknown}/merge",
                $$"""{"keepRequestId":"{{Unknown}}","reason":"twice"}""", missing, Watch: "duplicates"),
            new("merge: by a consulate", Consulate, "POST", $"/api/requests/duplicates/{Unknown}/merge",
                $$"""{"keepRequestId":"{{Unknown}}","reason":"twice"}""", forbidden, Watch: "duplicates"),
            new("dismiss: a reason with a bell", Coordinator, "POST", $"/api/requests/duplicates/{Unknown}/dismiss", """{"reason":"alike\u0007"}""", bad,
                Watch: "duplicates"),
            new("dismiss: by a requester", Requester, "POST", $"/api/requests/duplicates/{Unknown}/dismiss", """{"reason":"alike"}""", forbidden,
                Watch: "duplicates"),

            // Offers
            new("offer: no seats", Offerer, "POST", "/api/offers", Charter(seats: "0"), bad, Watch: "offers"),
            new("offer: minus five seats", Offerer, "POST", "/api/offers", Charter(seats: "-5"), bad, Watch: "offers"),
            new("offer: seats in words", Offerer, "POST", "/api/offers", Charter(seats: "\"ninety\""), bad, Watch: "offers"),
            new("offer: more seats than any vehicle", Offerer, "POST", "/api/offers", Charter(seats: "2147483648"), bad, Watch: "offers"),
            new("offer: by rocket", Offerer, "POST", "/api/offers", Charter(mode: "\"rocket\""), bad, Watch: "offers"),
            new("offer: from nowhere", Offerer, "POST", "/api/offers", Charter(from: "\"LY-NOWHERE\""), bad, Watch: "offers"),
            new("offer: departed yesterday", Offerer, "POST", "/api/offers", Charter(departs: $"\"{DateTimeOffset.UtcNow.AddDays(-1):O}\""), bad, Watch: "offers"),
            new("offer: departs tomorrow, in words", Offerer, "POST", "/api/offers", Charter(departs: "\"tomorrow\""), bad, Watch: "offers"),
            new("offer: an unknown crisis", Offerer, "POST", "/api/offers", Charter().Replace("libya-2011", "atlantis-2030"), bad, Watch: "offers"),
            new("offer: a destination that is no country", Offerer, "POST", "/api/offers", Charter().Replace("\"EGY\"", "\"XXX\""), bad, Watch: "offers"),
            new("offer: without eligibility rules", Offerer, "POST", "/api/offers", Charter().Replace(",\"eligibility\":{\"familyMembersOfAnyNationality\":true,\"acceptsMedical\":true,\"acceptsUnaccompaniedChildren\":true}", ""), bad, Watch: "offers"),
            new("offer: a provider with an escape sequence", Offerer, "POST", "/api/offers", Charter().Replace("EgyptAir", "Egypt\\u001B[2JAir"), bad, Watch: "offers"),
            new("offer: by a requester", Requester, "POST", "/api/offers", Charter(), forbidden, Watch: "offers"),
            new("offer: an idempotency key of a thousand characters", Offerer, "POST", "/api/offers", Charter(), bad, Watch: "offers", IdempotencyKey: new string('k', 1000)),
            new("offer: a negative cost", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":-100,\"currency\":\"USD\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost of nothing", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":0,\"currency\":\"USD\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost of 12.345 USD", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":12.345,\"currency\":\"USD\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost of 1e20", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":1e20,\"currency\":\"USD\",\"per\":\"movement\"}"), bad, Watch: "offers"),
            new("offer: a cost beyond a decimal", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":1e40,\"currency\":\"USD\",\"per\":\"movement\"}"), bad, Watch: "offers"),
            new("offer: a cost as text", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":\"100\",\"currency\":\"USD\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost in no currency", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":100,\"currency\":\"XXX\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost in lower case", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":100,\"currency\":\"usd\",\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost per passenger", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":100,\"currency\":\"USD\",\"per\":\"passenger\"}"), bad, Watch: "offers"),
            new("offer: a cost without its currency", Offerer, "POST", "/api/offers", Charter(",\"cost\":{\"amount\":100,\"per\":\"seat\"}"), bad, Watch: "offers"),
            new("offer: a cost that is a number", Offerer, "POST", "/api/offers", Charter(",\"cost\":100"), bad, Watch: "offers"),
            new("offers: page zero", Offerer, "GET", "/api/offers?page=0", null, bad),
            new("offers: an unknown one", Offerer, "GET", $"/api/offers/{Unknown}", null, missing),
            new("change: an unknown offer", Offerer, "PATCH", $"/api/offers/{Unknown}", """{"seats":10}""", missing, Watch: "offers"),
            new("change: minus one seat", Offerer, "PATCH", $"/api/offers/{Unknown}", """{"seats":-1}""", bad, Watch: "offers"),
            new("change: a departure that is no date", Offerer, "PATCH", $"/api/offers/{Unknown}", """{"departsAt":"soon"}""", bad, Watch: "offers"),
            new("withdraw: an unknown offer", Offerer, "POST", $"/api/offers/{Unknown}/withdraw", """{"reason":"aircraft grounded"}""", missing, Watch: "offers"),
            new("withdraw: without a reason", Offerer, "POST", $"/api/offers/{Unknown}/withdraw", "{}", bad, Watch: "offers"),

            // Matching
            new("matching: an unknown group", Coordinator, "GET", $"/api/matching/{Unknown}", null, missing),
            new("matching: by a requester", Requester, "GET", $"/api/matching/{Unknown}", null, forbidden),
            new("unmatched: no rows per page", Coordinator, "GET", "/api/matching/unmatched?pageSize=0", null, bad),
            new("assign: an unknown group", Coordinator, "POST", $"/api/matching/{Unknown}/assign", $$"""{"offerId":"{{Unknown}}","reason":"medical evacuation"}""", missing),
            new("assign: without an offer", Coordinator, "POST", $"/api/matching/{Unknown}/assign", """{"reason":"medical evacuation"}""", bad),
            new("assign: an offer id that is no id", Coordinator, "POST", $"/api/matching/{Unknown}/assign", """{"offerId":"abc","reason":"x"}""", bad),
            new("release: an unknown group", Coordinator, "POST", $"/api/matching/{Unknown}/release", """{"reason":"family asked"}""", missing),
            new("release: without a reason", Coordinator, "POST", $"/api/matching/{Unknown}/release", "{}", bad),

            // Manifests
            new("manifest: an unknown one", Coordinator, "GET", $"/api/manifests/{Unknown}", null, missing),
            new("manifests: page zero", Coordinator, "GET", "/api/manifests?page=0", null, bad),
            new("passengers: of an unknown manifest", Coordinator, "GET", $"/api/manifests/{Unknown}/passengers.csv", null, missing),
            new("passengers workbook: of an unknown manifest", Coordinator, "GET", $"/api/manifests/{Unknown}/passengers.xlsx", null, missing),
            new("passengers printout: of an unknown manifest", Consulate, "GET", $"/api/manifests/{Unknown}/passengers.pdf", null, missing),
            new("passengers printout: of a manifest id that is no id", Coordinator, "GET", "/api/manifests/abc/passengers.pdf", null, missing),
            new("passengers printout: by a requester", Requester, "GET", $"/api/manifests/{Unknown}/passengers.pdf", null, forbidden),
            new("travel document: on an unknown manifest", Consulate, "POST", $"/api/manifests/{Unknown}/travel-documents", $$"""{"personId":"{{Unknown}}","kind":"laissez-passer","number":"LP-1"}""", missing),
            new("travel document: a passport", Consulate, "POST", $"/api/manifests/{Unknown}/travel-documents", $$"""{"personId":"{{Unknown}}","kind":"passport","number":"LP-1"}""", bad),
            new("travel document: a number of 41 characters", Consulate, "POST", $"/api/manifests/{Unknown}/travel-documents", $$"""{"personId":"{{Unknown}}","kind":"laissez-passer","number":"{{new string('1', 41)}}"}""", bad),
            new("travel document: issued by a requester", Requester, "POST", $"/api/manifests/{Unknown}/travel-documents", $$"""{"personId":"{{Unknown}}","kind":"laissez-passer","number":"LP-1"}""", forbidden),
            new("close: an unknown manifest", Coordinator, "POST", $"/api/manifests/{Unknown}/close", null, missing),
            new("boarding: flying", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding", $$"""{"personId":"{{Unknown}}","status":"flying"}""", bad),
            new("boarding: nobody", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding", """{"status":"boarded"}""", bad),
            new("boarding: a list that is not one", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding", """{"passengers":"everyone"}""", bad),
            new("boarding: an empty list", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding", """{"passengers":[]}""", bad),
            new("boarding: one passenger and a list", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding",
                $$"""{"personId":"{{Unknown}}","status":"boarded","passengers":[{"personId":"{{Unknown}}","status":"boarded"}]}""", bad),
            new("boarding: a list naming one person twice", Coordinator, "POST", $"/api/manifests/{Unknown}/boarding",
                $$"""{"passengers":[{"personId":"{{Unknown}}","status":"boarded"},{"personId":"{{Unknown}}","status":"no-show"}]}""", bad),
            new("depart: next week", Coordinator, "POST", $"/api/manifests/{Unknown}/depart", $$"""{"departedAt":"{{DateTimeOffset.UtcNow.AddDays(7):O}}"}""", bad),
            new("depart: at no time", Coordinator, "POST", $"/api/manifests/{Unknown}/depart", "{}", bad),

            // Transit
            new("arrival: at another State's site", Transit, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn}").Replace("TN-RAS-AJDIR", "EG-SALLOUM"), forbidden, Watch: "arrivals"),
            new("arrival: at no such site", Transit, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn}").Replace("TN-RAS-AJDIR", "TN-NOWHERE"), bad, Watch: "arrivals"),
            new("arrival: tomorrow", Transit, "POST", "/api/transit/arrivals", $$"""{"siteCode":"TN-RAS-AJDIR","arrivedAt":"{{DateTimeOffset.UtcNow.AddDays(1):O}}","walkIn":{{WalkIn}}}""", bad, Watch: "arrivals"),
            new("arrival: six minutes ahead of the clock", Transit, "POST", "/api/transit/arrivals", $$"""{"siteCode":"TN-RAS-AJDIR","arrivedAt":"{{InSixMinutes}}","walkIn":{{WalkIn}}}""", bad, Watch: "arrivals"),
            new("arrival: an hour before the person's movement departed", Transit, "POST", "/api/transit/arrivals", $$"""{"siteCode":"TN-RAS-AJDIR","arrivedAt":"{{BeforeDeparture}}","personId":"{{DepartedPerson}}"}""", bad, Watch: "arrivals"),
            new("arrival: nobody", Transit, "POST", "/api/transit/arrivals", Arrival(""), bad, Watch: "arrivals"),
            new("arrival: a known person and a walk-in at once", Transit, "POST", "/api/transit/arrivals", Arrival($",\"personId\":\"{Unknown}\",\"walkIn\":{WalkIn}"), bad, Watch: "arrivals"),
            new("arrival: a walk-in of no nationality", Transit, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn.Replace("MLI", "ZZZ")}"), bad, Watch: "arrivals"),
            new("arrival: a referral to nobody", Transit, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn},\"referrals\":[{{\"to\":\"witch-doctor\",\"consent\":true}}]"), bad, Watch: "arrivals"),
            new("arrival: onward to the country it is in", Transit, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn},\"onward\":{{\"destinationCountry\":\"TUN\",\"pickupPlace\":\"TN-DJERBA-AIRPORT\"}}"), bad, Watch: "arrivals"),
            new("arrival: logged by a consulate", Consulate, "POST", "/api/transit/arrivals", Arrival($",\"walkIn\":{WalkIn}"), forbidden, Watch: "arrivals"),
            // A State closes its own sites, until a time it can say, for a reason.
            new("closure: of another State's site", Transit, "POST", "/api/transit/sites/EG-SALLOUM/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(6):O}}","reason":"Closed."}""", forbidden, Watch: "closures"),
            new("closure: of no such site", Transit, "POST", "/api/transit/sites/TN-NOWHERE/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(6):O}}","reason":"Closed."}""", missing, Watch: "closures"),
            new("closure: until an hour ago", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(-1):O}}","reason":"Closed."}""", bad, Watch: "closures"),
            new("closure: for a year", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddDays(365):O}}","reason":"Closed."}""", bad, Watch: "closures"),
            new("closure: until tomorrow, in words", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", """{"until":"tomorrow","reason":"Closed."}""", bad, Watch: "closures"),
            new("closure: without a reason", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(6):O}}"}""", bad, Watch: "closures"),
            new("closure: a reason of 2,000 characters", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(6):O}}","reason":"{{new string('r', 2000)}}"}""", bad, Watch: "closures"),
            new("closure: a body that is a list", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", "[]", bad, Watch: "closures"),
            new("closure: by a consulate", Consulate, "POST", "/api/transit/sites/TN-RAS-AJDIR/closures", $$"""{"until":"{{DateTimeOffset.UtcNow.AddHours(6):O}}","reason":"Closed."}""", forbidden, Watch: "closures"),
            new("closure: reopening an open site", Transit, "POST", "/api/transit/sites/TN-RAS-AJDIR/reopen", "{}", HttpStatusCode.Conflict, Watch: "closures"),
            new("closure: reopening another State's site", Transit, "POST", "/api/transit/sites/EG-SALLOUM/reopen", "{}", forbidden, Watch: "closures"),
            new("site: of another State", Transit, "GET", "/api/transit/sites/EG-SALLOUM", null, forbidden),
            new("site: no such site", Transit, "GET", "/api/transit/sites/XX-NOWHERE", null, missing),
            new("expected: at no such site", Transit, "GET", "/api/transit/sites/XX-NOWHERE/expected", null, missing),
            new("expected: at another State's site", Transit, "GET", "/api/transit/sites/EG-SALLOUM/expected", null, forbidden),
            new("arrivals: page zero", Transit, "GET", "/api/transit/sites/TN-RAS-AJDIR/arrivals?page=0", null, bad),
            new("reconciliation: of an unknown movement", Coordinator, "GET", $"/api/transit/reconciliation/{Unknown}", null, missing),

            // Messages with migrants: the SMS gateway's calls, the feedback register, broadcasts
            new("inbound SMS: without the secret", Nobody, "POST", "/api/messages/inbound?from=%2B249912345678&id=h1", "YES", HttpStatusCode.Unauthorized, "text/plain", Watch: "messages"),
            new("inbound SMS: from no number", Nobody, "POST", "/api/messages/inbound?id=h2", "YES", HttpStatusCode.Unauthorized, "text/plain", Watch: "messages"),
            new("delivery report: without the secret", Nobody, "GET", $"/api/messages/delivery?id={Unknown}&status=1", null, HttpStatusCode.Unauthorized, Watch: "messages"),
            new("messages: by a consulate", Consulate, "GET", "/api/messages", null, forbidden),
            new("messages: in no direction", Coordinator, "GET", "/api/messages?direction=sideways", null, bad),
            new("messages: page zero", Coordinator, "GET", "/api/messages?page=0", null, bad),
            new("feedback: read by a requester", Requester, "GET", "/api/feedback", null, forbidden),
            new("feedback: of an unknown category", Coordinator, "GET", "/api/feedback?category=gossip", null, bad),
            new("feedback: recorded empty", Coordinator, "POST", "/api/feedback", """{"crisisId":"libya-2011","channel":"desk","text":""}""", bad, Watch: "messages"),
            new("feedback: recorded by SMS channel from a desk", Coordinator, "POST", "/api/feedback", """{"crisisId":"libya-2011","channel":"sms","text":"water"}""", bad, Watch: "messages"),
            new("feedback: 5,000 characters", Coordinator, "POST", "/api/feedback", $$"""{"crisisId":"libya-2011","channel":"desk","text":"{{new string('w', 5000)}}"}""", bad, Watch: "messages"),
            new("feedback: of an unknown crisis", Coordinator, "POST", "/api/feedback", """{"crisisId":"atlantis-2030","channel":"desk","text":"water"}""", bad, Watch: "messages"),
            new("feedback: recorded by a carrier", Offerer, "POST", "/api/feedback", """{"crisisId":"libya-2011","channel":"desk","text":"water"}""", forbidden, Watch: "messages"),
            new("feedback: answering an unknown item", Coordinator, "POST", $"/api/feedback/{Unknown}/answer", """{"text":"tomorrow"}""", missing, Watch: "messages"),
            new("feedback: answering with nothing", Coordinator, "POST", $"/api/feedback/{Unknown}/answer", """{"text":""}""", bad, Watch: "messages"),
            new("broadcast: no text", Coordinator, "POST", "/api/messages/broadcasts", """{"crisisId":"libya-2011"}""", bad, Watch: "messages"),
            new("broadcast: no English", Coordinator, "POST", "/api/messages/broadcasts", """{"crisisId":"libya-2011","text":{"fr":"Le port a changé"}}""", bad, Watch: "messages"),
            new("broadcast: to no such place", Coordinator, "POST", "/api/messages/broadcasts", """{"crisisId":"libya-2011","pickupPlace":"LY-NOWHERE","text":{"en":"moved"}}""", bad, Watch: "messages"),
            new("broadcast: to a nationality of no State", Coordinator, "POST", "/api/messages/broadcasts", """{"crisisId":"libya-2011","nationality":"ZZZ","text":{"en":"moved"}}""", bad, Watch: "messages"),
            new("broadcast: by a requester", Requester, "POST", "/api/messages/broadcasts", """{"crisisId":"libya-2011","text":{"en":"moved"}}""", forbidden, Watch: "messages"),

            // The dashboard, revocations and operations
            new("dashboard: anonymous", Nobody, "GET", "/api/dashboard/summary", null, HttpStatusCode.Unauthorized),
            new("dashboard: by a requester", Requester, "GET", "/api/dashboard/summary", null, forbidden),
            new("rebuild: by a requester", Requester, "POST", "/api/dashboard/rebuild", null, forbidden),
            new("check-in alerts: anonymous", Nobody, "GET", "/api/dashboard/check-in-alerts", null, HttpStatusCode.Unauthorized),
            new("check-in alerts: by a requester", Requester, "GET", "/api/dashboard/check-in-alerts", null, forbidden),
            // Funds and claims
            new("fund: anonymous", Nobody, "POST", "/api/funds", Fund(), HttpStatusCode.Unauthorized, Watch: "funds"),
            new("fund: opened by a transit authority", Transit, "POST", "/api/funds", Fund(), forbidden, Watch: "funds"),
            new("fund: opened by a consulate", Consulate, "POST", "/api/funds", Fund(), forbidden, Watch: "funds"),
            new("fund: an unknown currency", Coordinator, "POST", "/api/funds", Fund("\"XXX\""), bad, Watch: "funds"),
            new("fund: a currency in lower case", Coordinator, "POST", "/api/funds", Fund("\"usd\""), bad, Watch: "funds"),
            new("fund: 12.345 USD pledged", Coordinator, "POST", "/api/funds", Fund(pledged: "12.345"), bad, Watch: "funds"),
            new("fund: a negative pledge", Coordinator, "POST", "/api/funds", Fund(pledged: "-100"), bad, Watch: "funds"),
            new("fund: 1e20 pledged", Coordinator, "POST", "/api/funds", Fund(pledged: "1e20"), bad, Watch: "funds"),
            new("fund: 1e40 pledged (beyond a decimal)", Coordinator, "POST", "/api/funds", Fund(pledged: "1e40"), bad, Watch: "funds"),
            new("fund: a pledge as text", Coordinator, "POST", "/api/funds", Fund(pledged: "\"1000\""), bad, Watch: "funds"),
            new("fund: no name", Coordinator, "POST", "/api/funds", """{"currency":"USD","pledged":10}""", bad, Watch: "funds"),
            new("fund: a name of 5,000 characters", Coordinator, "POST", "/api/funds", $$"""{"name":"{{new string('f', 5000)}}","currency":"USD","pledged":10}""", bad, Watch: "funds"),
            new("fund: a name with a NUL", Coordinator, "POST", "/api/funds", """{"name":"F\u0000","currency":"USD","pledged":10}""", bad, Watch: "funds"),
            new("fund: a donor of no organisation", Coordinator, "POST", "/api/funds", Fund(extra: ",\"donorOrganisationId\":\"atlantis-bank\""), bad, Watch: "funds"),
            new("fund: for a purpose of none", Coordinator, "POST", "/api/funds", Fund(extra: ",\"restrictions\":{\"purposes\":[\"weddings\"]}"), bad, Watch: "funds"),
            new("fund: for nationals of no State", Coordinator, "POST", "/api/funds", Fund(extra: ",\"restrictions\":{\"nationalities\":[\"ZZZ\"]}"), bad, Watch: "funds"),
            new("fund: a period ending before it starts", Coordinator, "POST", "/api/funds", Fund(extra: ",\"restrictions\":{\"from\":\"2011-06-30\",\"to\":\"2011-02-20\"}"), bad, Watch: "funds"),
            new("fund: a period on 30 February", Coordinator, "POST", "/api/funds", Fund(extra: ",\"restrictions\":{\"from\":\"2011-02-30\"}"), bad, Watch: "funds"),
            new("fund: cut-off JSON", Coordinator, "POST", "/api/funds", """{"name":"F","curr""", bad, Watch: "funds"),
            new("fund: an array", Coordinator, "POST", "/api/funds", "[]", bad, Watch: "funds"),
            new("fund: as plain text", Coordinator, "POST", "/api/funds", Fund(), HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "funds"),
            new("fund: without a body", Coordinator, "POST", "/api/funds", null, bad, Watch: "funds"),
            new("funds: listed by a transit authority", Transit, "GET", "/api/funds", null, forbidden),
            new("fund: an unknown one", Coordinator, "GET", $"/api/funds/{Unknown}", null, missing),
            new("fund: an id that is no id", Coordinator, "GET", "/api/funds/12345", null, missing),
            new("receipt: into an unknown fund", Coordinator, "POST", $"/api/funds/{Unknown}/receipts", $$"""{"amount":10,"receivedAt":"{{DateTimeOffset.UtcNow:O}}"}""", missing, Watch: "funds"),
            new("receipt: by a consulate", Consulate, "POST", $"/api/funds/{Unknown}/receipts", $$"""{"amount":10,"receivedAt":"{{DateTimeOffset.UtcNow:O}}"}""", forbidden, Watch: "funds"),
            new("claim: at another State's site", Transit, "POST", "/api/claims", ClaimAt("\"EG-SALLOUM\""), forbidden, Watch: "funds"),
            new("claim: at no such site", Transit, "POST", "/api/claims", ClaimAt("\"TN-NOWHERE\""), bad, Watch: "funds"),
            new("claim: by a coordinator", Coordinator, "POST", "/api/claims", ClaimAt(), forbidden, Watch: "funds"),
            new("claim: by a consulate", Consulate, "POST", "/api/claims", ClaimAt(), forbidden, Watch: "funds"),
            new("claim: anonymous", Nobody, "POST", "/api/claims", ClaimAt(), HttpStatusCode.Unauthorized, Watch: "funds"),
            new("claim: an unknown currency", Transit, "POST", "/api/claims", ClaimAt(currency: "\"ZZZ\""), bad, Watch: "funds"),
            new("claim: 12.345 USD", Transit, "POST", "/api/claims", ClaimAt(amount: "12.345"), bad, Watch: "funds"),
            new("claim: 0.0001 TND (three decimals at most)", Transit, "POST", "/api/claims", ClaimAt(amount: "0.0001", currency: "\"TND\""), bad, Watch: "funds"),
            new("claim: a negative amount", Transit, "POST", "/api/claims", ClaimAt(amount: "-10"), bad, Watch: "funds"),
            new("claim: nothing", Transit, "POST", "/api/claims", ClaimAt(amount: "0"), bad, Watch: "funds"),
            new("claim: 1e20", Transit, "POST", "/api/claims", ClaimAt(amount: "1e20"), bad, Watch: "funds"),
            new("claim: an amount as text", Transit, "POST", "/api/claims", ClaimAt(amount: "\"10\""), bad, Watch: "funds"),
            new("claim: nobody helped", Transit, "POST", "/api/claims", ClaimAt(people: "0"), bad, Watch: "funds"),
            new("claim: a fractional person", Transit, "POST", "/api/claims", ClaimAt(people: "1.5"), bad, Watch: "funds"),
            new("claim: a category of none", Transit, "POST", "/api/claims", ClaimAt(category: "\"spa\""), bad, Watch: "funds"),
            new("claim: costs of next month", Transit, "POST", "/api/claims", ClaimAt(from: DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd"), to: DateTimeOffset.UtcNow.AddDays(40).ToString("yyyy-MM-dd")), bad, Watch: "funds"),
            new("claim: a period ending before it starts", Transit, "POST", "/api/claims", ClaimAt(from: "2011-03-10", to: "2011-03-01"), bad, Watch: "funds"),
            new("claim: a period as a timestamp", Transit, "POST", "/api/claims", ClaimAt(from: "2011-03-01T00:00:00Z"), bad, Watch: "funds"),
            new("claim: cut-off JSON", Transit, "POST", "/api/claims", """{"siteCode":"TN-""", bad, Watch: "funds"),
            new("claim: without a body", Transit, "POST", "/api/claims", null, bad, Watch: "funds"),
            new("claim: the JSON null", Transit, "POST", "/api/claims", "null", bad, Watch: "funds"),
            new("claim: an Idempotency-Key of 201 characters", Transit, "POST", "/api/claims", ClaimAt(), bad, Watch: "funds", IdempotencyKey: new string('k', 201)),
            new("pledge: to an unknown fund", Consulate, "POST", $"/api/funds/{Unknown}/pledges", """{"amount":100}""", missing, Watch: "funds"),
            new("pledge: by a requester", Requester, "POST", $"/api/funds/{Unknown}/pledges", """{"amount":100}""", forbidden, Watch: "funds"),
            new("pledge: an amount as text", Consulate, "POST", $"/api/funds/{Unknown}/pledges", """{"amount":"100"}""", bad, Watch: "funds"),
            new("pledge: cut-off JSON", Consulate, "POST", $"/api/funds/{Unknown}/pledges", """{"amount":""", bad, Watch: "funds"),
            new("receipt: without a body", Coordinator, "POST", $"/api/funds/{Unknown}/receipts", null, bad, Watch: "funds"),
            new("claims: of a status of none", Coordinator, "GET", "/api/claims?status=paid", null, bad),
            new("claims: page zero", Transit, "GET", "/api/claims?page=0", null, bad),
            new("claims: listed by a requester", Requester, "GET", "/api/claims", null, forbidden),
            new("claim: an unknown one", Transit, "GET", $"/api/claims/{Unknown}", null, missing),
            new("approve: an unknown claim", Coordinator, "POST", $"/api/claims/{Unknown}/approve", $$"""{"fundId":"{{Unknown}}"}""", missing, Watch: "funds"),
            new("approve: without a fund", Coordinator, "POST", $"/api/claims/{Unknown}/approve", "{}", bad, Watch: "funds"),
            new("approve: a fund id that is no id", Coordinator, "POST", $"/api/claims/{Unknown}/approve", """{"fundId":"fund-1"}""", bad, Watch: "funds"),
            new("approve: by a transit authority", Transit, "POST", $"/api/claims/{Unknown}/approve", $$"""{"fundId":"{{Unknown}}"}""", forbidden, Watch: "funds"),
            new("reject: an empty reason", Coordinator, "POST", $"/api/claims/{Unknown}/reject", """{"reason":""}""", bad, Watch: "funds"),
            new("reject: a reason of 501 characters", Coordinator, "POST", $"/api/claims/{Unknown}/reject", $$"""{"reason":"{{new string('r', 501)}}"}""", bad, Watch: "funds"),
            new("reject: an unknown claim", Coordinator, "POST", $"/api/claims/{Unknown}/reject", """{"reason":"no receipts"}""", missing, Watch: "funds"),
            new("reject: by a transit authority", Transit, "POST", $"/api/claims/{Unknown}/reject", """{"reason":"mine"}""", forbidden, Watch: "funds"),

            new("fund: from a source of none", Coordinator, "POST", "/api/funds", Fund(extra: ",\"source\":\"lottery\""), bad, Watch: "funds"),
            new("funding: anonymous", Nobody, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Unknown}}"}""", HttpStatusCode.Unauthorized, Watch: "funds"),
            new("funding: by an offerer", Offerer, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Unknown}}"}""", forbidden, Watch: "funds"),
            new("funding: by a consulate", Consulate, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Unknown}}"}""", forbidden, Watch: "funds"),
            new("funding: an unknown offer", Coordinator, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Unknown}}"}""", missing, Watch: "funds"),
            new("funding: without a fund", Coordinator, "POST", $"/api/offers/{Unknown}/funding", "{}", bad, Watch: "funds"),
            new("funding: a fund id that is no id", Coordinator, "POST", $"/api/offers/{Unknown}/funding", """{"fundId":"the big one"}""", bad, Watch: "funds"),
            new("funding: the empty id", Coordinator, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Guid.Empty}}"}""", bad, Watch: "funds"),
            new("funding: the JSON null", Coordinator, "POST", $"/api/offers/{Unknown}/funding", "null", bad, Watch: "funds"),
            new("funding: cut-off JSON", Coordinator, "POST", $"/api/offers/{Unknown}/funding", """{"fundId":""", bad, Watch: "funds"),
            new("funding: as plain text", Coordinator, "POST", $"/api/offers/{Unknown}/funding", $$"""{"fundId":"{{Unknown}}"}""", HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "funds"),
            new("funding: an offer id that is no id", Coordinator, "POST", "/api/offers/12345/funding", $$"""{"fundId":"{{Unknown}}"}""", missing, Watch: "funds"),
            new("costs: without a crisis", Coordinator, "GET", "/api/costs", null, bad),
            new("costs: an empty crisis", Coordinator, "GET", "/api/costs?crisisId=", null, bad),
            new("costs: an unknown crisis", Coordinator, "GET", "/api/costs?crisisId=atlantis-2030", null, bad),
            new("costs: a crisis id of 5,000 characters", Coordinator, "GET", $"/api/costs?crisisId={new string('c', 5000)}", null, bad),
            new("costs: a crisis id with SQL in it", Consulate, "GET", "/api/costs?crisisId=libya-2011'%20OR%20'1'='1", null, bad),
            new("costs: by a requester", Requester, "GET", "/api/costs?crisisId=libya-2011", null, forbidden),
            new("costs: by a transit authority", Transit, "GET", "/api/costs?crisisId=libya-2011", null, forbidden),
            new("costs: anonymous", Nobody, "GET", "/api/costs?crisisId=libya-2011", null, HttpStatusCode.Unauthorized),

            new("check-in alerts: by a transit authority", Transit, "GET", "/api/dashboard/check-in-alerts?crisisId=libya-2011", null, forbidden),
            new("check-in alerts: a page of 0", Consulate, "GET", "/api/dashboard/check-in-alerts?page=0", null, bad),
            new("check-in alerts: a page size of 501", Consulate, "GET", "/api/dashboard/check-in-alerts?pageSize=501", null, bad),
            new("check-in alerts: an unknown status", Consulate, "GET", "/api/dashboard/check-in-alerts?status=closed", null, bad),
            new("check-in alerts: an empty crisis", Coordinator, "GET", "/api/dashboard/check-in-alerts?crisisId=", null, bad),
            new("acknowledge: anonymous", Nobody, "POST", $"/api/dashboard/check-in-alerts/{Unknown}/acknowledge", null, HttpStatusCode.Unauthorized, Watch: "check-in-alerts"),
            new("acknowledge: by a coordinator", Coordinator, "POST", $"/api/dashboard/check-in-alerts/{Unknown}/acknowledge", null, forbidden, Watch: "check-in-alerts"),
            new("acknowledge: by an offerer", Offerer, "POST", $"/api/dashboard/check-in-alerts/{Unknown}/acknowledge", null, forbidden, Watch: "check-in-alerts"),
            new("acknowledge: an unknown alert", Consulate, "POST", $"/api/dashboard/check-in-alerts/{Unknown}/acknowledge", null, missing, Watch: "check-in-alerts"),
            new("acknowledge: an id that is no id", Consulate, "POST", "/api/dashboard/check-in-alerts/1%20OR%201=1/acknowledge", null, missing, Watch: "check-in-alerts"),
            new("report: anonymous", Nobody, "GET", "/api/reports/after-action?crisisId=libya-2011", null, HttpStatusCode.Unauthorized),
            new("report: by a requester", Requester, "GET", "/api/reports/after-action?crisisId=libya-2011", null, forbidden),
            new("report: by a transit authority, as a PDF", Transit, "GET", "/api/reports/after-action.pdf?crisisId=libya-2011", null, forbidden),
            new("report: by an offerer, as a workbook", Offerer, "GET", "/api/reports/after-action.xlsx?crisisId=libya-2011", null, forbidden),
            new("passengers PDF: of an unknown manifest", Consulate, "GET", $"/api/manifests/{Unknown}/passengers.pdf", null, missing),
            new("report: of no crisis", Coordinator, "GET", "/api/reports/after-action", null, bad),
            new("report: of an empty crisis id", Consulate, "GET", "/api/reports/after-action.xlsx?crisisId=", null, bad),
            new("report: of an unknown crisis", Coordinator, "GET", "/api/reports/after-action.pdf?crisisId=atlantis-2030", null, missing),
            new("report: of a crisis id with a control character", Coordinator, "GET", "/api/reports/after-action?crisisId=libya%00", null, bad),
            new("report: of a crisis id of 5000 characters", Coordinator, "GET", $"/api/reports/after-action.xlsx?crisisId={new string('x', 5000)}", null, bad),
            new("report: of a crisis id in SQL", Coordinator, "GET", "/api/reports/after-action?crisisId=libya-2011'%20OR%201=1--", null, missing),
            new("audit: by an actor id of 5000 characters", Coordinator, "GET", $"/api/audit?actor={new string('a', 5000)}", null, bad),
            new("audit: by an actor id with a control character", Coordinator, "GET", "/api/audit?actor=iom%00", null, bad),
            new("audit: by a consulate", Consulate, "GET", "/api/audit?actor=consulate-bgd", null, forbidden),
            new("revoke: an organisation that does not exist", Coordinator, "POST", "/api/auth/revocations", """{"organisationId":"no-such-organisation","reason":"lost"}""", bad),
            new("revoke: by a requester", Requester, "POST", "/api/auth/revocations", """{"organisationId":"unhcr","reason":"lost"}""", forbidden),
            new("dead letters: of no such queue", Coordinator, "POST", "/api/admin/matching/dead-letters/no-such-queue/replay", null, missing),
            new("dead letters: replay none", Coordinator, "POST", "/api/admin/matching/dead-letters/matching-evacuation/replay?limit=0", null, bad),
            new("dead letters: by a requester", Requester, "GET", "/api/admin/matching/dead-letters", null, forbidden),

            // Accounts (people only: an admin for its organisation, a coordinator for all)
            new("invite: no user name", BgdAdmin, "POST", "/api/accounts", """{"roles":["consulate"]}""", bad, Watch: "identity"),
            new("invite: an empty user name", BgdAdmin, "POST", "/api/accounts", Invite("\"\""), bad, Watch: "identity"),
            new("invite: a blank user name", BgdAdmin, "POST", "/api/accounts", Invite("\"   \""), bad, Watch: "identity"),
            new("invite: a user name of 5,000 characters", BgdAdmin, "POST", "/api/accounts", Invite($"\"{new string('a', 5000)}\""), bad, Watch: "identity"),
            new("invite: a user name with a NUL", BgdAdmin, "POST", "/api/accounts", Invite("\"bgd\\u0000officer\""), bad, Watch: "identity"),
            new("invite: a user name in SQL", BgdAdmin, "POST", "/api/accounts", Invite("\"x'; DROP TABLE \\\"AspNetUsers\\\";--\""), bad, Watch: "identity"),
            new("invite: a user name with a space", BgdAdmin, "POST", "/api/accounts", Invite("\"bgd officer\""), bad, Watch: "identity"),
            new("invite: a user name as a number", BgdAdmin, "POST", "/api/accounts", Invite("42"), bad, Watch: "identity"),
            new("invite: roles null", BgdAdmin, "POST", "/api/accounts", Invite(roles: "null"), bad, Watch: "identity"),
            new("invite: no roles", BgdAdmin, "POST", "/api/accounts", Invite(roles: "[]"), bad, Watch: "identity"),
            new("invite: a null role", BgdAdmin, "POST", "/api/accounts", Invite(roles: "[null]"), bad, Watch: "identity"),
            new("invite: a consulate's coordinator", BgdAdmin, "POST", "/api/accounts", Invite(roles: "[\"coordinator\"]"), bad, Watch: "identity"),
            new("invite: an unknown role", BgdAdmin, "POST", "/api/accounts", Invite(roles: "[\"wizard\"]"), bad, Watch: "identity"),
            new("invite: a role twice", BgdAdmin, "POST", "/api/accounts", Invite(roles: "[\"consulate\",\"consulate\"]"), bad, Watch: "identity"),
            new("invite: roles as text", BgdAdmin, "POST", "/api/accounts", Invite(roles: "\"consulate\""), bad, Watch: "identity"),
            new("invite: a role of 5,000 characters", BgdAdmin, "POST", "/api/accounts", Invite(roles: $"[\"{new string('r', 5000)}\"]"), bad, Watch: "identity"),
            new("invite: cut-off JSON", BgdAdmin, "POST", "/api/accounts", """{"userName":"bgd.new""", bad, Watch: "identity"),
            new("invite: an array", BgdAdmin, "POST", "/api/accounts", "[]", bad, Watch: "identity"),
            new("invite: as plain text", BgdAdmin, "POST", "/api/accounts", Invite(), HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "identity"),
            new("invite: as a form", BgdAdmin, "POST", "/api/accounts", "userName=bgd.new&roles=consulate", HttpStatusCode.UnsupportedMediaType, "application/x-www-form-urlencoded", Watch: "identity"),
            new("invite: into another organisation", BgdAdmin, "POST", "/api/accounts", """{"userName":"iom.mole","roles":["coordinator"],"organisationId":"iom"}""", forbidden, Watch: "identity"),
            new("invite: into no organisation", IomOfficer, "POST", "/api/accounts", """{"userName":"nobody.here","roles":["requester"],"organisationId":"atlantis"}""", bad, Watch: "identity"),
            new("invite: by a coordinator's machine client", Coordinator, "POST", "/api/accounts", Invite(), forbidden, Watch: "identity"),
            new("invite: by a consulate's machine client", Consulate, "POST", "/api/accounts", Invite(), forbidden, Watch: "identity"),
            new("invite: anonymous", Nobody, "POST", "/api/accounts", Invite(), HttpStatusCode.Unauthorized, Watch: "identity"),
            new("accounts: anonymous", Nobody, "GET", "/api/accounts", null, HttpStatusCode.Unauthorized),
            new("accounts: by a requester's machine client", Requester, "GET", "/api/accounts", null, forbidden),
            new("accounts: another organisation's, by an admin", BgdAdmin, "GET", "/api/accounts?organisationId=iom", null, forbidden),
            new("accounts: of no organisation", IomOfficer, "GET", "/api/accounts?organisationId=atlantis", null, bad),
            new("accounts: of an organisation id of 5,000 characters", IomOfficer, "GET", $"/api/accounts?organisationId={new string('o', 5000)}", null, bad),
            new("accounts: page zero", IomOfficer, "GET", "/api/accounts?page=0", null, bad),
            new("roles: of an id that is no id", BgdAdmin, "PATCH", "/api/accounts/12345", """{"roles":["consulate"]}""", missing, Watch: "identity"),
            new("roles: of an unknown account", BgdAdmin, "PATCH", $"/api/accounts/{Unknown}", """{"roles":["consulate"]}""", missing, Watch: "identity"),
            new("roles: of another organisation's account", TunAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["transit"]}""", missing, Watch: "identity"),
            new("roles: null", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":null}""", bad, Watch: "identity"),
            new("roles: none", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":[]}""", bad, Watch: "identity"),
            new("roles: a null one", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":[null]}""", bad, Watch: "identity"),
            new("roles: a consulate's coordinator", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["coordinator"]}""", bad, Watch: "identity"),
            new("roles: an unknown one", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["consulate","wizard"]}""", bad, Watch: "identity"),
            new("roles: one twice", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["consulate","consulate"]}""", bad, Watch: "identity"),
            new("roles: cut-off JSON", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["consul""", bad, Watch: "identity"),
            new("roles: as plain text", BgdAdmin, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["consulate"]}""", HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "identity"),
            new("roles: by a consulate's machine client", Consulate, "PATCH", $"/api/accounts/{BgdOfficer}", """{"roles":["consulate"]}""", forbidden, Watch: "identity"),
            new("disable: an id that is no id", BgdAdmin, "POST", "/api/accounts/not-a-guid/disable", """{"reason":"lost phone"}""", missing, Watch: "identity"),
            new("disable: an unknown account", BgdAdmin, "POST", $"/api/accounts/{Unknown}/disable", """{"reason":"lost phone"}""", missing, Watch: "identity"),
            new("disable: another organisation's account", TunAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":"lost phone"}""", missing, Watch: "identity"),
            new("disable: without a reason", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", "{}", bad, Watch: "identity"),
            new("disable: an empty reason", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":""}""", bad, Watch: "identity"),
            new("disable: a reason of 501 characters", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", $$"""{"reason":"{{new string('r', 501)}}"}""", bad, Watch: "identity"),
            new("disable: a reason with a NUL", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":"lost\u0000"}""", bad, Watch: "identity"),
            new("disable: a reason as a number", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":7}""", bad, Watch: "identity"),
            new("disable: without a body", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", null, bad, Watch: "identity"),
            new("disable: as plain text", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":"lost phone"}""", HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "identity"),
            new("disable: by a requester's machine client", Requester, "POST", $"/api/accounts/{BgdOfficer}/disable", """{"reason":"lost phone"}""", forbidden, Watch: "identity"),
            new("enable: an unknown account", BgdAdmin, "POST", $"/api/accounts/{Unknown}/enable", """{"reason":"phone found"}""", missing, Watch: "identity"),
            new("enable: an id that is no id", IomOfficer, "POST", "/api/accounts/12345/enable", """{"reason":"phone found"}""", missing, Watch: "identity"),
            new("enable: without a reason", BgdAdmin, "POST", $"/api/accounts/{BgdOfficer}/enable", "{}", bad, Watch: "identity"),

            // The sign-in trail
            new("sign-ins: anonymous", Nobody, "GET", "/api/audit/sign-ins", null, HttpStatusCode.Unauthorized),
            new("sign-ins: by a requester's machine client", Requester, "GET", "/api/audit/sign-ins", null, forbidden),
            new("sign-ins: another organisation's, by an admin", BgdAdmin, "GET", "/api/audit/sign-ins?organisationId=iom", null, forbidden),
            new("sign-ins: of no organisation", IomOfficer, "GET", "/api/audit/sign-ins?organisationId=atlantis", null, bad),
            new("sign-ins: a user name of 5,000 characters", IomOfficer, "GET", $"/api/audit/sign-ins?userName={new string('u', 5000)}", null, bad),
            new("sign-ins: a user name with a NUL", IomOfficer, "GET", "/api/audit/sign-ins?userName=iom.officer%00", null, bad),
            new("sign-ins: page zero", BgdAdmin, "GET", "/api/audit/sign-ins?page=0", null, bad),
            new("sign-ins: from after to", IomOfficer, "GET", "/api/audit/sign-ins?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null, bad),
            new("sign-ins: from, in words", IomOfficer, "GET", "/api/audit/sign-ins?from=yesterday", null, bad),
            new("sign-ins: to, on 30 February", IomOfficer, "GET", "/api/audit/sign-ins?to=2026-02-30", null, bad),
            new("sign-ins: a hundred thousand per page", IomOfficer, "GET", "/api/audit/sign-ins?pageSize=100000", null, bad),

            // Revocations of organisations
            new("revoke: anonymous", Nobody, "POST", "/api/auth/revocations", """{"organisationId":"unhcr","reason":"lost"}""", HttpStatusCode.Unauthorized, Watch: "identity"),
            new("revoke: by a consulate's admin", BgdAdmin, "POST", "/api/auth/revocations", """{"organisationId":"unhcr","reason":"lost"}""", forbidden, Watch: "identity"),
            new("revoke: an empty object", IomOfficer, "POST", "/api/auth/revocations", "{}", bad, Watch: "identity"),
            new("revoke: without a reason", IomOfficer, "POST", "/api/auth/revocations", """{"organisationId":"unhcr"}""", bad, Watch: "identity"),
            new("revoke: a reason of 501 characters", IomOfficer, "POST", "/api/auth/revocations", $$"""{"organisationId":"unhcr","reason":"{{new string('r', 501)}}"}""", bad, Watch: "identity"),
            new("revoke: an organisation id of 5,000 characters", IomOfficer, "POST", "/api/auth/revocations", $$"""{"organisationId":"{{new string('o', 5000)}}","reason":"lost"}""", bad, Watch: "identity"),
            new("revoke: an organisation id with a NUL", IomOfficer, "POST", "/api/auth/revocations", """{"organisationId":"unhcr\u0000","reason":"lost"}""", bad, Watch: "identity"),
            new("revoke: cut-off JSON", IomOfficer, "POST", "/api/auth/revocations", """{"organisationId":"unh""", bad, Watch: "identity"),
            new("revoke: as plain text", IomOfficer, "POST", "/api/auth/revocations", """{"organisationId":"unhcr","reason":"lost"}""", HttpStatusCode.UnsupportedMediaType, "text/plain", Watch: "identity"),
            new("revocations: anonymous", Nobody, "GET", "/api/auth/revocations", null, HttpStatusCode.Unauthorized),
            new("revocations: by a requester's machine client", Requester, "GET", "/api/auth/revocations", null, forbidden),
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Attempts))]
    public async Task A_hostile_call_is_a_4xx_problem_and_changes_nothing(Attempt attempt)
    {
        using var client = attempt.Caller == Nobody ? platform.Anonymous()
            : attempt.Caller.StartsWith("person:") ? PersonSignIn.Api(platform.Gateway, await PersonToken(attempt.Caller["person:".Length..]))
            : await platform.LoginAs(attempt.Caller, Secrets[attempt.Caller]);
        var path = attempt.Path.Contains(BgdOfficer) ? attempt.Path.Replace(BgdOfficer, await AccountId("consulate-bgd.officer")) : attempt.Path;
        var watch = attempt.Watch is { } name ? Watches[name] : default;
        var before = attempt.Watch is null ? 0 : await platform.Number(watch.Database, watch.Sql);

        var body = attempt.Body is null ? null : await Filled(attempt.Body);
        using var message = new HttpRequestMessage(new HttpMethod(attempt.Method), path);
        if (body is not null)
            message.Content = new ByteArrayContent(body.StartsWith('\u0089') ? body.Select(c => (byte)c).ToArray() : Encoding.UTF8.GetBytes(body))
            {
                Headers = { ContentType = MediaTypeHeaderValue.Parse(attempt.ContentType!) },
            };
        if (attempt.IdempotencyKey is not null)
            message.Headers.TryAddWithoutValidation("Idempotency-Key", attempt.IdempotencyKey);
        // A body over the limit is refused before it is read: asked to wait for the go-ahead, the client reads the 413
        // instead of racing the gateway's closing of the connection while it still writes.
        message.Headers.ExpectContinue = body?.Length > Micic.ServiceDefaults.Extensions.MaxRequestBodyBytes;
        using var answer = await client.SendAsync(message);

        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == attempt.Expected, $"{attempt.What}: {(int)answer.StatusCode} {text[..Math.Min(text.Length, 400)]}");
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)attempt.Expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (attempt.Watch is not null)
            Assert.Equal(before, await platform.Number(watch.Database, watch.Sql));
    }

    [Fact]
    public async Task A_return_address_elsewhere_is_dropped_and_a_correct_sign_in_lands_back_on_this_origin()
    {
        foreach (var (elsewhere, person) in new[]
                 {
                     ("https://evil.example/", "unicef-child-protection.caseworker"), ("//evil.example/", "unicef-child-protection.caseworker"),
                     ("/\\evil.example/", "unicef-child-protection.caseworker"), ("https://evil.example/", "iom.officer"),
                 })
        {
            var someone = SeededPerson.Named(person);
            var flow = new PersonSignIn(platform.Gateway);
            var login = new Uri($"/account/login?ReturnUrl={Uri.EscapeDataString(elsewhere)}", UriKind.Relative);
            var form = await flow.Browser.GetAsync(login);
            Assert.Equal(HttpStatusCode.OK, form.StatusCode);
            var html = await form.Content.ReadAsStringAsync();
            Assert.Matches("""name="returnUrl" value=""|value="" name="returnUrl"|name="returnUrl"(?![^>]*value="[^"])""", html);
            var next = await flow.Submit(login, html, new() { ["userName"] = someone.UserName, ["password"] = someone.Password });
            if (someone.TotpSecret is not null)
            {
                Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
                Assert.DoesNotContain("evil.example", next.Headers.Location!.OriginalString);
                next = await flow.Post(next.Headers.Location!, new() { ["code"] = await someone.NextCode() });
            }
            Assert.True(next.StatusCode == HttpStatusCode.Redirect, $"{elsewhere} as {person}: {(int)next.StatusCode}");
            Assert.Equal("/", next.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task A_return_address_into_the_provider_with_a_query_renders_the_sign_in_page()
    {
        using var anonymous = platform.Anonymous();
        var page = await anonymous.GetAsync("/account/login?ReturnUrl=%2Fconnect%2Fauthorize%3Fx");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"password\"", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_forged_or_mangled_invitation_shows_the_invalid_invitation_page_and_stores_nothing()
    {
        using var anonymous = platform.Anonymous();
        var before = await platform.Number(Watches["identity"].Database, Watches["identity"].Sql);
        foreach (var token in new[]
                 {
                     "garbage", new string('x', 5000), "<script>alert(1)</script>", $"{Guid.NewGuid():N}.secret", $"{Guid.NewGuid():N}.zz.zz", ".", "%00",
                     $"{await AccountId("consulate-bgd.officer")}.guess".Replace("-", ""), "\u202Egnp.exe",
                 })
        {
            var page = await anonymous.GetAsync($"/account/invitation?token={Uri.EscapeDataString(token)}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.True(page.StatusCode == HttpStatusCode.BadRequest, $"{token[..Math.Min(40, token.Length)]}: {(int)page.StatusCode} {html[..Math.Min(400, html.Length)]}");
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("This invitation is not valid", html);
            Assert.DoesNotContain("<script>", html);
        }
        Assert.Equal(before, await platform.Number(Watches["identity"].Database, Watches["identity"].Sql));
    }

    [Fact]
    public async Task A_hostile_sign_in_form_is_refused_with_the_page_and_stores_nothing()
    {
        var flow = new PersonSignIn(platform.Gateway);
        var login = (await flow.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())))).Headers.Location!;
        foreach (var (userName, password) in new[]
                 {
                     ("", "x"), ("iom.officer", ""), (new string('u', 5000), "x"), ("iom.officer\0", "x"), ("iom\0officer", "x"),
                     ("iom.officer", new string('p', 100_000)),
                 })
        {
            var before = await platform.Number(Watches["identity"].Database, Watches["identity"].Sql);
            var answer = await flow.Post(login, new() { ["userName"] = userName, ["password"] = password });
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{userName[..Math.Min(20, userName.Length)]}: {(int)answer.StatusCode}");
            var page = await answer.Content.ReadAsStringAsync();
            // A NUL is refused before the page is even bound (a 400 problem); anything else gets the page with its message.
            if (!userName.Contains('\0'))
                Assert.True(page.Contains("Wrong user name or password."), $"{userName[..Math.Min(20, userName.Length)]}/{password.Length}: {page[..Math.Min(300, page.Length)]}");
            Assert.Equal(before, await platform.Number(Watches["identity"].Database, Watches["identity"].Sql));
        }
    }

    /// <summary>Every passkey and every account's state and concurrency stamp, in one number: what a refused passkey answer must leave as it was.</summary>
    const string PasskeysAndAccounts = """
        SELECT hashtext(concat((SELECT count(*) FROM "AspNetUserPasskeys"), '/',
          (SELECT string_agg(concat("Id", "DisabledAt", "AccessFailedCount", "ConcurrencyStamp"), ',' ORDER BY "Id") FROM "AspNetUsers")))
        """;

    /// <summary>What no authenticator sends: empty, huge, not JSON, the wrong shape, an id that is not base64url, an id nobody holds.</summary>
    static readonly string[] GarbageCredentials =
    [
        "", "garbage", "[]", "null", "{}", """{"id":5}""", """{"id":"***"}""", new string('{', 40_000), $$"""{"id":"{{new string('A', 2000)}}"}""",
        """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"}}""",
        """{"id":"AAAA","rawId":"AAAA","type":"public-key","response":{"clientDataJSON":"e30","attestationObject":"oA"}}""",
        "<script>alert(1)</script>", "\u0000",
    ];

    /// <summary>The gateway by name, where the provider offers passkeys (browsers keep none for an address like 127.0.0.1).</summary>
    Uri Site => new UriBuilder(platform.Gateway) { Host = "localhost" }.Uri;

    [Fact]
    public async Task A_garbage_or_forged_passkey_sign_in_is_refused_with_the_page_and_stores_no_passkey()
    {
        var flow = new PersonSignIn(Site);
        var login = (await flow.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())))).Headers.Location!;
        var html = await (await flow.Browser.GetAsync(login)).Content.ReadAsStringAsync();
        Assert.Contains("data-passkey=\"get\"", html);
        var passkey = new Uri("/account/login?handler=Passkey", UriKind.Relative);
        var options = new Uri("/account/login?handler=PasskeyOptions", UriKind.Relative);
        var before = await platform.Number("micic_identity", PasskeysAndAccounts);

        // Without the page's antiforgery token, nothing is even read.
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.Browser.PostAsync(passkey, new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = "{}" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await flow.Browser.PostAsync(options, new FormUrlEncodedContent([]))).StatusCode);
        foreach (var withCeremony in new[] { false, true })
            foreach (var credential in GarbageCredentials)
            {
                if (withCeremony)
                    Assert.Equal(HttpStatusCode.OK, (await flow.Submit(options, html, [])).StatusCode);
                var answer = await flow.Submit(passkey, html, new() { ["credential"] = credential });
                var page = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{credential[..Math.Min(30, credential.Length)]}: {(int)answer.StatusCode} {page[..Math.Min(300, page.Length)]}");
                // A NUL is refused before the page is bound (a 400 problem), like in a user name; anything else gets the page with its message.
                if (credential.Contains('\0'))
                    continue;
                Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
                Assert.Matches("The passkey was not accepted|Your sign-in took too long", page);
                Assert.DoesNotContain("<script>alert", page);
            }
        Assert.Equal(before, await platform.Number("micic_identity", PasskeysAndAccounts));

        // Through 127.0.0.1 the provider offers no passkey at all: asked anyway, a 404 problem.
        var numeric = new PersonSignIn(platform.Gateway);
        var numericLogin = (await numeric.Browser.GetAsync(PersonSignIn.AuthorizePath(PersonSignIn.Challenge(PersonSignIn.Verifier())))).Headers.Location!;
        var numericHtml = await (await numeric.Browser.GetAsync(numericLogin)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-passkey", numericHtml);
        var unavailable = await numeric.Submit(options, numericHtml, []);
        Assert.Equal(HttpStatusCode.NotFound, unavailable.StatusCode);
        Assert.Equal("application/problem+json", unavailable.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_garbage_or_forged_passkey_enrolment_is_refused_with_the_page_and_stores_no_passkey()
    {
        var page = new Uri("/account/passkeys", UriKind.Relative);
        var anonymous = new PersonSignIn(Site);
        var away = await anonymous.Browser.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, away.StatusCode);
        Assert.Contains("/account/login", away.Headers.Location!.OriginalString);

        var person = SeededPerson.Named("consulate-mli.officer");
        var flow = new PersonSignIn(Site);
        await flow.As(person);
        var html = await (await flow.Browser.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("data-passkey=\"create\"", html);
        var add = new Uri("/account/passkeys?handler=Add", UriKind.Relative);
        var options = new Uri("/account/passkeys?handler=Options", UriKind.Relative);
        var before = await platform.Number("micic_identity", PasskeysAndAccounts);

        Assert.Equal(HttpStatusCode.BadRequest, (await flow.Browser.PostAsync(add, new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = "{}" }))).StatusCode);
        // Options for someone not signed in: a problem, not a page.
        var stranger = await anonymous.Submit(options, await (await anonymous.Browser.GetAsync("/account/login")).Content.ReadAsStringAsync(), []);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
        var attempts = GarbageCredentials.Select(credential => (credential, name: "Laptop"))
            .Append(("{}", new string('n', 61))).Append(("{}", "two\nlines")).Append(("{}", "nul\0"));
        foreach (var withCeremony in new[] { false, true })
            foreach (var (credential, name) in attempts)
            {
                if (withCeremony)
                {
                    var made = await flow.Submit(options, html, []);
                    Assert.Equal(HttpStatusCode.OK, made.StatusCode);
                    Assert.Equal("application/json", made.Content.Headers.ContentType?.MediaType);
                }
                var answer = await flow.Submit(add, html, new() { ["credential"] = credential, ["name"] = name });
                var text = await answer.Content.ReadAsStringAsync();
                Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{credential[..Math.Min(30, credential.Length)]}/{name}: {(int)answer.StatusCode} {text[..Math.Min(300, text.Length)]}");
                if (!name.Contains('\0') && !credential.Contains('\0'))
                    Assert.Matches("could not be added|A name has at most 60 characters|Your sign-in took too long", text);
            }
        foreach (var id in new[] { "", "AAAA", "***", new string('A', 5000), "\u0000" })
        {
            var removal = await flow.Submit(new Uri("/account/passkeys?handler=Remove", UriKind.Relative), html, new() { ["id"] = id });
            Assert.True(removal.StatusCode == HttpStatusCode.BadRequest, $"remove {id[..Math.Min(20, id.Length)]}: {(int)removal.StatusCode}");
        }
        Assert.Equal(before, await platform.Number("micic_identity", PasskeysAndAccounts));
    }

    [Fact]
    public async Task A_hostile_token_request_to_the_provider_is_a_4xx()
    {
        using var anonymous = platform.Anonymous();
        var before = await platform.Number(Watches["identity"].Database, Watches["identity"].Sql);
        foreach (var fields in new Dictionary<string, string>[]
                 {
                     new() { ["grant_type"] = "client_credentials" },
                     new() { ["grant_type"] = "client_credentials", ["client_id"] = "iom-coordination\0", ["client_secret"] = "dev-iom-secret" },
                     new() { ["grant_type"] = "client_credentials", ["client_id"] = new string('c', 5000), ["client_secret"] = "x" },
                     new() { ["grant_type"] = "authorization_code", ["client_id"] = PersonSignIn.Client, ["code"] = "\0", ["redirect_uri"] = PersonSignIn.Redirect, ["code_verifier"] = "x" },
                     new() { ["grant_type"] = "refresh_token", ["client_id"] = PersonSignIn.Client, ["refresh_token"] = new string('r', 5000) },
                     new() { ["grant_type"] = "password", ["client_id"] = PersonSignIn.Client, ["username"] = "iom.officer", ["password"] = "x" },
                 })
        {
            var answer = await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(fields));
            Assert.True((int)answer.StatusCode is >= 400 and < 500,
                $"{string.Join("&", fields.Select(f => $"{f.Key}={f.Value[..Math.Min(20, f.Value.Length)]}"))}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}\n{platform.RecentOutput}");
        }
        var revoke = await anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = PersonSignIn.Client, ["token"] = "\0" + new string('t', 5000),
        }));
        Assert.True((int)revoke.StatusCode is 200 or (>= 400 and < 500), $"revoke: {(int)revoke.StatusCode}");
        Assert.Equal(before, await platform.Number(Watches["identity"].Database, Watches["identity"].Sql));
    }

    async Task<string> Filled(string body)
    {
        body = body.Replace(InSixMinutes, DateTimeOffset.UtcNow.AddMinutes(6).ToString("O"));
        if (!body.Contains(DepartedPerson) && !body.Contains(BeforeDeparture))
            return body;
        var (person, departedAt) = await (_onTheRoad ??= Manifests.TunisianOnTheRoadToRasAjdir(platform));
        return body.Replace(DepartedPerson, person.ToString()).Replace(BeforeDeparture, departedAt.AddHours(-1).ToString("O"));
    }

    /// <summary>People's tokens, one per person for the whole corpus (each sign-in spends one of their authenticator's codes).</summary>
    static readonly Dictionary<string, (string Token, DateTimeOffset Until)> PeopleTokens = [];

    async Task<string> PersonToken(string userName)
    {
        if (!PeopleTokens.TryGetValue(userName, out var held) || held.Until < DateTimeOffset.UtcNow)
        {
            var tokens = await new PersonSignIn(platform.Gateway).As(SeededPerson.Named(userName));
            PeopleTokens[userName] = held = (tokens.AccessToken, DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn / 2));
        }
        return held.Token;
    }

    async Task<string> AccountId(string userName) =>
        (await platform.Text("micic_identity", $"SELECT \"Id\"::text FROM \"AspNetUsers\" WHERE \"UserName\" = '{userName}'"))!;
}
