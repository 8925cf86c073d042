using System.Data.Common;

namespace Landsea.Exchange.Storage;

/// <summary>
/// The exchange's own tables (prefix <c>exchange_</c>), created and changed only by the versioned scripts embedded under
/// <c>Storage/Migrations/Sqlite</c> and <c>Storage/Migrations/Postgres</c>, recorded in <c>exchange_schema_version</c>. A host
/// with its own schema runs <see cref="Set"/> with its own sets through <see cref="MigrationRunner"/>; a host without one
/// calls <see cref="ApplyAsync"/>.
/// </summary>
public static class ExchangeMigrations
{
    /// <summary>The names of the gateway's tables, in an order safe for deletes.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "exchange_partner", "exchange_partner_key", "exchange_agreement", "exchange_conversation", "exchange_outbox", "exchange_dead_letter",
        "exchange_inbox", "exchange_inbox_cursor", "exchange_audit", "exchange_audit_head", "exchange_audit_checkpoint",
        "exchange_audit_pending", "exchange_withdrawn", "exchange_quarantine",
    ];

    /// <summary>The exchange's scripts and version record.</summary>
    public static readonly MigrationSet Set = new("exchange", "exchange_schema_version",
        dialect => MigrationSet.Embedded(typeof(ExchangeMigrations).Assembly, "Landsea.Exchange.Storage.Migrations", dialect), AdoptedAsync);

    /// <summary>Runs the exchange's scripts alone (and switches SQLite to WAL): for hosts whose database holds only the exchange.</summary>
    public static Task<IReadOnlyList<string>> ApplyAsync(DbConnection connection, CancellationToken ct = default) =>
        MigrationRunner.RunAsync(connection, [Set], ct: ct);

    /// <summary>
    /// Before versioned scripts, the exchange created its tables at start-up (<c>CREATE TABLE IF NOT EXISTS</c>), added the
    /// inbox's <c>evidence</c> column to older tables, and the node's exchange feature created <c>exchange_record</c>. Each of
    /// those is one script now; on a database made that way, the scripts whose tables or column are there count as applied.
    /// </summary>
    private static async Task<IReadOnlySet<int>> AdoptedAsync(UnitOfWork work, CancellationToken ct)
    {
        var present = new HashSet<int>();
        if (await MigrationRunner.TableExistsAsync(work, "exchange_outbox", ct))
        {
            present.Add(1);
            if (await MigrationRunner.ColumnExistsAsync(work, "exchange_inbox", "evidence", ct))
            {
                present.Add(2);
            }
        }

        if (await MigrationRunner.TableExistsAsync(work, "exchange_record", ct))
        {
            present.Add(3);
        }

        return present;
    }
}
