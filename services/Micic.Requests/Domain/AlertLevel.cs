namespace Micic.Requests.Domain;

/// <summary>
/// How grave a crisis is for foreigners in the country, in the four steps States use for their nationals abroad:
/// 1 watch, 2 restricted (movement limited), 3 voluntary departure (leave while it is possible), 4 mandatory departure.
/// The four levels are the only instances, so two levels are compared as values, never by their names.
/// </summary>
public sealed class AlertLevel
{
    public static readonly AlertLevel Watch = new(1, "watch");
    public static readonly AlertLevel Restricted = new(2, "restricted");
    public static readonly AlertLevel VoluntaryDeparture = new(3, "voluntary-departure");
    public static readonly AlertLevel MandatoryDeparture = new(4, "mandatory-departure");

    public static readonly IReadOnlyList<AlertLevel> All = [Watch, Restricted, VoluntaryDeparture, MandatoryDeparture];

    AlertLevel(int number, string name) => (Number, Name) = (number, name);

    /// <summary>1–4, as the API and the integration events carry it.</summary>
    public int Number { get; }

    /// <summary>The level's name on the wire and on pages (watch, restricted, voluntary-departure, mandatory-departure).</summary>
    public string Name { get; }

    /// <summary>At 3 and 4 people are told to leave: registered nationals are asked whether they are safe.</summary>
    public bool CallsForDeparture => Number >= VoluntaryDeparture.Number;

    /// <returns>The level numbered so, or null for any other number.</returns>
    public static AlertLevel? Of(int? number) => All.FirstOrDefault(level => level.Number == number);

    public override string ToString() => $"{Number} ({Name})";
}
