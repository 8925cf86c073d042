using System.CommandLine;
using System.Data.Common;
using Landsea.Data;
using Landsea.Exchange.Storage;

namespace Landsea.Cli.Commands;

/// <summary>
/// The one <c>--db</c> of every command that works on a node's database: a SQLite file, default <c>landsea.db</c> in the
/// current folder (or <c>LANDSEA_DB</c>), or a PostgreSQL connection string. Commands that change the node (serve,
/// partner, agreement, risk) create and migrate it; commands that only read it (audit verify) refuse a SQLite file that
/// does not exist (<see cref="Missing"/>) rather than creating an empty node. A folder is refused everywhere (<see cref="Folder"/>).
/// (<c>landsea bench</c> alone defaults to a fresh file in a temporary folder: it measures, it does not run a node.)
/// </summary>
internal static class DatabaseOption
{
    public const string Default = "landsea.db";

    public static Option<string> Create() => new("--db")
    {
        Description = "The node's database: a SQLite file (default landsea.db, or LANDSEA_DB) or a PostgreSQL connection string ('Host=...;Database=...' or postgresql://...).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LANDSEA_DB") ?? Default,
    };

    /// <summary>Null when <paramref name="db"/> is a PostgreSQL connection or an existing SQLite file; otherwise the sentence that says what to do.</summary>
    public static string? Missing(string db) =>
        Folder(db) ?? (NodeDatabase.FromArgument(db).Provider != SqlDialect.Sqlite || File.Exists(db)
            ? null
            : $"error: no node database at {Path.GetFullPath(db)} (the file does not exist). Start the node once with `landsea serve --db {db}`, or give --db.");

    /// <summary>The sentence for a folder given where the SQLite file belongs; null otherwise.</summary>
    public static string? Folder(string db) =>
        NodeDatabase.FromArgument(db).Provider == SqlDialect.Sqlite && Directory.Exists(db)
            ? $"error: --db {db} is a folder; give the node's SQLite file (for example {Path.Combine(db, Default)})."
            : null;

    /// <summary>
    /// For a command that reads reference data from a node when given <c>--db</c>, else from what the repository ships:
    /// the existing node migrated and read by <paramref name="read"/>, or <paramref name="shipped"/>. On a missing file or a
    /// database error the sentence goes to <paramref name="error"/> and <c>Exit</c> is <see cref="ExitCodes.Usage"/>.
    /// </summary>
    public static async Task<(T? Value, string Origin, int? Exit)> ReadNodeOrShippedAsync<T>(string? target, Func<NodeDatabase, Task<T>> read,
        Func<T> shipped, string shippedOrigin, TextWriter error, CancellationToken ct)
    {
        if (target is null)
        {
            return (shipped(), shippedOrigin, null);
        }

        if (Missing(target) is { } missing)
        {
            await error.WriteLineAsync(missing);
            return (default, "", ExitCodes.Usage);
        }

        NodeDatabase node = NodeDatabase.FromArgument(target);
        try
        {
            await node.MigrateAsync(ct);
            return (await read(node), node.Display, null);
        }
        catch (DbException ex)
        {
            await error.WriteLineAsync($"error: cannot read {node.Display}: {ex.Message}");
            return (default, "", ExitCodes.Usage);
        }
    }
}
