namespace Micic.ServiceDefaults;

/// <summary>A person's age, as intake and reception take it: from a birth date when there is one, else as declared.</summary>
public static class Ages
{
    /// <summary>Age in whole years on <paramref name="day"/>, from the birth date or the declared age.</summary>
    public static int? On(DateOnly? birth, int? declaredAge, DateOnly day)
    {
        if (birth is not { } birthDate)
            return declaredAge;
        var age = day.Year - birthDate.Year;
        return birthDate > day.AddYears(-age) ? age - 1 : age;
    }
}
