using System.Text.Json;
using System.Text.Json.Serialization;

namespace Micic.ServiceDefaults.Http;

/// <summary>
/// Every string a client sends in JSON is printable text: control characters (a bell, an escape, a backspace) would be
/// stored as given and then shown, exported to CSV and printed on manifests. Tabs and line breaks stay allowed, for
/// notes and reasons. A refusal names the field, like any other malformed body.
/// </summary>
public sealed class PrintableText : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && HasControlCharacters(text)
            ? throw new JsonException("Control characters are not allowed in text (tabs and line breaks are).")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public static bool HasControlCharacters(string text) =>
        text.AsSpan().ContainsAnyInRange('\u0000', '\u0008') || text.AsSpan().ContainsAnyInRange('\u000B', '\u000C')
        || text.AsSpan().ContainsAnyInRange('\u000E', '\u001F') || text.AsSpan().ContainsAnyInRange('\u007F', '\u009F');
}
