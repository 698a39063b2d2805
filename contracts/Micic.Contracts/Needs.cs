namespace Micic.Contracts;

/// <summary>
/// The vulnerability flags of a group, as integration events carry them: flags, never the people.
/// Wire values are the API's kebab-case words (see <see cref="NeedNames"/>).
/// </summary>
[Flags]
public enum Needs
{
    None = 0,
    Medical = 1 << 0,
    MedicalStretcher = 1 << 1,
    Wheelchair = 1 << 2,
    Disability = 1 << 3,
    UnaccompaniedChild = 1 << 4,
    SeparatedChild = 1 << 5,
    Elderly = 1 << 6,
    Pregnant = 1 << 7,
    TraffickingSurvivor = 1 << 8,
}

public static class NeedNames
{
    static readonly Dictionary<string, Needs> ByName = new(StringComparer.Ordinal)
    {
        ["medical"] = Needs.Medical,
        ["medical-stretcher"] = Needs.MedicalStretcher,
        ["wheelchair"] = Needs.Wheelchair,
        ["disability"] = Needs.Disability,
        ["unaccompanied-child"] = Needs.UnaccompaniedChild,
        ["separated-child"] = Needs.SeparatedChild,
        ["elderly"] = Needs.Elderly,
        ["pregnant"] = Needs.Pregnant,
        ["trafficking-survivor"] = Needs.TraffickingSurvivor,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static bool TryParse(string name, out Needs need) => ByName.TryGetValue(name, out need);

    public static IEnumerable<string> Names(Needs needs) =>
        ByName.Where(pair => needs.HasFlag(pair.Value)).Select(pair => pair.Key);
}
