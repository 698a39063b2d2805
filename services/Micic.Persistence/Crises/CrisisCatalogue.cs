using System.Collections.Concurrent;
using Micic.ServiceDefaults.ReferenceData;
using Npgsql;

namespace Micic.Persistence.Crises;

/// <summary>
/// The crises a service accepts wherever a crisis id is given: those of <c>seeds/crises.json</c> and those declared by
/// coordinators, which each service learns from <c>CrisisDeclared</c> into its own <c>declared_crisis</c> table
/// (<see cref="DeclaredCrisisConsumer"/>). A declared crisis once found is cached; an id not cached is looked up in the
/// table, so every instance of a service knows a crisis as soon as one of them has learnt it.
/// </summary>
public sealed class CrisisCatalogue(SeedData seeds, NpgsqlDataSource dataSource)
{
    readonly ConcurrentDictionary<string, Crisis> _declared = new(StringComparer.Ordinal);

    /// <summary>A declared crisis is named by a new GUID, so it never collides with a seeded one.</summary>
    public static string NewId() => Guid.NewGuid().ToString("D");

    /// <returns>The crisis of that id, or null when there is none (an empty id included).</returns>
    public async ValueTask<Crisis?> Find(string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id))
            return null;
        if (seeds.Crises.TryGetValue(id, out var seeded))
            return seeded;
        if (_declared.TryGetValue(id, out var known))
            return known;
        // Anything but a declared crisis's id (a typo, a hostile string) is answered without asking the database.
        if (!Guid.TryParseExact(id, "D", out _))
            return null;
        await using var command = dataSource.CreateCommand("SELECT id, name, country, declared_at FROM declared_crisis WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await Read(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Every crisis, seeded and declared: for checking many ids at once (an import).</summary>
    public async Task<IReadOnlyDictionary<string, Crisis>> All(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, country, declared_at FROM declared_crisis");
        var all = new Dictionary<string, Crisis>(seeds.Crises, StringComparer.Ordinal);
        foreach (var declared in await Read(command, cancellationToken))
            all.TryAdd(declared.Id, declared);
        return all;
    }

    async Task<List<Crisis>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var crises = new List<Crisis>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            crises.Add(_declared.GetOrAdd(reader.GetString(0),
                new Crisis(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3))));
        return crises;
    }
}
