namespace Micic.IntegrationTests.EndToEnd;

/// <summary>Request bodies as API.md describes them.</summary>
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
}
