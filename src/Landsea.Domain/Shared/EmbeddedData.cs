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

/// <summary>
/// A small RFC 4180 CSV reader (quoted fields, doubled quotes, CRLF or LF). It keeps at most <see cref="MaxFields"/> + 1
/// fields of a row and <see cref="ErrorCap.MaxTextBytes"/> + 1 characters of a field, so a hostile line costs no more
/// memory than that; <see cref="Exceeds"/> tells a reader that a row went past the bounds (LS806).
/// </summary>
public static class Csv
{
    /// <summary>Most fields in one row.</summary>
    public const int MaxFields = 256;

    /// <summary>True when the row has more than <see cref="MaxFields"/> fields or a field longer than <see cref="ErrorCap.MaxTextBytes"/> characters.</summary>
    public static bool Exceeds(string[] row) => row.Length > MaxFields || row.Any(f => f.Length > ErrorCap.MaxTextBytes);

    /// <summary>The reason for a row that <see cref="Exceeds"/> the bounds.</summary>
    public static string ExceedsReason(int line) =>
        $"line {line}: more than {MaxFields} fields, or a field longer than {ErrorCap.MaxTextBytes:N0} characters (LS806); reading of the line stopped there.";

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
                        if (field.Length <= ErrorCap.MaxTextBytes)
                        {
                            field.Append('"');
                        }

                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else if (field.Length <= ErrorCap.MaxTextBytes)
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
                    if (fields.Count <= MaxFields)
                    {
                        fields.Add(field.ToString());
                    }

                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fields.Count <= MaxFields)
                    {
                        fields.Add(field.ToString());
                    }

                    field.Clear();
                    yield return fields.ToArray();
                    fields.Clear();
                    any = false;
                    break;
                default:
                    if (field.Length <= ErrorCap.MaxTextBytes)
                    {
                        field.Append(ch);
                    }

                    break;
            }
        }

        if (any)
        {
            if (fields.Count <= MaxFields)
            {
                fields.Add(field.ToString());
            }

            yield return fields.ToArray();
        }
    }
}
