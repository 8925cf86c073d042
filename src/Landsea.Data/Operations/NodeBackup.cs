using System.Data.Common;
using Dapper;
using Landsea.Data.Access;
using Landsea.Exchange.Storage;
using Landsea.Shared;
using Microsoft.Data.Sqlite;

namespace Landsea.Data.Operations;

/// <summary>The schema versions a node database records, per owner, beside the newest this binary knows.</summary>
/// <param name="Data">Newest version in <c>schema_version</c> (0: none).</param>
/// <param name="Exchange">Newest version in <c>exchange_schema_version</c> (0: none).</param>
public sealed record SchemaVersions(int Data, int Exchange, int KnownData, int KnownExchange)
{
    public bool Newer => Data > KnownData || Exchange > KnownExchange;
}

/// <summary>What a backup or restore wrote: the file, its size in bytes and the schema versions it holds.</summary>
public sealed record BackupReport(string File, long Bytes, SchemaVersions Schema);

/// <summary>
/// Backup and restore of a SQLite node database (issue 16 item 7), with SQLite's online backup API: the copy is one
/// consistent snapshot (taken under one read transaction) even while the node writes, and a restore replaces the target's
/// pages in one write transaction, so an interrupted restore leaves the old database whole. PostgreSQL is backed up with
/// <c>pg_dump -Fc</c> and restored with <c>pg_restore</c> (<see cref="PgDumpCommand"/>), not here.
/// </summary>
public static class NodeBackup
{
    /// <summary>Newest script version of each owner this binary carries.</summary>
    public static (int Data, int Exchange) Known { get; } = (
        NodeDatabase.Migrations.Scripts(SqlDialect.Sqlite).Max(m => m.Version),
        ExchangeMigrations.Set.Scripts(SqlDialect.Sqlite).Max(m => m.Version));

    /// <summary>The pg_dump line that backs up <paramref name="db"/> (password left to PGPASSWORD or ~/.pgpass).</summary>
    public static string PgDumpCommand(NodeDatabase db, string file)
    {
        ArgumentNullException.ThrowIfNull(db);
        var b = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
        return $"pg_dump -Fc -h {b.Host} -p {b.Port} -U {b.Username} -d {b.Database} -f {file}";
    }

    /// <summary>The pg_restore line that restores <paramref name="file"/> into <paramref name="db"/> (an empty database made with createdb).</summary>
    public static string PgRestoreCommand(NodeDatabase db, string file)
    {
        ArgumentNullException.ThrowIfNull(db);
        var b = new Npgsql.NpgsqlConnectionStringBuilder(db.ConnectionString);
        return $"pg_restore --no-owner --exit-on-error -h {b.Host} -p {b.Port} -U {b.Username} -d {b.Database} {file}";
    }

