using System.Text.Json;
using Micic.Replay;
using Micic.ServiceDefaults.ReferenceData;

namespace Micic.UnitTests.Replay;

public class InjectActorsTests
{
    static readonly CrisisScenario Libya = CrisisScenario.Load(Path.Combine(SeedData.FindFolder(null), "scenarios", "libya-2011.json"));

    static readonly Func<string, string> ReceiverAt = site => site.StartsWith("TN-", StringComparison.Ordinal) ? "transit-tun" : "transit-egy";

    static DeliveredInject Inject(string kind, string parameters) =>
        new("i1", kind, "delivered", DateTimeOffset.UtcNow, null, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(parameters));

    [Theory]
    [InlineData("border-closed", """{"site": "TN-RAS-AJDIR", "hours": 6}""", "transit-tun")]
    [InlineData("border-closed", """{"site": "EG-SALLOUM", "hours": 4}""", "transit-egy")]
    [InlineData("offer-withdrawn", """{"mode": "sea", "from": "LY-BEN-PORT"}""", "greek-ferry")]
    [InlineData("departure-delayed", """{"mode": "air", "from": "LY-TIP-AIRPORT", "hours": 4}""", "egyptair-charter")]
    [InlineData("surge", """{"place": "LY-BEN-PORT", "people": 60}""", "unhcr")]
    public void The_world_event_of_an_inject_is_made_by_the_organisation_that_would(string kind, string parameters, string actor)
    {
        Assert.Equal(actor, InjectActors.ActorOf(Inject(kind, parameters), Libya, ReceiverAt, intakeDesk: "unhcr"));
    }

    [Fact]
    public void A_message_or_a_route_the_scenario_does_not_run_has_no_one_to_act_it_out()
    {
        Assert.Null(InjectActors.ActorOf(Inject("message", """{"from": "consulate-bgd", "text": "?"}"""), Libya, ReceiverAt, "unhcr"));
        Assert.Null(InjectActors.ActorOf(Inject("offer-withdrawn", """{"mode": "air", "from": "LY-BEN-PORT"}"""), Libya, ReceiverAt, "unhcr"));
        Assert.Null(InjectActors.ActorOf(Inject("surge", """{"place": "LY-BEN-PORT", "people": 60}"""), Libya, ReceiverAt, intakeDesk: null));
    }

    [Fact]
    public void The_simulator_leaves_an_inject_to_the_players_of_its_organisation()
    {
        var closure = Inject("border-closed", """{"site": "TN-RAS-AJDIR", "hours": 6}""");
        var players = new HashSet<string> { "transit-tun" };

        Assert.False(InjectActors.Simulated(closure, "transit-tun", players));
        Assert.True(InjectActors.Simulated(closure, "transit-egy", players));
        Assert.False(InjectActors.Simulated(Inject("message", """{"from": "x", "text": "y"}"""), null, players));
    }
}
