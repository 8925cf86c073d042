using System.Globalization;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>How a line's duty is computed.</summary>
public enum RateKind
{
    /// <summary>A percentage of the customs value.</summary>
    AdValorem,

    /// <summary>An amount per unit of quantity (for example CNY 100 per tonne).</summary>
    Specific,

    /// <summary>Both: the percentage plus the amount per unit.</summary>
    Compound,
}

/// <summary>The agreements Landsea knows; MFN is the general rate every WTO member applies.</summary>
public static class Agreements
{
    public const string Mfn = "MFN";
    public const string Rcep = "RCEP";
    public const string Acfta = "ACFTA";

    public static readonly IReadOnlyList<string> All = [Mfn, Rcep, Acfta];
}

/// <summary>A rate: a percentage, an amount per unit, or both.</summary>
public sealed record TariffRate(RateKind Kind, decimal? AdValoremPercent, decimal? SpecificAmount, CurrencyCode? SpecificCurrency, string? SpecificUnit)
{
    public override string ToString() => Kind switch
    {
        RateKind.AdValorem => $"{AdValoremPercent.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)} %",
        RateKind.Specific => $"{SpecificCurrency} {SpecificAmount.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)}/{SpecificUnit}",
        _ => $"{AdValoremPercent.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)} % + {SpecificCurrency} {SpecificAmount.GetValueOrDefault().ToString(CultureInfo.InvariantCulture)}/{SpecificUnit}",
    };
}

/// <summary>
/// One line of a tariff schedule: the rate an importing party applies under an agreement to a tariff line from a date
/// (staging: a later line for the same key replaces the earlier from its own date).
/// </summary>
/// <param name="Schedule">For RCEP, "common" or the origin party's code when the importer keeps country-specific schedules; empty otherwise.</param>
public sealed record TariffLine(
    CountryCode Importer,
    string Agreement,
    string Schedule,
    int HsEdition,
    HsCode TariffCode,
    TariffRate Rate,
    DateOnly EffectiveFrom,
    bool Sample,
    string Source);

/// <summary>A problem in a schedule file: the line (1 is the header), the field and why.</summary>
public sealed record ScheduleError(int Line, string Field, string Code, string Reason)
{
    public override string ToString() => $"line {Line}, {Field}: {Reason} ({Code})";
}

/// <summary>
/// Reads the tariff schedule CSV format (docs/tariffs.md, formatVersion 1). Every line is checked; the answer is either
/// all lines or all errors, so a caller never stores half a file.
/// </summary>
public static class TariffScheduleReader
{
    public const int FormatVersion = 1;

    public static readonly IReadOnlyList<string> Columns =
    [
        "formatVersion", "importer", "agreement", "schedule", "hsEdition", "tariffLine", "rateKind", "adValoremPercent",
        "specificAmount", "specificCurrency", "specificUnit", "effectiveFrom", "sample", "source",
    ];

    public static (IReadOnlyList<TariffLine> Lines, IReadOnlyList<ScheduleError> Errors) Read(TextReader reader)
    {
        var lines = new List<TariffLine>();
        var errors = new List<ScheduleError>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int number = 0;
        foreach (string[] row in Csv.Read(reader))
        {
            number++;
            if (number == 1)
            {
                if (!row.Select(c => c.Trim()).SequenceEqual(Columns))
                {
                    errors.Add(new ScheduleError(1, "header", TariffErrorCodes.FormatUnsupported,
                        $"The header must be exactly: {string.Join(",", Columns)}."));
                    return ([], errors);
                }

                continue;
            }

            if (row.Length == 1 && row[0].Trim().Length == 0)
            {
                continue;
            }

            if (Csv.Exceeds(row))
            {
                errors.Add(new ScheduleError(number, "line", SecurityErrorCodes.LineTooLong, Csv.ExceedsReason(number)));
                continue;
            }

            if (row.Length != Columns.Count)
            {
                errors.Add(new ScheduleError(number, "line", TariffErrorCodes.FormatUnsupported, $"Expected {Columns.Count} fields, found {row.Length}."));
                continue;
            }

            if (ReadLine(number, row, errors) is { } line)
            {
                string key = $"{line.Importer}|{line.Agreement}|{line.Schedule}|{line.TariffCode.Digits}|{line.EffectiveFrom:yyyy-MM-dd}";
                if (seen.TryGetValue(key, out int first))
                {
                    errors.Add(new ScheduleError(number, "tariffLine", TariffErrorCodes.Duplicate,
                        $"Same importer, agreement, schedule, tariff line and effectiveFrom as line {first}."));
                }
                else
                {
                    seen[key] = number;
                    lines.Add(line);
                }
            }
        }

        if (number == 0)
        {
            errors.Add(new ScheduleError(1, "header", TariffErrorCodes.FormatUnsupported, "The file is empty."));
        }

        return errors.Count > 0
            ? ([], ErrorCap.Apply(errors, e => e.Code == SecurityErrorCodes.MoreErrors, more => new ScheduleError(0, "file", SecurityErrorCodes.MoreErrors, ErrorCap.MoreReason(more))))
            : (lines, errors);
    }

