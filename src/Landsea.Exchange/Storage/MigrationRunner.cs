using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;

namespace Landsea.Exchange.Storage;

/// <summary>One versioned schema script: <c>NNNN_name.sql</c>, run once, in version order.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The scripts of one owner of tables (the node's data, the exchange) and the table that records which of them ran.
/// <paramref name="Adopted"/> (optional) inspects a database whose record is still empty and returns the versions whose
/// effect is already there, so that a database made before the owner had migrations upgrades in place: those versions are
/// recorded without running them, the rest run.
/// </summary>
/// <param name="Owner">A short name for messages, for example <c>data</c> or <c>exchange</c>.</param>
/// <param name="VersionTable">The owner's record, <c>(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)</c>.</param>
/// <param name="Scripts">The owner's scripts for a dialect, any order (the runner sorts by version).</param>
public sealed record MigrationSet(
    string Owner,
    string VersionTable,
    Func<SqlDialect, IReadOnlyList<Migration>> Scripts,
    Func<UnitOfWork, CancellationToken, Task<IReadOnlySet<int>>>? Adopted = null)
{
    /// <summary>
    /// Reads the scripts embedded in <paramref name="assembly"/> under <c>&lt;prefix&gt;.Sqlite.</c> or
    /// <c>&lt;prefix&gt;.Postgres.</c>; each resource name ends in <c>NNNN_name.sql</c>.
    /// </summary>
    public static IReadOnlyList<Migration> Embedded(Assembly assembly, string prefix, SqlDialect dialect)
    {
        string folder = $"{prefix}.{(dialect == SqlDialect.Sqlite ? "Sqlite" : "Postgres")}.";
        var scripts = new List<Migration>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(folder, StringComparison.Ordinal)))
        {
            string file = name[folder.Length..];
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            scripts.Add(new Migration(int.Parse(file[..4], CultureInfo.InvariantCulture), file, reader.ReadToEnd()));
        }

        return scripts;
    }
}

/// <summary>
/// Runs the versioned scripts of every owner, in the order the sets are given, in one transaction: either the whole upgrade
/// commits or nothing changes. Safe to call on every start; concurrent callers on PostgreSQL serialise on an advisory lock.
/// </summary>
public static class MigrationRunner
{
    /// <summary>The PostgreSQL advisory lock key every migrating node takes (held until the transaction ends).</summary>
    public const long AdvisoryLockKey = 762010;

    /// <summary>Brings every owner's tables to its newest version; returns the scripts that ran (owner and file name).</summary>
    public static async Task<IReadOnlyList<string>> RunAsync(DbConnection connection, IReadOnlyList<MigrationSet> sets, TimeProvider? time = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        SqlDialect dialect = SqlDialects.Of(connection);
        if (dialect == SqlDialect.Sqlite)
        {
            // Persistent in the file, and refused inside a transaction, so set before it.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: ct));
        }

        var ran = new List<string>();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(connection, time, ct);
        DbTransaction tx = work.Transaction;
        if (dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", transaction: tx, cancellationToken: ct));
        }

        foreach (MigrationSet set in sets)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"CREATE TABLE IF NOT EXISTS {set.VersionTable} (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", transaction: tx, cancellationToken: ct));
            var applied = (await connection.QueryAsync<long>(new CommandDefinition($"SELECT version FROM {set.VersionTable}", transaction: tx, cancellationToken: ct)))
                .Select(v => (int)v).ToHashSet();
            string at = StoredTime.Iso(time.GetUtcNow());
            IReadOnlyList<Migration> scripts = [.. set.Scripts(dialect).OrderBy(s => s.Version)];
            if (applied.Count == 0 && set.Adopted is not null)
            {
                foreach (int version in await set.Adopted(work, ct))
                {
                    await Record(connection, tx, set, version, at, ct);
                    applied.Add(version);
                }
            }

            foreach (Migration script in scripts.Where(s => !applied.Contains(s.Version)))
            {
                // Run once, so not kept in Dapper's statement cache.
                await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: tx, flags: CommandFlags.NoCache, cancellationToken: ct));
                await Record(connection, tx, set, script.Version, at, ct);
                ran.Add($"{set.Owner}/{script.Name}");
            }
        }

        await work.CommitAsync(ct);
        return ran;
    }

    /// <summary>Whether a table exists in the connection's database (PostgreSQL: in the current schema).</summary>
    public static Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken ct) => TableExistsAsync(connection, null, table, ct);

    /// <summary>Whether a table exists, read inside <paramref name="work"/>.</summary>
    public static Task<bool> TableExistsAsync(UnitOfWork work, string table, CancellationToken ct) => TableExistsAsync(work.Connection, work.Transaction, table, ct);

    /// <summary>Whether a table has a column, read inside <paramref name="work"/> (PostgreSQL: in the current schema).</summary>
    public static Task<bool> ColumnExistsAsync(UnitOfWork work, string table, string column, CancellationToken ct) => ColumnExistsAsync(work.Connection, work.Transaction, table, column, ct);

    private static async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction? transaction, string table, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlDialects.Of(connection) == SqlDialect.Postgres
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }, transaction, cancellationToken: ct)) > 0;

    private static async Task<bool> ColumnExistsAsync(DbConnection connection, DbTransaction? transaction, string table, string column, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqlDialects.Of(connection) == SqlDialect.Postgres
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND column_name = @column"
            : "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column", new { table, column }, transaction, cancellationToken: ct)) > 0;

    private static Task<int> Record(DbConnection connection, DbTransaction tx, MigrationSet set, int version, string at, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition($"INSERT INTO {set.VersionTable} (version, applied_at) VALUES (@version, @at)",
            new { version = (long)version, at }, tx, cancellationToken: ct));
}
