using System.Data.Common;
using System.Globalization;
using System.Text;
using Landsea.Exchange.Storage;

namespace Landsea.Data;

/// <summary>Multi-row INSERTs of positional values inside a unit of work, for the writers of declarations and of trade lines.</summary>
internal static class PositionalRows
{
    /// <summary>
    /// Inserts <paramref name="rows"/> (each the values of <paramref name="tableAndColumns"/>'s columns, in order) with
    /// multi-row <c>INSERT ... VALUES (...), (...)</c> statements in chunks that stay under the providers' parameter limits;
    /// <paramref name="suffix"/> (for example an <c>ON CONFLICT</c> clause) ends each statement.
    /// </summary>
    public static async Task InsertAsync(UnitOfWork work, string tableAndColumns, IReadOnlyList<object?[]> rows, string suffix = "")
    {
        if (rows.Count == 0)
        {
            return;
        }

        int width = rows[0].Length;
        foreach (object?[][] chunk in rows.Chunk(Math.Max(1, 8000 / width)))
        {
            // A plain command, not Dapper: the text differs with the row count, and values are already positional.
            await using DbCommand command = work.Connection.CreateCommand();
            command.Transaction = work.Transaction;
            var sql = new StringBuilder("INSERT INTO ").Append(tableAndColumns).Append(" VALUES ");
            for (int r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int col = 0; col < width; col++)
                {
                    string name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{col}");
                    sql.Append(col == 0 ? "" : ", ").Append(name);
                    DbParameter parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = chunk[r][col] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                sql.Append(')');
            }

            command.CommandText = sql.Append(suffix).ToString();
            await command.ExecuteNonQueryAsync();
        }
    }
}
