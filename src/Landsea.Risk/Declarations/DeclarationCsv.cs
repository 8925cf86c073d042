using System.Globalization;
using System.Text;
using Landsea.Shared;

namespace Landsea.Risk.Declarations;

/// <summary>
/// Reads declarations in the KCS layout (comma-separated, UTF-8, header on line 1, RFC 4180 quoting) directly into
/// the one scoring shape, <see cref="RiskCase"/> (labelled: <see cref="LabelledCase"/>).
/// The HS column may be <c>HS6 Code</c> (exactly 6 digits) or <c>HS10 Code</c> (10 digits; 9 digits are a leading zero
/// lost by a spreadsheet and are read as the zero-padded code, counted in <see cref="Table.HsPadded"/>).
/// The label columns <c>Fraud</c> (0/1) and <c>Critical Fraud</c> (0/1/2) are optional unless a label is required;
/// <c>Critical Fraud</c> is checked and then dropped: it encodes the label and is never a feature.
/// Every error names the line (1-based, header = line 1) and the column (1-based and by name).
/// </summary>
public static class DeclarationCsv
{
    /// <summary>The columns every file must carry, in the KCS order; <c>HS Code</c> stands for either HS column.</summary>
    public static IReadOnlyList<string> RequiredColumns { get; } =
    [
        "Declaration ID", "Date", "Office ID", "Process Type", "Import Type", "Import Use", "Payment Type",
        "Mode of Transport", "Declarant ID", "Importer ID", "Seller ID", "Courier ID", "HS Code",
        "Country of Departure", "Country of Origin", "Tax Rate", "Tax Type", "Country of Origin Indicator",
        "Net Mass", "Item Price",
    ];

    private const string FraudColumn = "Fraud";
    private const string CriticalFraudColumn = "Critical Fraud";

    // Columns that may be empty (the KCS data leaves them blank when there is no seller or courier).
    private static readonly HashSet<string> s_optionalValues = ["Seller ID", "Courier ID"];

    /// <summary>Reads a labelled file (the <c>Fraud</c> column is required).</summary>
    public static Result<IReadOnlyList<LabelledCase>> ReadLabelled(string path)
    {
        Result<Table> table = ReadTable(path, requireLabel: true);
        if (!table.IsValid)
        {
            return table.Failure!;
        }

        return table.Value.Rows.Select((d, i) => new LabelledCase(d, table.Value.Labels[i]!.Value)).ToList();
    }

    /// <summary>Reads a labelled file from text (tests and in-memory sources); <paramref name="source"/> names it in errors.</summary>
    public static Result<IReadOnlyList<LabelledCase>> ReadLabelled(TextReader reader, string source)
    {
        Result<Table> table = Read(reader, source, requireLabel: true);
        if (!table.IsValid)
        {
            return table.Failure!;
        }

        return table.Value.Rows.Select((d, i) => new LabelledCase(d, table.Value.Labels[i]!.Value)).ToList();
    }

    /// <summary>Reads a file to score; label columns, if present, are checked and returned (null when absent).</summary>
    public static Result<Table> ReadTable(string path, bool requireLabel = false)
    {
        if (!File.Exists(path))
        {
            return new Failure(RiskErrors.CsvFileMissing, $"{path}: file not found");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, requireLabel);
    }

    /// <summary>The rows of one file and their labels (null entries when the file has no <c>Fraud</c> column).</summary>
    /// <param name="HsPadded">Rows whose 9-digit HS10 code was read as the zero-padded 10-digit code.</param>
    /// <param name="Source">The file, as named in errors and warnings.</param>
    public sealed record Table(IReadOnlyList<RiskCase> Rows, IReadOnlyList<bool?> Labels, string HsColumn, int HsPadded = 0, string Source = "")
    {
        public bool HasLabels => Labels.Count > 0 && Labels[0].HasValue;

        /// <summary>What was read other than as written (<see cref="RiskErrors.CsvHsPadded"/>), for standard error and JSON output; empty when nothing was.</summary>
        public IReadOnlyList<Failure> Warnings => HsPadded == 0
            ? []
            : [new Failure(RiskErrors.CsvHsPadded, string.Create(CultureInfo.InvariantCulture, $"{Source}: {HsPadded} row(s) with a 9-digit HS10 code (a leading zero lost, as spreadsheets write them) read as the zero-padded 10-digit code"))];
    }

