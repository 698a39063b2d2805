using System.Text.Json;
using Micic.Contracts;

namespace Micic.Replay;

/// <summary>An inject as the controller lists it (<c>GET /api/exercise</c>).</summary>
public sealed record DeliveredInject(string Id, string Kind, string Status, DateTimeOffset? DeliveredAt, string? ForOrganisation,
    IReadOnlyDictionary<string, JsonElement>? Params)
{
    public bool IsDelivered => Status == "delivered";

    public string? Text(string name) => InjectParams.Text(Params, name);

    public double? Hours => InjectParams.Hours(Params);

    public int? People => InjectParams.Count(Params, "people");
}

/// <summary>
/// Who makes an inject's world event happen: the State's transit authority closes its site, the carrier withdraws or
/// delays its movement, intake desks register a surge. A message is for the players alone: nobody acts it out. Where that
/// organisation is played by people, the world event is theirs to make.
/// </summary>
public static class InjectActors
{
    /// <param name="receiverAt">The organisation that receives people at a site.</param>
    /// <param name="intakeDesk">The intake desk that registers people the simulator brings forward, null when every desk is played.</param>
    public static string? ActorOf(DeliveredInject inject, CrisisScenario scenario, Func<string, string> receiverAt, string? intakeDesk) =>
        inject.Kind switch
        {
            InjectKinds.BorderClosed => inject.Text("site") is { } site ? receiverAt(site) : null,
            InjectKinds.OfferWithdrawn or InjectKinds.DepartureDelayed => CarrierOf(scenario, inject.Text("mode"), inject.Text("from")),
            InjectKinds.Surge => intakeDesk,
            _ => null,
        };

    /// <summary>The carrier of the scenario's route of that mode from that place, if any.</summary>
    public static string? CarrierOf(CrisisScenario scenario, string? mode, string? from) =>
        scenario.Routes.FirstOrDefault(route => route.Mode == mode && route.From == from)?.Provider;

    /// <summary>
    /// Whether the simulator plays the inject's world event: not a message, and not one whose organisation is played by
    /// people (nor a surge when every intake desk is).
    /// </summary>
    public static bool Simulated(DeliveredInject inject, string? actor, IReadOnlySet<string> players) =>
        inject.Kind != InjectKinds.Message && actor is not null && !players.Contains(actor);
}
