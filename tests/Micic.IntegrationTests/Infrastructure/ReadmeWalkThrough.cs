using System.Text;
using System.Text.RegularExpressions;

namespace Micic.IntegrationTests.Infrastructure;

/// <summary>
/// The README's "Use it" section as the one bash script it promises to be: every <c>```bash</c> block between "## Use it"
/// and "## Configure it", in order, in one shell. Blocks that cannot run unattended are <c>```text</c> there, so the rule
/// stays that simple.
/// </summary>
public static partial class ReadmeWalkThrough
{
    public const string Start = "## Use it";
    public const string End = "## Configure it";

    /// <summary>A block as the README holds it: the line its first command is on, and its commands.</summary>
    public sealed record Block(int Line, IReadOnlyList<string> Commands);

    /// <summary>
    /// Said once, before the README's commands: stop at the first failure, and let no refusal pass unseen. The README's
    /// commands call curl with -s only (a 4xx answer is no failure to curl), so curl is wrapped: an answer of 400 or more
    /// stops the walk-through where it happened, with the answer — unless the command prints the status itself
    /// (<c>-w '%{http_code}'</c>), which is how the README shows a refusal it expects.
    /// </summary>
    public const string Preamble = """
        set -euo pipefail
        curl() {
          case " $* " in *" -w "*|*" --write-out "*) command curl "$@"; return ;; esac
          local out status
          out=$(command curl "$@" -w '\n%{http_code}') || return
          status=${out##*$'\n'}
          out=${out%$'\n'*}
          if [ "$status" -ge 400 ]; then
            printf 'walk-through: HTTP %s from curl %s\n%s\n' "$status" "$*" "$out" >&2
            return 22
          fi
          if [ -n "$out" ]; then printf '%s\n' "$out"; fi
        }

        """;

    /// <summary>The bash blocks of "Use it", in order; throws when there are none, or when one still holds a placeholder.</summary>
    public static IReadOnlyList<Block> Blocks(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.IndexOf(lines, Start);
        var end = Array.IndexOf(lines, End);
        if (start < 0 || end < start)
            throw new InvalidOperationException($"The README has no \"{Start}\" section followed by \"{End}\".");

        var blocks = new List<Block>();
        for (var index = start + 1; index < end; index++)
        {
            if (Fence().Match(lines[index]) is not { Success: true } open || open.Groups["language"].Value != "bash")
                continue;
            var indent = open.Groups["indent"].Value;
            var commands = new List<string>();
            var first = index + 2; // one-based, the line after the fence
            for (index++; index < end && lines[index].TrimEnd() != indent + "```"; index++)
                commands.Add(lines[index].StartsWith(indent, StringComparison.Ordinal) ? lines[index][indent.Length..] : lines[index]);
            if (index == end)
                throw new InvalidOperationException($"The bash block of README line {first - 1} is not closed before \"{End}\".");
            blocks.Add(new Block(first, commands));
        }
        if (blocks.Count == 0)
            throw new InvalidOperationException($"The README's \"{Start}\" section holds no ```bash block: nothing to walk through.");

        var placeholders = blocks
            .SelectMany(block => block.Commands.Select((command, offset) => (Line: block.Line + offset, Code: Code(command))))
            .Where(line => Placeholder().IsMatch(line.Code) || line.Code.Contains('…'))
            .Select(line => $"line {line.Line}: {line.Code.Trim()}")
            .ToList();
        if (placeholders.Count > 0)
            throw new InvalidOperationException("The README's walk-through still holds placeholders where a value must be typed " +
                "(capture it from the answer that creates it instead):\n" + string.Join('\n', placeholders));
        return blocks;
    }

    /// <summary>The whole walk-through as one script; each block first says on stderr where it comes from.</summary>
    public static string Script(string readme)
    {
        var script = new StringBuilder(Preamble);
        foreach (var block in Blocks(readme))
        {
            var firstCommand = block.Commands.FirstOrDefault(command => command.Trim().Length > 0 && !command.TrimStart().StartsWith('#')) ?? "";
            script.Append($"printf '%s\\n' {Quoted($"### README line {block.Line}: {firstCommand.Trim()}")} >&2\n");
            foreach (var command in block.Commands)
                script.Append(command).Append('\n');
        }
        return script.ToString();
    }

    /// <summary>A line without its comment: the README's answers (<c># → …</c>) may abbreviate, its commands may not.</summary>
    static string Code(string line) =>
        line.TrimStart().StartsWith('#') ? "" : line.IndexOf(" # ", StringComparison.Ordinal) is var comment and >= 0 ? line[..comment] : line;

    static string Quoted(string text) => "'" + text.Replace("'", "'\\''") + "'";

    [GeneratedRegex("^(?<indent> *)```(?<language>[a-z]*)$")]
    private static partial Regex Fence();

    /// <summary>A value left for the reader to fill in: <c>&lt;id&gt;</c>, <c>&lt;requestId&gt;</c>, <c>&lt;actor id&gt;</c>.</summary>
    [GeneratedRegex("<[A-Za-z][A-Za-z0-9 _-]*>")]
    private static partial Regex Placeholder();
}