    /// <summary>
    /// Copies the node database to <paramref name="target"/>, which must not exist: written to a temporary file beside it,
    /// checked (<c>PRAGMA quick_check</c>), then renamed into place, so the target is either absent or a whole backup.
    /// </summary>
    public static async Task<Result<BackupReport>> BackupAsync(NodeDatabase source, string target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Provider != SqlDialect.Sqlite)
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.UsePgDump, $"a PostgreSQL database is backed up with pg_dump: {PgDumpCommand(source, target)}");
        }

        if (!File.Exists(source.Display))
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.BackupSourceMissing, $"no node database at {source.Display}.");
        }

        string full = Path.GetFullPath(target);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.BackupTargetExists, $"{full} exists already; a backup never overwrites a file. Give a new name.");
        }

        Result<SchemaVersions> schema = await InspectAsync(source.Display, ct);
        if (!schema.IsValid)
        {
            return schema.Failure!;
        }

        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string partial = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            await using (DbConnection from = await source.OpenAsync(ct))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ConnectionString))
            {
                await to.OpenAsync(ct);
                ((SqliteConnection)from).BackupDatabase(to);
                // A backup is one file: no WAL beside it when it is copied or moved.
                await to.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=DELETE", cancellationToken: ct));
                string check = await to.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA quick_check", cancellationToken: ct)) ?? "";
                if (check != "ok")
                {
                    throw new InvalidOperationException($"the backup copy failed its integrity check: {check}");
                }
            }

            File.Move(partial, full, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }

        return new BackupReport(full, new FileInfo(full).Length, schema.Value);
    }

    /// <summary>
    /// Replaces the node database <paramref name="target"/> with the backup <paramref name="backup"/>: checked first (a
    /// Landsea database, with schema versions this binary knows), refused over an existing database unless
    /// <paramref name="force"/>. The node must be stopped. Pending migrations run at the node's next start (or <c>landsea migrate</c>).
    /// </summary>
    public static async Task<Result<BackupReport>> RestoreAsync(string backup, NodeDatabase target, bool force, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Provider != SqlDialect.Sqlite)
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.UsePgDump, $"a PostgreSQL database is restored with pg_restore into an empty database: {PgRestoreCommand(target, backup)}");
        }

        string full = Path.GetFullPath(backup);
        if (!File.Exists(full))
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.NotALandseaDatabase, $"no backup file at {full}.");
        }

        Result<SchemaVersions> schema = await InspectAsync(full, ct);
        if (!schema.IsValid)
        {
            return schema.Failure!;
        }

        if (File.Exists(target.Display) && !force)
        {
            return Result<BackupReport>.Fail(AccountErrorCodes.RestoreTargetExists,
                $"{target.Display} exists; restoring replaces it. Stop the node, then give --force (or restore to a new file).");
        }

        await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString))
        await using (DbConnection to = await target.OpenAsync(ct))
        {
            await from.OpenAsync(ct);
            from.BackupDatabase((SqliteConnection)to);
            string check = await to.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA quick_check", cancellationToken: ct)) ?? "";
            if (check != "ok")
            {
                throw new InvalidOperationException($"the restored database failed its integrity check: {check}");
            }

            // The backup was written in rollback-journal mode; the node runs in WAL.
            await to.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL", cancellationToken: ct));
        }

        SqliteConnection.ClearAllPools();
        return new BackupReport(target.Display, new FileInfo(target.Display).Length, schema.Value);
    }

    /// <summary>
    /// Reads a SQLite file's schema records without changing it: LS842 when it is not SQLite or has no Landsea records,
    /// LS843 when it holds versions newer than this binary knows.
    /// </summary>
    public static async Task<Result<SchemaVersions>> InspectAsync(string file, CancellationToken ct = default)
    {
        byte[] header = new byte[16];
        await using (FileStream s = File.OpenRead(file))
        {
            if (await s.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct) < header.Length || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            {
                return Result<SchemaVersions>.Fail(AccountErrorCodes.NotALandseaDatabase, $"{file} is not a SQLite database.");
            }
        }

        await using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await c.OpenAsync(ct);
        if (!await MigrationRunner.TableExistsAsync(c, NodeDatabase.Migrations.VersionTable, ct) || !await MigrationRunner.TableExistsAsync(c, ExchangeMigrations.Set.VersionTable, ct))
        {
            return Result<SchemaVersions>.Fail(AccountErrorCodes.NotALandseaDatabase,
                $"{file} is a SQLite database but not a Landsea node's (no {NodeDatabase.Migrations.VersionTable} and {ExchangeMigrations.Set.VersionTable} records).");
        }

        int data = await c.ExecuteScalarAsync<int?>(new CommandDefinition($"SELECT MAX(version) FROM {NodeDatabase.Migrations.VersionTable}", cancellationToken: ct)) ?? 0;
        int exchange = await c.ExecuteScalarAsync<int?>(new CommandDefinition($"SELECT MAX(version) FROM {ExchangeMigrations.Set.VersionTable}", cancellationToken: ct)) ?? 0;
        var versions = new SchemaVersions(data, exchange, Known.Data, Known.Exchange);
        return versions.Newer
            ? Result<SchemaVersions>.Fail(AccountErrorCodes.SchemaNewer,
                $"{file} holds schema data {data}, exchange {exchange}; this landsea knows up to data {Known.Data}, exchange {Known.Exchange}. Use the newer landsea that wrote it.")
            : versions;
    }
}
