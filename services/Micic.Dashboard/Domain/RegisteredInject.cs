using System.Text.Json;
using Micic.Contracts;

namespace Micic.Dashboard.Domain;

/// <summary>
/// An inject of the exercise as the dashboard holds it: due at the scenario's start plus its offset on the crisis clock,
/// pending until then (or until the controller delivers it), then delivered once.
/// </summary>
public sealed record RegisteredInject(string Scenario, string Id, int Position, string DueAfter, DateTimeOffset DueAt, string Kind,
    IReadOnlyDictionary<string, JsonElement>? Params, string ExpectedAction, string? ObjectiveId, string? ForOrganisation,
    DateTimeOffset? DeliveredAt = null, DateTimeOffset? DeliveredRealAt = null, string? DeliveredBy = null)
{
    public const string Pending = "pending", Delivered = "delivered";

    public string Status => DeliveredAt is null ? Pending : Delivered;

    /// <summary>The register of a scenario's plan, each inject due at <paramref name="start"/> plus its offset; one that cannot be played has no place.</summary>
    public static IReadOnlyList<RegisteredInject> Of(string scenario, ExercisePlan plan, DateTimeOffset start) =>
    [
        .. plan.Injects.Select((inject, position) => (inject, position)).Where(item => item.inject.Offset is not null).Select(item =>
            new RegisteredInject(scenario, item.inject.Id, item.position, item.inject.At, start + item.inject.Offset!.Value, item.inject.Kind,
                item.inject.Params, item.inject.ExpectedAction, item.inject.ObjectiveId, item.inject.ForOrganisation)),
    ];

    /// <summary>Delivers it now (crisis time <paramref name="at"/>, real time <paramref name="realAt"/>); by a controller's organisation, or at its time.</summary>
    public (RegisteredInject Inject, ExerciseInjectDelivered Event) Deliver(DateTimeOffset at, DateTimeOffset realAt, string? by)
    {
        if (DeliveredAt is not null)
            throw new InvalidOperationException($"Inject '{Id}' was delivered at {DeliveredAt:O}.");
        var delivered = this with { DeliveredAt = at, DeliveredRealAt = realAt, DeliveredBy = by };
        return (delivered, new ExerciseInjectDelivered
        {
            Scenario = Scenario, InjectId = Id, DueAfter = DueAfter, Kind = Kind, Params = Params, ExpectedAction = ExpectedAction,
            ObjectiveId = ObjectiveId, ForOrganisation = ForOrganisation, DeliveredBy = by, At = at, RealAt = realAt,
        });
    }

    /// <summary>The line the live page shows when an inject is delivered: what happens, and what the players are expected to do.</summary>
    public static string AlertOf(ExerciseInjectDelivered delivered)
    {
        string? Param(string name) => InjectParams.Text(delivered.Params, name);
        var hours = InjectParams.Hours(delivered.Params);
        var what = delivered.Kind switch
        {
            InjectKinds.Surge => $"{InjectParams.Count(delivered.Params, "people")} more people come forward at {Param("place")}",
            InjectKinds.BorderClosed => $"{Param("site")} is closed for {hours:0.#} hours",
            InjectKinds.OfferWithdrawn => $"the next {Param("mode")} offer from {Param("from")} is withdrawn",
            InjectKinds.DepartureDelayed => $"the next {Param("mode")} departure from {Param("from")} is delayed by {hours:0.#} hours",
            InjectKinds.Message => $"message from {Param("from")}: \"{Param("text")}\"",
            _ => delivered.Kind,
        };
        var to = delivered.ForOrganisation is { } organisation ? $" (for {organisation})" : "";
        return $"EXERCISE inject {delivered.InjectId}{to}: {what}. Expected: {delivered.ExpectedAction}";
    }
}
