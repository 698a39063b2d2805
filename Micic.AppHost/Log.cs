namespace Micic.AppHost;

/// <summary>Console output for the launcher and the processes it runs: one line per write, timestamped, prefixed with its source.</summary>
public static class Log
{
    private static readonly object Gate = new();

    // Colours only help a person at a terminal; redirected output (CI, files) stays plain text.
    private static readonly bool UseColour = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    private static readonly string[] Palette = ["36", "32", "33", "35", "34", "96", "92", "93", "95", "94"];

    public static void Info(string message) => Write("apphost", message);

    public static void Error(string message) => Write("apphost", UseColour ? $"\u001b[31m{message}\u001b[0m" : message);

    /// <summary>A log callback for a named source, as the server classes take.</summary>
    public static Action<string> For(string source, int colour = -1) => message => Write(source, message, colour);

    public static void Write(string source, string message, int colour = -1)
    {
        var prefix = UseColour && colour >= 0 ? $"\u001b[{Palette[colour % Palette.Length]}m[{source}]\u001b[0m" : $"[{source}]";
        var line = $"{DateTime.Now:HH:mm:ss.fff} {prefix} {message}";
        lock (Gate)
        {
            Console.Out.WriteLine(line);
        }
    }

    /// <summary>Text printed as is (tables, usage), kept whole against interleaving with process output.</summary>
    public static void Plain(string text)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(text);
        }
    }
}