    private static TariffLine? ReadLine(int n, string[] f, List<ScheduleError> errors)
    {
        int before = errors.Count;
        string Field(int i) => f[i].Trim();
        void Error(int i, string code, string reason) => errors.Add(new ScheduleError(n, Columns[i], code, reason));

        if (Field(0) != FormatVersion.ToString(CultureInfo.InvariantCulture))
        {
            Error(0, TariffErrorCodes.FormatUnsupported, $"formatVersion '{Field(0)}' is not supported (this reader knows {FormatVersion}).");
        }

        CountryCode importer = default;
        if (Field(1).Length == 0)
        {
            Error(1, TariffErrorCodes.FieldMissing, "The importing party is required.");
        }
        else if (CountryCode.Parse(Field(1)) is { IsValid: true, Value.IsIso: true } c)
        {
            importer = c.Value;
        }
        else
        {
            Error(1, TariffErrorCodes.PartyUnknown, $"'{Field(1)}' is not an ISO 3166-1 alpha-2 country.");
        }

        string agreement = Field(2);
        if (!Agreements.All.Contains(agreement))
        {
            Error(2, TariffErrorCodes.PartyUnknown, $"Agreement '{agreement}' is not one of {string.Join(", ", Agreements.All)}.");
        }
        else if (agreement != Agreements.Mfn && importer.Value is not null && !AgreementMembership.IsParty(agreement, importer))
        {
            Error(1, TariffErrorCodes.PartyUnknown, $"{importer} is not a party to {agreement} in data/tariffs/agreements.csv.");
        }

        string schedule = Field(3);
        if (agreement == Agreements.Rcep && schedule.Length == 0)
        {
            Error(3, TariffErrorCodes.FieldMissing, "An RCEP line names its schedule: 'common' or the origin party's country code.");
        }
        else if (agreement == Agreements.Rcep && schedule != "common" && !AgreementMembership.IsParty(Agreements.Rcep, CountryCode.Parse(schedule) is { IsValid: true } s ? s.Value : default))
        {
            Error(3, TariffErrorCodes.PartyUnknown, $"Schedule '{schedule}' is neither 'common' nor an RCEP party.");
        }
        else if (agreement != Agreements.Rcep && schedule.Length > 0)
        {
            Error(3, TariffErrorCodes.RateInvalid, $"Only RCEP lines have a schedule; '{schedule}' given for {agreement}.");
        }

        HsNomenclature? edition = Field(4) switch { "HS2022" => HsNomenclature.Hs2022, "HS2017" => HsNomenclature.Hs2017, _ => null };
        if (edition is null)
        {
            Error(4, TariffErrorCodes.HsUnknown, $"HS edition '{Field(4)}' is not HS2022 or HS2017.");
        }

        HsCode code = default;
        Result<HsCode> parsed = HsCode.Parse(Field(5));
        if (!parsed.IsValid)
        {
            Error(5, TariffErrorCodes.HsUnknown, parsed.Failure!.Reason);
        }
        else if (edition is not null && !edition.Contains(parsed.Value))
        {
            Error(5, TariffErrorCodes.HsUnknown, $"Subheading {parsed.Value.Subheading} of '{Field(5)}' does not exist in HS {edition.Edition}.");
        }
        else
        {
            code = parsed.Value;
        }

        RateKind? kind = Field(6) switch { "ad-valorem" => RateKind.AdValorem, "specific" => RateKind.Specific, "compound" => RateKind.Compound, _ => null };
        if (kind is null)
        {
            Error(6, TariffErrorCodes.RateInvalid, $"rateKind '{Field(6)}' is not ad-valorem, specific or compound.");
        }

        decimal? percent = null, amount = null;
        CurrencyCode? currency = null;
        string? unit = null;
        if (kind is RateKind.AdValorem or RateKind.Compound)
        {
            percent = Decimal(7, 1000m);
        }
        else if (Field(7).Length > 0)
        {
            Error(7, TariffErrorCodes.RateInvalid, "A specific rate has no percentage.");
        }

        if (kind is RateKind.Specific or RateKind.Compound)
        {
            amount = Decimal(8, 1_000_000_000m);
            if (CurrencyCode.Parse(Field(9)) is { IsValid: true } cur)
            {
                currency = cur.Value;
            }
            else
            {
                Error(9, TariffErrorCodes.RateInvalid, $"specificCurrency '{Field(9)}' is not an ISO 4217 currency.");
            }

            unit = Field(10);
            if (unit.Length == 0)
            {
                Error(10, TariffErrorCodes.FieldMissing, "A specific rate names its unit (for example kg, t, u, l).");
            }
        }
        else if (Field(8).Length + Field(9).Length + Field(10).Length > 0)
        {
            Error(8, TariffErrorCodes.RateInvalid, "An ad-valorem rate has no specific amount, currency or unit.");
        }

        DateOnly from = default;
        if (!DateOnly.TryParseExact(Field(11), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            Error(11, TariffErrorCodes.RateInvalid, $"effectiveFrom '{Field(11)}' is not a date (yyyy-MM-dd).");
        }

        bool sample = false;
        if (Field(12) is not ("true" or "false"))
        {
            Error(12, TariffErrorCodes.FieldMissing, $"sample '{Field(12)}' must be true or false.");
        }
        else
        {
            sample = Field(12) == "true";
        }

        if (Field(13).Length == 0)
        {
            Error(13, TariffErrorCodes.FieldMissing, "Every line names its source (an id in SOURCES.md, a URL or a document).");
        }

        return errors.Count > before
            ? null
            : new TariffLine(importer, agreement, schedule, edition!.Edition, code, new TariffRate(kind!.Value, percent, amount, currency, unit), from, sample, Field(13));

        decimal? Decimal(int i, decimal max)
        {
            if (Field(i).Length == 0)
            {
                Error(i, TariffErrorCodes.FieldMissing, $"{Columns[i]} is required for a {Field(6)} rate.");
                return null;
            }

            if (!decimal.TryParse(Field(i), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d) || d > max)
            {
                Error(i, TariffErrorCodes.RateInvalid, $"'{Field(i)}' is not a non-negative number up to {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }

            return d;
        }
    }
}
