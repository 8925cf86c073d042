using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Exchange.Storage;

/// <summary>The two providers the exchange tables exist for.</summary>
public enum ExchangeDialect
{
    Sqlite,
    Postgres,
}

internal static class Dialects
{
    public static ExchangeDialect Of(DbConnection connection) => connection switch
    {
        SqliteConnection => ExchangeDialect.Sqlite,
        NpgsqlConnection => ExchangeDialect.Postgres,
        _ => throw new NotSupportedException($"{connection.GetType().Name} is not supported; use Microsoft.Data.Sqlite or Npgsql."),
    };
}
