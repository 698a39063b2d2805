using Npgsql;

namespace Micic.IntegrationTests.Infrastructure;

public static class Sql
{
    /// <summary>A whole-number query result (a count, a version); 0 when the query finds nothing.</summary>
    public static async Task<int> Number(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is { } value and not DBNull ? Convert.ToInt32(value) : 0;
    }

    /// <summary>Every row of a query, each made into a value by <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> Rows<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(read(reader));
        return rows;
    }
}
