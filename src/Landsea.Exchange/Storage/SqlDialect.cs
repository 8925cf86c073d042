using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Exchange.Storage;

/// <summary>The two SQL dialects the node's database exists in: every table, script and query is written for both.</summary>
public enum SqlDialect
{
    /// <summary>SQLite through Microsoft.Data.Sqlite: one file, the default.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql: production.</summary>
    Postgres,
}

/// <summary>Finds the dialect of a connection.</summary>
public static class SqlDialects
{
    /// <summary>The dialect of <paramref name="connection"/>; throws for a provider other than Microsoft.Data.Sqlite or Npgsql (a bug).</summary>
    public static SqlDialect Of(DbConnection connection) => connection switch
    {
        SqliteConnection => SqlDialect.Sqlite,
        NpgsqlConnection => SqlDialect.Postgres,
        _ => throw new NotSupportedException($"{connection.GetType().Name} is not supported; use Microsoft.Data.Sqlite or Npgsql."),
    };
}