    public static Result<Table> Read(TextReader reader, string source, bool requireLabel)
    {
        var fields = new List<string>(24);
        var buffer = new StringBuilder();
        int line = 1;
        string? text = reader.ReadLine();
        if (text is null || text.Length == 0)
        {
            return new Failure(RiskErrors.CsvEmpty, $"{source}: line 1: the file is empty (expected a header row)");
        }

        Result<bool> headerParse = Split(text, fields, buffer, source, line);
        if (!headerParse.IsValid)
        {
            return headerParse.Failure!;
        }

        string[] header = [.. fields.Select(f => f.Trim())];
        Result<int[]> map = MapHeader(header, source, requireLabel, out string hsColumn, out int fraudAt, out int criticalAt);
        if (!map.IsValid)
        {
            return map.Failure!;
        }

        int[] at = map.Value;
        int hsDigits = hsColumn == "HS10 Code" ? 10 : 6;
        var rows = new List<RiskCase>();
        var labels = new List<bool?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int padded = 0;
        while ((text = reader.ReadLine()) is not null)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            Result<bool> split = Split(text, fields, buffer, source, line);
            if (!split.IsValid)
            {
                return split.Failure!;
            }

            if (fields.Count != header.Length)
            {
                return new Failure(
                    fields.Count < header.Length ? RiskErrors.CsvTooFewFields : RiskErrors.CsvTooManyFields,
                    $"{source}: line {line}: {fields.Count} fields, the header has {header.Length}");
            }

            Result<RiskCase> row = ParseRow(fields, at, header, hsDigits, source, line, ref padded);
            if (!row.IsValid)
            {
                return row.Failure!;
            }

            if (!seen.Add(row.Value.Id))
            {
                return new Failure(RiskErrors.CsvIdDuplicate, $"{source}: line {line}, column {at[0] + 1} (Declaration ID): '{row.Value.Id}' appears twice");
            }

            bool? label = null;
            if (fraudAt >= 0)
            {
                string f = fields[fraudAt].Trim();
                if (f is not ("0" or "1"))
                {
                    return Cell(RiskErrors.CsvValueLabel, source, line, fraudAt, FraudColumn, $"'{f}' is not 0 or 1");
                }

                label = f == "1";
            }

            if (criticalAt >= 0)
            {
                string c = fields[criticalAt].Trim();
                if (c is not ("0" or "1" or "2"))
                {
                    return Cell(RiskErrors.CsvValueLabel, source, line, criticalAt, CriticalFraudColumn, $"'{c}' is not 0, 1 or 2");
                }
            }

            rows.Add(row.Value);
            labels.Add(label);
        }

        if (rows.Count == 0)
        {
            return new Failure(RiskErrors.CsvEmpty, $"{source}: line {line}: the file has a header but no declarations");
        }

