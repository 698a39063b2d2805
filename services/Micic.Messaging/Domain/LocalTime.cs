using System.Globalization;

namespace Micic.Messaging.Domain;

/// <summary>
/// A departure time as people at the pickup place read it: their clock, day and month in figures (read alike in every
/// language). Where Micic does not know the country's clock, the time is given in UTC and says so.
/// </summary>
public static class LocalTime
{
    static readonly Dictionary<string, string> Zones = new(StringComparer.Ordinal)
    {
        ["LBY"] = "Africa/Tripoli", ["TUN"] = "Africa/Tunis", ["EGY"] = "Africa/Cairo", ["DZA"] = "Africa/Algiers", ["SDN"] = "Africa/Khartoum",
        ["TCD"] = "Africa/Ndjamena", ["NER"] = "Africa/Niamey", ["MLT"] = "Europe/Malta", ["ITA"] = "Europe/Rome", ["GRC"] = "Europe/Athens",
    };

    public static string Format(DateTimeOffset at, string? country)
    {
        if (country is not null && Zones.TryGetValue(country, out var zone) && TryZone(zone) is { } time)
            return TimeZoneInfo.ConvertTime(at, time).ToString("dd/MM HH:mm", CultureInfo.InvariantCulture);
        return at.ToUniversalTime().ToString("dd/MM HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }

    static TimeZoneInfo? TryZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
