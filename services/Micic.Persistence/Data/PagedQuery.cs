using Npgsql;

namespace Micic.Persistence.Data;

/// <summary>A list page and the total it belongs to, in one round trip: both statements share the command's parameters.</summary>
public static class PagedQuery
{
    /// <param name="command">A command with the filter's parameters already added.</param>
    /// <param name="columns">What one item is made of.</param>
    /// <param name="from">The <c>FROM … WHERE …</c> both statements share.</param>
    /// <param name="orderBy">A stable order, so that pages do not overlap.</param>
    public static async Task<(IReadOnlyList<T> Items, long Total)> Read<T>(NpgsqlCommand command, string columns, string from, string orderBy,
        (int Size, int Offset) page, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        command.CommandText = $"""
            SELECT count(*) {from};
            SELECT {columns} {from} ORDER BY {orderBy} LIMIT @limit OFFSET @offset;
            """;
        command.Parameters.Add(new NpgsqlParameter<int>("limit", page.Size));
        command.Parameters.Add(new NpgsqlParameter<int>("offset", page.Offset));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            items.Add(read(reader));
        return (items, total);
    }
}
