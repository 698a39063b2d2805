using Micic.IntegrationTests.Infrastructure;

namespace Micic.IntegrationTests.EndToEnd;

/// <summary>How the README's walk-through is read out of it (no platform needed): what runs, and what stops it from running.</summary>
public sealed class ReadmeWalkThroughScriptTests
{
    const string Around = "# Micic\n\n## Run it\n\n```bash\ndotnet run --project Micic.AppHost\n```\n\n";

    [Fact]
    public void The_readme_holds_a_walk_through_with_nothing_left_to_fill_in()
    {
        var blocks = ReadmeWalkThrough.Blocks(File.ReadAllText(Path.Combine(Repository.Root, "README.md")));

        Assert.True(blocks.Count >= 10, $"only {blocks.Count} bash blocks in \"Use it\"");
        Assert.StartsWith("export MICIC=", blocks[0].Commands.First(command => !command.StartsWith('#')));
        // Times are now, and addresses $MICIC, so that the commands run on today's platform wherever it listens.
        Assert.DoesNotContain(blocks.SelectMany(block => block.Commands).Where(command => !command.TrimStart().StartsWith('#')),
            command => command.Contains("2011-") || command.Contains("127.0.0.1:8080/"));
    }

    [Fact]
    public void Only_bash_blocks_between_use_it_and_configure_it_run_in_order_nested_ones_unindented()
    {
        var readme = Around + """
            ## Use it

            ```bash
            export MICIC=${MICIC:-http://127.0.0.1:8080}
            ```

            ```text
            dotnet run --project Micic.AppHost -- --no-replay
            ```

            - a list item:

              ```bash
              ID=$(curl -s $MICIC/api/things | jq -r .id)   # the new thing
              # → {"id":"…"}
              ```

            ## Configure it

            ```bash
            echo not part of it
            ```
            """;

        var blocks = ReadmeWalkThrough.Blocks(readme);
        var script = ReadmeWalkThrough.Script(readme);

        Assert.Equal([["export MICIC=${MICIC:-http://127.0.0.1:8080}"], ["ID=$(curl -s $MICIC/api/things | jq -r .id)   # the new thing", "# → {\"id\":\"…\"}"]],
            blocks.Select(block => block.Commands.ToArray()));
        Assert.StartsWith("set -euo pipefail\n", script);
        Assert.DoesNotContain("dotnet run", script);
        Assert.DoesNotContain("not part of it", script);
        Assert.True(script.IndexOf("export MICIC", StringComparison.Ordinal) < script.IndexOf("ID=$(curl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curl -s $MICIC/api/requests/<id> -H \"Authorization: Bearer $UNHCR\"", "<id>")]
    [InlineData("curl -s \"$MICIC/api/audit?actor=<actor id>\"", "<actor id>")]
    [InlineData("curl -s -d '{\"personId\":\"…\"}' $MICIC/api/manifests", "…")]
    public void A_placeholder_left_in_a_command_stops_it_and_says_where(string command, string placeholder)
    {
        var readme = Around + $"## Use it\n\n```bash\nexport MICIC=http://127.0.0.1:8080\n{command}\n```\n\n## Configure it\n";

        var refusal = Assert.Throws<InvalidOperationException>(() => ReadmeWalkThrough.Blocks(readme));

        Assert.Contains("line 13", refusal.Message);
        Assert.Contains(placeholder, refusal.Message);
    }

    [Fact]
    public void A_use_it_section_without_bash_blocks_is_no_walk_through()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            ReadmeWalkThrough.Blocks(Around + "## Use it\n\n```text\nopen the dashboard\n```\n\n## Configure it\n"));

        Assert.Contains("no ```bash block", refusal.Message);
    }
}
