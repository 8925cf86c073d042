using System.Collections.Frozen;
using System.Globalization;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>A conversion used: how many units of <paramref name="To"/> one unit of <paramref name="From"/> buys, and the month's rate used.</summary>
public sealed record ExchangeRateUsed(string From, string To, decimal Rate, DateOnly RateDate, string Source);

/// <summary>
/// Monthly US Federal Reserve H.10 averages (data/fx/fred-monthly.csv, embedded), crossed through USD.
/// The rate for a date is the latest month starting on or before it.
/// </summary>
public sealed class ExchangeRates
{
    private static readonly Lazy<ExchangeRates> s_shipped = new(Load);

    // FRED country series -> ISO 4217; the USD-per-unit series are inverted on load.
    private static readonly FrozenDictionary<string, (string Currency, bool UsdPerUnit)> s_series = new Dictionary<string, (string, bool)>
    {
        ["China"] = ("CNY", false), ["Thailand"] = ("THB", false), ["Malaysia"] = ("MYR", false), ["Singapore"] = ("SGD", false),
        ["Japan"] = ("JPY", false), ["South Korea"] = ("KRW", false), ["Hong Kong"] = ("HKD", false), ["India"] = ("INR", false),
        ["Australia"] = ("AUD", true), ["New Zealand"] = ("NZD", true), ["Euro"] = ("EUR", true), ["United Kingdom"] = ("GBP", true),
        ["Canada"] = ("CAD", false), ["Switzerland"] = ("CHF", false),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, (DateOnly Month, decimal PerUsd)[]> _perUsd;

    private ExchangeRates(FrozenDictionary<string, (DateOnly, decimal)[]> perUsd) => _perUsd = perUsd;

    public static ExchangeRates Shipped => s_shipped.Value;

    /// <summary>Converts one unit of <paramref name="from"/> into <paramref name="to"/> on <paramref name="date"/>.</summary>
    public Result<ExchangeRateUsed> Rate(CurrencyCode from, CurrencyCode to, DateOnly date)
    {
        if (from == to)
        {
            return new ExchangeRateUsed(from.Value, to.Value, 1m, date, "same currency");
        }

        Result<(DateOnly, decimal)> f = PerUsd(from.Value, date), t = PerUsd(to.Value, date);
        if (!f.IsValid)
        {
            return f.Failure!;
        }

        if (!t.IsValid)
        {
            return t.Failure!;
        }

        DateOnly used = f.Value.Item1 < t.Value.Item1 ? f.Value.Item1 : t.Value.Item1;
        decimal rate = decimal.Round(t.Value.Item2 / f.Value.Item2, 8);
        return new ExchangeRateUsed(from.Value, to.Value, rate, used, "FRED H.10 monthly average (data/fx/fred-monthly.csv), crossed through USD");
    }

    private Result<(DateOnly, decimal)> PerUsd(string currency, DateOnly date)
    {
        if (currency == "USD")
        {
            return (date, 1m);
        }

        if (!_perUsd.TryGetValue(currency, out (DateOnly Month, decimal PerUsd)[]? series))
        {
            return Result<(DateOnly, decimal)>.Fail(TariffErrorCodes.NoExchangeRate, $"No exchange rate for {currency} is shipped (data/fx has {string.Join(", ", _perUsd.Keys.Order(StringComparer.Ordinal))} and USD).");
        }

        int i = Array.FindLastIndex(series, s => s.Month <= date);
        return i < 0
            ? Result<(DateOnly, decimal)>.Fail(TariffErrorCodes.NoExchangeRate, $"No {currency} rate on or before {date:yyyy-MM-dd}.")
            : series[i];
    }

    private static ExchangeRates Load()
    {
        var map = new Dictionary<string, List<(DateOnly, decimal)>>(StringComparer.Ordinal);
        foreach (string[] row in EmbeddedData.ReadCsv("Landsea.data.fx.fred-monthly.csv"))
        {
            if (row.Length < 3 || !s_series.TryGetValue(row[1], out (string Currency, bool UsdPerUnit) s)
                || !decimal.TryParse(row[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal v) || v <= 0)
            {
                continue;
            }

            decimal perUsd = s.UsdPerUnit ? 1m / v : v;
            if (!map.TryGetValue(s.Currency, out List<(DateOnly, decimal)>? list))
            {
                map[s.Currency] = list = [];
            }

            list.Add((DateOnly.ParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), perUsd));
        }

        return new ExchangeRates(map.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.OrderBy(x => x.Item1).ToArray(), StringComparer.Ordinal));
    }
}
