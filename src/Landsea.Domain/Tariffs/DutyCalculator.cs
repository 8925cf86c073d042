using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>A duty question: a commodity from an origin into an importer on a date, with its customs value and quantity.</summary>
public sealed record DutyQuestion(HsCode Code, CountryCode Origin, CountryCode Importer, Money Value, DateOnly Date, decimal? Quantity = null, string? Unit = null);

/// <summary>One way to pay duty: MFN, or a preference under an agreement with its conditions.</summary>
public sealed record DutyOption(
    string Agreement,
    string Schedule,
    string TariffLine,
    TariffRate Rate,
    DateOnly RateEffectiveFrom,
    Money Duty,
    Money SavedVersusMfn,
    string Conditions,
    bool Sample,
    string Source);

/// <summary>All options for a question, cheapest first, with the conversion used for the value.</summary>
public sealed record DutyAnswer(DutyQuestion Question, CurrencyCode DutyCurrency, ExchangeRateUsed ValueRate, IReadOnlyList<DutyOption> Options);

/// <summary>Duty per applicable option (pure: the book, rates and date are passed in).</summary>
public static class DutyCalculator
{
    public static Result<DutyAnswer> Options(DutyQuestion q, TariffBook book, ExchangeRates rates)
    {
        if (q.Value.Amount < 0)
        {
            return Result<DutyAnswer>.Fail(TariffErrorCodes.DutyInputInvalid, "--value must not be negative.");
        }

        if (q.Quantity is < 0)
        {
            return Result<DutyAnswer>.Fail(TariffErrorCodes.DutyInputInvalid, "--quantity must not be negative.");
        }

        if (q.Importer.Country?.CurrencyCode is not { Length: 3 } importerCurrencyText || !CurrencyCode.Parse(importerCurrencyText).IsValid)
        {
            return Result<DutyAnswer>.Fail(TariffErrorCodes.DutyInputInvalid, $"The importer {q.Importer} has no ISO currency.");
        }

        CurrencyCode dutyCurrency = CurrencyCode.Parse(importerCurrencyText).Value;
        Result<ExchangeRateUsed> valueRate = rates.Rate(q.Value.Currency, dutyCurrency, q.Date);
        if (!valueRate.IsValid)
        {
            return valueRate.Failure!;
        }

        Money value = q.Value.ConvertTo(dutyCurrency, valueRate.Value.Rate);
        TariffLine? mfnLine = book.Find(q.Importer, Agreements.Mfn, q.Code, q.Date);
        if (mfnLine is null)
        {
            return Result<DutyAnswer>.Fail(TariffErrorCodes.NoRate, $"No MFN rate of {q.Importer} for {q.Code.Digits} on {q.Date:yyyy-MM-dd} is loaded.");
        }

        Result<Money> mfn = Duty(mfnLine.Rate, value, q, rates);
        if (!mfn.IsValid)
        {
            return mfn.Failure!;
        }

        var options = new List<DutyOption> { Option(mfnLine, mfn.Value, mfn.Value, "None: the general (most-favoured-nation) rate.") };
        foreach (string agreement in new[] { Agreements.Rcep, Agreements.Acfta })
        {
            if (!AgreementMembership.InForce(agreement, q.Importer, q.Date) || !AgreementMembership.InForce(agreement, q.Origin, q.Date)
                || book.Find(q.Importer, agreement, q.Code, q.Date, q.Origin) is not { } line)
            {
                continue;
            }

            Result<Money> duty = Duty(line.Rate, value, q, rates);
            if (!duty.IsValid)
            {
                return duty.Failure!;
            }

            options.Add(Option(line, duty.Value, mfn.Value,
                $"The goods originate in {q.Origin} under {agreement}'s rules of origin; proof: {AgreementMembership.Proof(agreement)}; direct consignment."));
        }

        return new DutyAnswer(q, dutyCurrency, valueRate.Value, [.. options.OrderBy(o => o.Duty.Amount).ThenBy(o => o.Agreement == Agreements.Mfn ? 0 : 1)]);
    }

    private static DutyOption Option(TariffLine line, Money duty, Money mfn, string conditions) =>
        new(line.Agreement, line.Schedule, line.TariffCode.Digits, line.Rate, line.EffectiveFrom, duty, new Money(mfn.Amount - duty.Amount, duty.Currency), conditions, line.Sample, line.Source);

    private static Result<Money> Duty(TariffRate rate, Money value, DutyQuestion q, ExchangeRates rates)
    {
        decimal amount = rate.AdValoremPercent is { } p ? value.Amount * p / 100m : 0m;
        if (rate.Kind is RateKind.Specific or RateKind.Compound)
        {
            if (q.Quantity is not { } quantity || !string.Equals(q.Unit, rate.SpecificUnit, StringComparison.OrdinalIgnoreCase))
            {
                return Result<Money>.Fail(TariffErrorCodes.DutyInputInvalid,
                    $"The rate {rate} is per {rate.SpecificUnit}: give --quantity and --unit {rate.SpecificUnit}.");
            }

            Result<ExchangeRateUsed> r = rates.Rate(rate.SpecificCurrency!.Value, value.Currency, q.Date);
            if (!r.IsValid)
            {
                return r.Failure!;
            }

            amount += rate.SpecificAmount!.Value * quantity * r.Value.Rate;
        }

        return new Money(amount, value.Currency).Rounded();
    }
}
