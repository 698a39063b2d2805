using Micic.AppHost;

namespace Micic.UnitTests.Replay;

public class ReplayOptionsTests
{
    static AppHostOptions Parse(params string[] args) => AppHostOptions.Parse(args, _ => null);

    [Fact]
    public void By_default_the_short_libya_replay_is_left_for_the_launcher_to_decide()
    {
        var options = Parse();

        Assert.Equal(ReplayChoice.Default, options.Replay);
        Assert.Equal(("libya-2011", 2_000, 720.0), (options.ReplaySettings.Scenario, options.ReplaySettings.People, options.ReplaySettings.Speed));
    }

    [Fact]
    public void Asking_for_people_or_a_speed_asks_for_a_replay_unless_replays_are_switched_off()
    {
        Assert.Equal(ReplayChoice.Always, Parse("--replay-people", "100000").Replay);
        Assert.Equal(ReplayChoice.Always, Parse("--replay-speed=60").Replay);
        Assert.Equal(ReplayChoice.Never, Parse("--no-replay", "--replay-people", "500").Replay);
        Assert.Equal(("my-crisis", 500, 60.0), Parse("--replay", "my-crisis", "--replay-people", "500", "--replay-speed", "60").ReplaySettings switch
        {
            var s => (s.Scenario, s.People, s.Speed),
        });
    }

    [Theory]
    [InlineData("--replay-people", "0")]
    [InlineData("--replay-people", "many")]
    [InlineData("--replay-speed", "0.5")]
    [InlineData("--replay-speed", "0")]
    [InlineData("--replay-speed", "100000")]
    [InlineData("--replay-speed", "fast")]
    [InlineData("--trace-share", "1.5")]
    [InlineData("--trace-share", "-0.1")]
    [InlineData("--trace-share", "some")]
    public void A_bad_replay_number_is_refused_with_the_option_named(string option, string value)
    {
        var refused = Assert.Throws<LaunchException>(() => Parse(option, value));
        Assert.Contains(option, refused.Message);
    }

    [Fact]
    public void Existing_servers_come_from_options_or_from_Aspire_connection_strings_in_the_environment()
    {
        var given = AppHostOptions.Parse(["--redis", "cache:6379", "--rabbitmq", "amqp://broker:5672/"], _ => null);
        Assert.Equal(("cache:6379", "amqp://broker:5672/"), (given.ExternalRedis, given.ExternalRabbitMq));

        var environment = new Dictionary<string, string> { ["ConnectionStrings__postgres"] = "Host=db;Username=micic", ["ConnectionStrings__redis"] = "cache:6379" };
        var fromEnvironment = AppHostOptions.Parse([], name => environment.GetValueOrDefault(name));
        Assert.Equal(("Host=db;Username=micic", "cache:6379", null), (fromEnvironment.ExternalPostgres, fromEnvironment.ExternalRedis, fromEnvironment.ExternalRabbitMq));
    }

    [Fact]
    public void Replicas_are_counted_per_service_and_the_gateway_can_have_several_too()
    {
        var options = Parse("--replicas", "matching=3,gateway=2", "--replicas=offers=2");
        Assert.Equal((3, 2, 2, 1), (options.ReplicasOf("matching"), options.ReplicasOf("gateway"), options.ReplicasOf("offers"), options.ReplicasOf("requests")));
        Assert.Contains("requests", Assert.Throws<LaunchException>(() => Parse("--replicas", "postgres=2")).Message);
    }

    [Fact]
    public void Traces_are_kept_by_rate_unless_a_share_is_asked_for()
    {
        Assert.Null(Parse().TraceShare);
        Assert.Equal(0.1, Parse("--trace-share", "0.1").TraceShare);
        Assert.Equal(0.0, Parse("--trace-share=0").TraceShare);
    }
}
