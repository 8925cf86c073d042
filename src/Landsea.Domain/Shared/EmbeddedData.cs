using System.Reflection;
using System.Text;

namespace Landsea.Shared;

/// <summary>Reads the reference data shipped inside this assembly (see data/ at the repository root).</summary>
internal static class EmbeddedData
{
    public static IEnumerable<string[]> ReadCsv(string logicalName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Reference data '{logicalName}' is not embedded in Landsea.Domain.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        bool header = true;
        foreach (string[] row in Csv.Read(reader))
        {
            if (header)
            {
                header = false;
                continue;
            }

            yield return row;
        }
    }

    /// <summary>The whole text of an embedded file.</summary>
    public static string ReadText(string logicalName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Reference data '{logicalName}' is not embedded in Landsea.Domain.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Returns the header row of an embedded CSV.</summary>
    public static string[] Header(string logicalName)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"Reference data '{logicalName}' is not embedded in Landsea.Domain.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Csv.Read(reader).First();
    }
}

/// <summary>A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF).</summary>
public static class Csv
{
    public static IEnumerable<string[]> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        bool any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
