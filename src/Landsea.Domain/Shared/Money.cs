using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Landsea.Shared;

/// <summary>An ISO 4217 currency in current use (withdrawn codes are refused).</summary>
/// <remarks>The default value is not a valid currency code: it formats as the empty string and compares equal only to itself; values come from <c>Parse</c>.</remarks>
[JsonConverter(typeof(CurrencyCodeJsonConverter))]
public readonly record struct CurrencyCode
{
    private static readonly Lazy<FrozenDictionary<string, (string Name, int MinorUnit)>> s_currencies = new(Load);

    private CurrencyCode(string value) => Value = value;

    /// <summary>The three-letter alphabetic code, for example "CNY".</summary>
    public string Value { get; }

    public string Name => s_currencies.Value[Value].Name;

    /// <summary>Digits after the decimal point (2 for CNY, 0 for JPY and LAK's minor unit per ISO 4217).</summary>
    public int MinorUnit => s_currencies.Value[Value].MinorUnit;

    public static Result<CurrencyCode> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<CurrencyCode>.Fail(ValueErrorCodes.CurrencyEmpty, "A currency code is required.");
        }

        string code = text.Trim();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            return Result<CurrencyCode>.Fail(ValueErrorCodes.CurrencySyntax, $"Currency code '{text}' is not three capital letters (ISO 4217).");
        }

        return s_currencies.Value.ContainsKey(code)
            ? Result<CurrencyCode>.Ok(new CurrencyCode(code))
            : Result<CurrencyCode>.Fail(ValueErrorCodes.CurrencyUnknown, $"Currency code '{code}' is not a current ISO 4217 currency.");
    }

    public override string ToString() => Value ?? "";

    private static FrozenDictionary<string, (string, int)> Load()
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        foreach (string[] row in EmbeddedData.ReadCsv("Landsea.data.iso.currency-codes-iso4217.csv"))
        {
            // Entity,Currency,AlphabeticCode,NumericCode,MinorUnit,WithdrawalDate
            if (row.Length < 6 || row[2].Length != 3 || row[5].Length > 0)
            {
                continue;
            }

            int minor = int.TryParse(row[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) ? m : 0;
            map[row[2]] = (row[1], minor);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>
/// An amount of one currency. Amounts are decimals; arithmetic between different currencies is refused,
/// never converted silently.
/// </summary>
/// <remarks>The default value is zero of no currency (it formats as "0 "), which <see cref="Parse"/> never returns.</remarks>
public readonly record struct Money(decimal Amount, CurrencyCode Currency)
{
    /// <summary>
    /// Parses the form <see cref="ToString"/> writes: a decimal amount with a point (no grouping, no exponent), one space
    /// and an ISO 4217 code, for example "12.50 CNY".
    /// </summary>
    public static Result<Money> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<Money>.Fail(ValueErrorCodes.MoneySyntax, "An amount with its currency is required, for example \"12.50 CNY\".");
        }

        string[] parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2
            || !decimal.TryParse(parts[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
        {
            return Result<Money>.Fail(ValueErrorCodes.MoneySyntax, $"'{text}' is not an amount followed by a currency code, for example \"12.50 CNY\".");
        }

        Result<CurrencyCode> currency = CurrencyCode.Parse(parts[1]);
        return currency.IsValid ? new Money(amount, currency.Value) : currency.Failure!;
    }

    /// <summary>Adds two amounts of the same currency; a different currency is a failure, not a conversion, and so is a sum beyond decimal's range.</summary>
    public Result<Money> Plus(Money other)
    {
        if (other.Currency != Currency)
        {
            return Result<Money>.Fail(ValueErrorCodes.CurrencyMismatch, $"Cannot add {other.Currency} to {Currency} without an exchange rate.");
        }

        Result<decimal> sum = Quantities.Sum([Amount, other.Amount]);
        return sum.IsValid ? this with { Amount = sum.Value } : sum.Failure!;
    }

    /// <summary>Adds amounts of the same currency. Invariant: callers have checked currencies match.</summary>
    public static Money operator +(Money left, Money right) => left.Plus(right).OrThrow();

    /// <summary>Rounds half away from zero to the currency's minor unit.</summary>
    public Money Rounded() => this with { Amount = Math.Round(Amount, Currency.MinorUnit, MidpointRounding.AwayFromZero) };

    /// <summary>Converts at a rate quoted as units of <paramref name="to"/> per one unit of this currency.</summary>
    public Money ConvertTo(CurrencyCode to, decimal rate) => new(Amount * rate, to);

    public override string ToString() => $"{Amount.ToString("0.##########", CultureInfo.InvariantCulture)} {Currency}";
}
