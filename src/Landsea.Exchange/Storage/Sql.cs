using System.Data.Common;
using System.Globalization;

namespace Landsea.Exchange.Storage;

/// <summary>Thin helpers over ADO.NET commands. SQL uses <c>@name</c> parameters, which both providers accept.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is constant in this assembly; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach ((string name, object? value) in parameters)
        {
            DbParameter p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using DbCommand command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using DbCommand command = Command(connection, transaction, sql, parameters);
        object? value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using DbCommand command = Command(connection, transaction, sql, parameters);
        await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> with multi-row <c>INSERT ... VALUES (...), (...)</c> statements of at most
    /// <see cref="RowsPerStatement(DbConnection)"/> rows. <paramref name="suffix"/> (for example <c>ON CONFLICT DO NOTHING RETURNING id</c>)
    /// is appended to each statement; when it returns rows, their first column is collected and returned.
    /// </summary>
    public static async Task<List<string>> InsertManyAsync(DbConnection connection, DbTransaction? transaction, string table, string[] columns,
        IReadOnlyList<object?[]> rows, string? suffix, CancellationToken ct)
    {
        var returned = new List<string>();
        int perStatement = RowsPerStatement(connection);
        for (int start = 0; start < rows.Count; start += perStatement)
        {
            int n = Math.Min(perStatement, rows.Count - start);
            var text = new System.Text.StringBuilder(64 + n * columns.Length * 8);
            text.Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
            var parameters = new (string, object?)[n * columns.Length];
            for (int r = 0; r < n; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                object?[] row = rows[start + r];
                for (int c = 0; c < columns.Length; c++)
                {
                    string name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                    text.Append(c == 0 ? "" : ", ").Append(name);
                    parameters[r * columns.Length + c] = (name, row[c]);
                }

                text.Append(')');
            }

            if (suffix is not null)
            {
                text.Append(' ').Append(suffix);
                returned.AddRange(await QueryAsync(connection, transaction, text.ToString(), rd => rd.GetString(0), ct, parameters));
            }
            else
            {
                await ExecuteAsync(connection, transaction, text.ToString(), ct, parameters);
            }
        }

        return returned;
    }

    /// <summary>
    /// Rows per multi-row statement. PostgreSQL: 100 (fewer round trips; far below its parameter limit). SQLite: 16, because
    /// Microsoft.Data.Sqlite binds each parameter by name and SQLite finds a name by scanning the statement's list, so binding
    /// costs grow with the square of the parameters: at 100 rows × 10 columns it took a sixth of each node's CPU (profiled),
    /// at 16 rows it is a few percent while a transaction still writes its rows in a handful of statements.
    /// </summary>
    public static int RowsPerStatement(DbConnection connection) => connection is Microsoft.Data.Sqlite.SqliteConnection ? 16 : 100;

    public static long Long(this DbDataReader r, int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static long? NullableLong(this DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static string? NullableString(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static byte[] Bytes(this DbDataReader r, int i) => (byte[])r.GetValue(i);

    public static long ToLong(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>Times are stored as Unix milliseconds (BIGINT) so both providers compare and order them the same way.</summary>
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
