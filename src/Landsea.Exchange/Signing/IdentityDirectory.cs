namespace Landsea.Exchange.Signing;

/// <summary>Where a node keeps its identity (node.key.pem, node.crt.pem, node.json).</summary>
public static class IdentityDirectory
{
    /// <summary>
    /// <c>&lt;data directory&gt;/node</c>. The data directory is <paramref name="dataDirectory"/> when given, else the folder of
    /// the node's SQLite file, else <c>.landsea</c> in the working folder (a PostgreSQL node without one).
    /// </summary>
    public static string For(string? dataDirectory, string? sqliteFile)
    {
        string data = dataDirectory
            ?? (sqliteFile is not null ? Path.GetDirectoryName(Path.GetFullPath(sqliteFile))! : Path.GetFullPath(".landsea"));
        return Path.Combine(data, "node");
    }
}
