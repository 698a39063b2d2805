namespace Micic.AppHost.Servers;

/// <summary>
/// The SQL that gives each service's role its own database and nothing more: a login that is no superuser and can create
/// neither databases nor roles, the owner of its database and of the schema its migrations write to, and no way into a
/// database it does not own (PUBLIC's CONNECT is revoked from every one of them).
/// </summary>
public static class DatabaseGrants
{
    /// <summary>Creates the role, or resets an existing one to exactly these rights and this password.</summary>
    public static string Role(ServiceAccount account, bool exists) =>
        $"{(exists ? "ALTER" : "CREATE")} ROLE {Identifier(account.User)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS " +
        $"PASSWORD {Literal(account.Password)}";

    public static string CreateDatabase(string database, string owner) => $"CREATE DATABASE {Identifier(database)} OWNER {Identifier(owner)}";

    /// <summary>A database created before services had roles of their own (by the superuser) passes to its service.</summary>
    public static string GiveDatabase(string database, string owner) => $"ALTER DATABASE {Identifier(database)} OWNER TO {Identifier(owner)}";

    /// <summary>Only the owner (and superusers) may connect to it, or create temporary tables in it.</summary>
    public static string CloseToOthers(string database) => $"REVOKE ALL ON DATABASE {Identifier(database)} FROM PUBLIC";

    /// <summary>
    /// Run inside the database: its role owns the schema <c>public</c> (since PostgreSQL 15 only the database's owner may
    /// create there; before 15 it was everyone, and the schema the superuser's), and, when <paramref name="earlierObjects"/>,
    /// the tables, sequences, views, functions and types that the superuser's migrations made there before.
    /// </summary>
    public static IEnumerable<string> InDatabase(string owner, bool earlierObjects)
    {
        yield return $"ALTER SCHEMA public OWNER TO {Identifier(owner)}";
        if (!earlierObjects)
            yield break;
        // A sequence that belongs to a column (serial, identity) follows its table and cannot be given on its own.
        yield return $$"""
            DO $adopt$
            DECLARE statement text;
            BEGIN
                FOR statement IN
                    SELECT format('ALTER %s %s OWNER TO %I', kind, name, {{Literal(owner)}}) FROM (
                        SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                               c.oid::regclass::text, c.relowner
                        FROM pg_class c
                        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                          AND (c.relkind <> 'S' OR NOT EXISTS (
                              SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
                        UNION ALL
                        SELECT 'ROUTINE', p.oid::regprocedure::text, p.proowner FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
                        UNION ALL
                        SELECT 'TYPE', t.oid::regtype::text, t.typowner FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'
                    ) AS earlier (kind, name, owner)
                    WHERE owner <> (SELECT oid FROM pg_roles WHERE rolname = {{Literal(owner)}})
                LOOP
                    EXECUTE statement;
                END LOOP;
            END
            $adopt$
            """;
    }

    public static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"")}\"";

    public static string Literal(string value) => $"'{value.Replace("'", "''")}'";
}