        return new Table(rows, labels, hsColumn, padded, source);
    }

    private static Result<int[]> MapHeader(string[] header, string source, bool requireLabel, out string hsColumn, out int fraudAt, out int criticalAt)
    {
        hsColumn = "";
        fraudAt = -1;
        criticalAt = -1;
        var at = new int[RequiredColumns.Count];
        Array.Fill(at, -1);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i];
            int known = name is "HS6 Code" or "HS10 Code" ? 12 : IndexOf(name);
            if (known >= 0)
            {
                if (at[known] >= 0)
                {
                    return new Failure(RiskErrors.CsvColumnDuplicate, $"{source}: line 1, column {i + 1}: column '{name}' appears twice");
                }

                at[known] = i;
                if (known == 12)
                {
                    hsColumn = name;
                }
            }
            else if (name == FraudColumn)
            {
                fraudAt = i;
            }
            else if (name == CriticalFraudColumn)
            {
                criticalAt = i;
            }
            else
            {
                return new Failure(RiskErrors.CsvColumnUnknown, $"{source}: line 1, column {i + 1}: unknown column '{name}'");
            }
        }

        for (int k = 0; k < at.Length; k++)
        {
            if (at[k] < 0)
            {
                string name = k == 12 ? "HS6 Code' or 'HS10 Code" : RequiredColumns[k];
                return new Failure(RiskErrors.CsvColumnMissing, $"{source}: line 1: required column '{name}' is missing");
            }
        }

        if (requireLabel && fraudAt < 0)
        {
            return new Failure(RiskErrors.CsvColumnMissing, $"{source}: line 1: required column 'Fraud' is missing (training and evaluation need the inspection outcome)");
        }

        return at;
    }

    private static int IndexOf(string name)
    {
        for (int k = 0; k < RequiredColumns.Count; k++)
        {
            if (k != 12 && RequiredColumns[k] == name)
            {
                return k;
            }
        }

        return -1;
    }

    private static Result<RiskCase> ParseRow(List<string> f, int[] at, string[] header, int hsDigits, string source, int line, ref int padded)
    {
        for (int k = 0; k < at.Length; k++)
        {
            string name = header[at[k]];
            if (f[at[k]].Trim().Length == 0 && !s_optionalValues.Contains(name))
            {
                return Cell(RiskErrors.CsvValueEmpty, source, line, at[k], name, "the value is empty");
            }
        }

        string V(int k) => f[at[k]].Trim();

        if (!DateOnly.TryParseExact(V(1), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return Cell(RiskErrors.CsvValueDate, source, line, at[1], header[at[1]], $"'{V(1)}' is not a date (YYYY-MM-DD)");
        }

        string hs = V(12);
        if (hsDigits == 10 && hs.Length == 9 && hs.All(char.IsAsciiDigit))
        {
            // Invariant: an HS code's chapter has two digits, so a 9-digit HS10 code lost its leading zero (chapters 01-09).
            hs = "0" + hs;
            padded++;
        }

        if (hs.Length != hsDigits || !hs.All(char.IsAsciiDigit))
        {
            return Cell(RiskErrors.CsvValueHs, source, line, at[12], header[at[12]], $"'{hs}' is not a {hsDigits}-digit HS code");
        }

        foreach (int k in (ReadOnlySpan<int>)[13, 14])
        {
            string c = V(k);
            if (c.Length != 2 || !char.IsAsciiLetterUpper(c[0]) || !char.IsAsciiLetterUpper(c[1]))
            {
                return Cell(RiskErrors.CsvValueCountry, source, line, at[k], header[at[k]], $"'{c}' is not a two-letter country code");
            }
        }

        Result<double> taxRate = Number(V(15), source, line, at[15], header[at[15]]);
        Result<double> mass = Number(V(18), source, line, at[18], header[at[18]]);
        Result<double> price = Number(V(19), source, line, at[19], header[at[19]]);
        foreach (Result<double> r in (ReadOnlySpan<Result<double>>)[taxRate, mass, price])
        {
            if (!r.IsValid)
            {
                return r.Failure!;
            }
        }

        return new RiskCase(
            V(0), date, V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), hs, V(13), V(14),
            taxRate.Value, V(16), V(17), mass.Value, price.Value);
    }

    private static Result<double> Number(string text, string source, int line, int column, string name)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            return Cell(RiskErrors.CsvValueNumber, source, line, column, name, $"'{text}' is not a number");
        }

        if (value < 0)
        {
            return Cell(RiskErrors.CsvValueNegative, source, line, column, name, $"'{text}' is negative");
        }

        return value;
    }

    private static Failure Cell(string code, string source, int line, int column, string name, string message) =>
        new(code, $"{source}: line {line}, column {column + 1} ({name}): {message}");

    // Splits one physical line; quoted fields may contain commas and doubled quotes, but not line breaks.
    private static Result<bool> Split(string text, List<string> fields, StringBuilder buffer, string source, int line)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            buffer.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return new Failure(RiskErrors.CsvQuoteUnclosed, $"{source}: line {line}, column {fields.Count + 1}: unclosed quote");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            buffer.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    buffer.Append(text[i++]);
                }

                if (i < text.Length && text[i] != ',')
                {
                    return new Failure(RiskErrors.CsvQuoteStray, $"{source}: line {line}, column {fields.Count + 1}: text after a closing quote");
                }
            }
            else
            {
                int comma = text.IndexOf(',', i);
                int end = comma < 0 ? text.Length : comma;
                buffer.Append(text, i, end - i);
                i = end;
            }

            fields.Add(buffer.ToString());
            if (i >= text.Length)
            {
                return true;
            }

            i++; // skip the comma
            if (i == text.Length)
            {
                fields.Add("");
                return true;
            }
        }
    }
}
