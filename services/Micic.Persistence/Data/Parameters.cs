using Npgsql;
using NpgsqlTypes;

namespace Micic.Persistence.Data;

/// <summary>Typed parameters for values that may be absent: written as SQL NULL, with the column type stated.</summary>
public static class Parameters
{
    public static NpgsqlParameter Optional<T>(string name, T? value, NpgsqlDbType type) where T : struct =>
        new NpgsqlParameter<T?>(name, type) { TypedValue = value };

    public static NpgsqlParameter OptionalText(string name, string? value) =>
        new NpgsqlParameter<string?>(name, NpgsqlDbType.Text) { TypedValue = value };

    /// <summary>One column of rows to insert, as an array for <c>unnest</c>.</summary>
    public static NpgsqlParameter Column<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };
}
