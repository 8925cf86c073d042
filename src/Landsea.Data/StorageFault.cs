using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Landsea.Data;

/// <summary>
/// Which database failures mean "the storage cannot take writes now" (issue 17 item 7): a read-only or full disk, an I/O error,
/// a database busy past its timeout, a PostgreSQL server that refuses writes or connections. A request that meets one has
/// changed nothing (its transaction rolled back) and may be tried again later: hosts answer 503 with Retry-After, not 500.
/// </summary>
public static class StorageFault
{
    /// <summary>A short reason naming the fault (no path, host or user), or null when <paramref name="exception"/> (or an inner one) is not a storage fault.</summary>
    public static string? Reason(Exception? exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            string? reason = e switch
            {
                SqliteException s => (s.SqliteErrorCode & 0xFF) switch
                {
                    5 => "database busy (SQLITE_BUSY)",
                    6 => "database table locked (SQLITE_LOCKED)",
                    7 => "out of memory (SQLITE_NOMEM)",
                    8 => "database is read-only (SQLITE_READONLY)",
                    10 => "disk I/O error (SQLITE_IOERR)",
                    13 => "database or disk is full (SQLITE_FULL)",
                    14 => "database file cannot be opened (SQLITE_CANTOPEN)",
                    _ => null,
                },
                PostgresException p => p.SqlState switch
                {
                    "53100" => "disk full (PostgreSQL 53100)",
                    "53000" or "53200" or "53300" => $"insufficient resources (PostgreSQL {p.SqlState})",
                    "25006" => "read-only transaction (PostgreSQL 25006)",
                    "57P01" or "57P02" or "57P03" => $"server shutting down or starting (PostgreSQL {p.SqlState})",
                    "58030" => "I/O error (PostgreSQL 58030)",
                    _ when p.SqlState.StartsWith("08", StringComparison.Ordinal) => $"connection failure (PostgreSQL {p.SqlState})",
                    _ => null,
                },
                NpgsqlException n when n.IsTransient => "PostgreSQL unreachable",
                DbException { IsTransient: true } => "database temporarily unavailable",
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }
}
