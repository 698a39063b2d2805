using Micic.ServiceDefaults.Time;

namespace Micic.Dashboard.Domain;

/// <summary>What an exercise's controller asks of the crisis clock: another speed, a pause, going on — or several at once.</summary>
public sealed record ClockChange(double? Speed, bool? Paused)
{
    /// <summary>Field errors, none for a change the clock can make.</summary>
    public Dictionary<string, string[]> Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (Speed is null && Paused is null)
            errors[""] = ["Say the new speed, or paused: true or false."];
        if (Speed is { } speed && !ClockSetting.IsValidSpeed(speed))
            errors["speed"] = [$"Must be from {ClockSetting.MinSpeed} to {ClockSetting.MaxSpeed:0} times real time."];
        return errors;
    }
}
