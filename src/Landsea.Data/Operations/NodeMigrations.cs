using System.Data.Common;
using Dapper;
using Landsea.Data.Access;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Data.Operations;

/// <summary>One migration script of one owner: <c>data/0013_account_events.sql</c>.</summary>
/// <param name="Adopted">A database made before the owner had versioned scripts already has its effect: recorded, not run.</param>
public sealed record PendingMigration(string Owner, int Version, string Name, bool Adopted = false);

/// <summary>
/// <c>landsea migrate</c> (issue 16 item 8): which scripts of each owner (the node's data, <c>schema_version</c>; the
/// exchange, <c>exchange_schema_version</c>) a database has not run yet, and running them, in one transaction, as
/// <see cref="NodeDatabase.MigrateAsync"/> does at every start.
/// </summary>
public static class NodeMigrations
{
    /// <summary>The owners, in the order they run.</summary>
    public static IReadOnlyList<MigrationSet> Sets { get; } = [NodeDatabase.Migrations, ExchangeMigrations.Set];

    /// <summary>The scripts not yet recorded, in the order they would run; changes nothing. LS843 when the database is newer than this binary.</summary>
    public static async Task<Result<IReadOnlyList<PendingMigration>>> PendingAsync(NodeDatabase db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using DbConnection c = await db.OpenAsync(ct);
        // Read inside a transaction that is rolled back: the adoption check of an old database reads its tables the same way the runner does.
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
        var pending = new List<PendingMigration>();
        foreach (MigrationSet set in Sets)
        {
            IReadOnlyList<Migration> scripts = [.. set.Scripts(db.Provider).OrderBy(s => s.Version)];
            var applied = new HashSet<int>();
            if (await MigrationRunner.TableExistsAsync(work, set.VersionTable, ct))
            {
                applied.UnionWith((await c.QueryAsync<long>(new CommandDefinition($"SELECT version FROM {set.VersionTable}", transaction: work.Transaction, cancellationToken: ct))).Select(v => (int)v));
            }

            int known = scripts.Count == 0 ? 0 : scripts[^1].Version;
            if (applied.Count > 0 && applied.Max() > known)
            {
                return Result<IReadOnlyList<PendingMigration>>.Fail(AccountErrorCodes.SchemaNewer,
                    $"{db.Display} records {set.Owner} schema version {applied.Max()}; this landsea knows up to {known}. Use the newer landsea that wrote it.");
            }

            IReadOnlySet<int> adopted = applied.Count == 0 && set.Adopted is not null ? await set.Adopted(work, ct) : new HashSet<int>();
            pending.AddRange(scripts.Where(s => !applied.Contains(s.Version)).Select(s => new PendingMigration(set.Owner, s.Version, s.Name, adopted.Contains(s.Version))));
        }

        return pending;
    }

    /// <summary>Runs every pending script (all owners, one transaction); returns those that ran as <c>owner/NNNN_name.sql</c>.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NodeDatabase db, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using DbConnection c = await db.OpenAsync(ct);
        return await MigrationRunner.RunAsync(c, Sets, time, ct);
    }
}
