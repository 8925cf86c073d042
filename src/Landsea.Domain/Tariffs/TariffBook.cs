using System.Globalization;
using System.Reflection;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>Who is party to an agreement from when, and the proof of origin its preference needs (data/tariffs/agreements.csv).</summary>
public static class AgreementMembership
{
    private static readonly Lazy<IReadOnlyList<(string Agreement, string Party, DateOnly From, string Proof)>> s_rows = new(() =>
        [.. EmbeddedData.ReadCsv("Landsea.data.tariffs.agreements.csv")
            .Where(r => r.Length >= 4)
            .Select(r => (r[0], r[1], DateOnly.ParseExact(r[2], "yyyy-MM-dd", CultureInfo.InvariantCulture), r[3]))]);

    /// <summary>True when the country is listed as a party to the agreement (on any date).</summary>
    public static bool IsParty(string agreement, CountryCode country) => s_rows.Value.Any(r => r.Agreement == agreement && r.Party == country.Value);

    /// <summary>True when the agreement is in force for the country on the date.</summary>
    public static bool InForce(string agreement, CountryCode country, DateOnly date) =>
        s_rows.Value.Any(r => r.Agreement == agreement && r.Party == country.Value && r.From <= date);

    /// <summary>The proof of origin the importing party's preference under the agreement needs.</summary>
    public static string Proof(string agreement) => s_rows.Value.FirstOrDefault(r => r.Agreement == agreement).Proof ?? "";
}

/// <summary>A set of tariff lines, searched by importer, agreement, schedule, commodity and date.</summary>
public sealed class TariffBook
{
    private static readonly Lazy<TariffBook> s_shipped = new(() =>
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Landsea.data.tariffs.cn-schedule.csv")
            ?? throw new InvalidOperationException("data/tariffs/cn-schedule.csv is not embedded.");
        using var reader = new StreamReader(stream);
        (IReadOnlyList<TariffLine> lines, IReadOnlyList<ScheduleError> errors) = TariffScheduleReader.Read(reader);
        return errors.Count > 0 ? throw new FormatException(string.Join("; ", errors)) : new TariffBook(lines);
    });

    private readonly Dictionary<(string Importer, string Agreement), List<TariffLine>> _lines = [];

    public TariffBook(IEnumerable<TariffLine> lines)
    {
        foreach (TariffLine line in lines)
        {
            var key = (line.Importer.Value, line.Agreement);
            if (!_lines.TryGetValue(key, out List<TariffLine>? list))
            {
                _lines[key] = list = [];
            }

            list.Add(line);
        }

        foreach (List<TariffLine> list in _lines.Values)
        {
            // Longest code first, then latest date first: the first match is the most specific line in force.
            list.Sort((a, b) => b.TariffCode.Digits.Length != a.TariffCode.Digits.Length
                ? b.TariffCode.Digits.Length.CompareTo(a.TariffCode.Digits.Length)
                : b.EffectiveFrom.CompareTo(a.EffectiveFrom));
        }
    }

    /// <summary>The lines shipped in data/tariffs (embedded), including the illustrative samples.</summary>
    public static TariffBook Shipped => s_shipped.Value;

    public int Count => _lines.Values.Sum(l => l.Count);

    /// <summary>Every line of the book, in no particular order.</summary>
    public IEnumerable<TariffLine> AllLines => _lines.Values.SelectMany(l => l);

    /// <summary>
    /// The line in force on the date for the commodity: the longest tariff line that is a prefix of the code padded with zeros to 10 digits,
    /// the latest effectiveFrom on or before the date. For RCEP a schedule for the origin is preferred to the common one.
    /// </summary>
    public TariffLine? Find(CountryCode importer, string agreement, HsCode code, DateOnly date, CountryCode? origin = null)
    {
        if (!_lines.TryGetValue((importer.Value, agreement), out List<TariffLine>? list))
        {
            return null;
        }

        // A shorter code stands for its "00" national line: 0810.60 asks for 0810600000.
        string digits = code.Digits.PadRight(10, '0');
        TariffLine? common = null;
        foreach (TariffLine line in list)
        {
            if (line.EffectiveFrom > date || !digits.StartsWith(line.TariffCode.Digits, StringComparison.Ordinal))
            {
                continue;
            }

            if (agreement == Agreements.Rcep && origin is { } o && line.Schedule == o.Value)
            {
                return line;
            }

            if (agreement != Agreements.Rcep || line.Schedule == "common")
            {
                common ??= line;
            }
        }

        return common;
    }
}
