using System.Globalization;
using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>
/// Business rules every lodged declaration must pass, whatever its format: code lists (HS edition in force on the
/// declaration's date, ISO countries and currencies, UN/LOCODE), item numbering, party identification, amounts and
/// currencies, container check digits. Countries and trader identifiers are valid exactly when <see cref="CountryCode.Parse"/>
/// and <see cref="TraderId.Parse"/> accept them; the rules add the LS0xx code, the pointer and the warnings.
/// </summary>
public static class DeclarationRules
{
    /// <summary>Classification type codes whose ID is an HS-based commodity code (WCO DM code list 7143 usage).</summary>
    /// <summary>Largest gross or net mass of one goods item, in kilograms (a million tonnes: more than any ship carries).</summary>
    public const decimal MaxMassKg = 1_000_000_000m;

    /// <summary>Largest amount (an invoice or an item's value): what decimal(18,2) holds, so that every sum of a declaration's amounts fits in a decimal.</summary>
    public const decimal MaxAmount = 9_999_999_999_999_999.99m;

    /// <summary>Most goods items in one declaration (the four digits of WCO's and CUSDEC's item sequence numbers).</summary>
    public const int MaxItems = 9999;

    public static readonly IReadOnlySet<string> HsClassificationTypes = new HashSet<string>(StringComparer.Ordinal) { "TSP", "HS", "CN", "TAR", "HSN" };

    /// <summary>
    /// Checks the facts. <paramref name="declarationDate"/> is the declaration's own date, or the day it is lodged
    /// when it carries none: it selects the HS edition in force.
    /// </summary>
    /// <returns>Errors (the declaration is refused) and warnings (accepted, but worth an officer's look).</returns>
    public static (List<DeclarationError> Errors, List<DeclarationError> Warnings) Check(DeclarationFacts facts, DateOnly declarationDate)
    {
        var errors = new List<DeclarationError>();
        var warnings = new List<DeclarationError>();
        HsNomenclature edition = HsNomenclature.InForceOn(declarationDate);

        foreach (Located code in facts.CommodityCodes)
        {
            Result<HsCode> hs = HsCode.Parse(code.Value);
            if (!hs.IsValid)
            {
                errors.Add(new(code.Pointer, ErrorCodes.CommoditySyntax, hs.Failure!.Reason));
            }
            else if (!edition.Contains(hs.Value))
            {
                string retired = edition.Edition == 2022 && HsNomenclature.Hs2017.Contains(hs.Value)
                    ? $" It was retired when HS 2022 came into force on 1 January 2022."
                    : "";
                errors.Add(new(code.Pointer, ErrorCodes.CommodityUnknown,
                    $"Commodity code '{code.Value}': HS subheading {hs.Value.Subheading[..4]}.{hs.Value.Subheading[4..]} does not exist in HS {edition.Edition}, the edition in force on {declarationDate:yyyy-MM-dd}.{retired}"));
            }
        }

        foreach (Located country in facts.Countries)
        {
            // CountryCode is the one definition of a country code: an ISO country, or a user-assigned, reserved or
            // national code (XI, EU, ...), which is accepted with a warning.
            Result<CountryCode> code = CountryCode.Parse(country.Value);
            if (code.Failure is { } failure)
            {
                errors.Add(new(country.Pointer, ErrorCodes.CountryUnknown, failure.Reason));
            }
            else if (code.Value.IsNational)
            {
                warnings.Add(new(country.Pointer, ErrorCodes.CountryNational,
                    $"Country code '{country.Value}' is a user-assigned or national code, not an ISO 3166-1 country; accepted as well formed."));
            }
        }

        Each(facts.Currencies, ErrorCodes.CurrencyUnknown, v => CurrencyCode.Parse(v).Failure, errors);
        Each(facts.Locodes, ErrorCodes.LocodeUnknown, v => UnLocode.Parse(v).Failure, errors);
        Each(facts.OfficeCodes, ErrorCodes.OfficeCode, v => v.Length == 8 ? Offices.CustomsOffice.ParseCode(v).Failure : null, errors);
        foreach (Located id in facts.TraderIds)
        {
            // TraderId is the one definition: an identifier that claims a scheme Landsea checks (USCC, UEN, EORI) must
            // pass it; another administration's well-formed identifier is accepted with a warning.
            Result<TraderId> trader = TraderId.Parse(id.Value);
            if (trader.Failure is { } failure)
            {
                errors.Add(new(id.Pointer, ErrorCodes.TraderIdInvalid, failure.Reason));
            }
            else if (trader.Value.Scheme == TraderIdScheme.Other)
            {
                warnings.Add(new(id.Pointer, ErrorCodes.TraderIdUnrecognised,
                    $"Trader identifier '{id.Value}' is not a USCC, UEN or EORI Landsea can check ({TraderId.ParseScheme(id.Value).Failure?.Reason}); accepted as another administration's identifier."));
            }
        }

        // Equipment IDs may be swap bodies or trailers (EN 13044) as well as containers: a wrong ISO 6346 check digit warns.
        Each(facts.Containers, ErrorCodes.ContainerCheckDigit, v => ContainerNumber.HasIsoShape(v) ? ContainerNumber.Parse(v).Failure : null, warnings);

        Quantities(facts.Amounts, MaxAmount, "amounts", errors);
        Quantities(facts.Masses, MaxMassKg, "a goods item's mass in kilograms", errors);
        if (facts.ItemSequences.Count > MaxItems)
        {
            errors.Add(new(facts.ItemSequences[MaxItems].Pointer, ErrorCodes.OutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"The declaration has {facts.ItemSequences.Count:N0} goods items; one declaration holds at most {MaxItems:N0}.")));
        }

        string? expected = facts.InvoiceCurrency?.Value ?? facts.ItemCurrencies.FirstOrDefault().Value;
        string expectedSource = facts.InvoiceCurrency is { } inv ? $"the invoice currency {inv.Value}" : $"the first item's currency {expected}";
        foreach (Located currency in facts.ItemCurrencies)
        {
            // An unknown currency is reported once, as unknown, not again as a mismatch.
            if (expected is not null && currency.Value != expected && CurrencyCode.Parse(currency.Value).IsValid && CurrencyCode.Parse(expected).IsValid)
            {
                errors.Add(new(currency.Pointer, ErrorCodes.CurrencyMismatch,
                    $"Item amount is in {currency.Value} but {expectedSource} applies; amounts in one declaration are not mixed across currencies."));
            }
        }

        for (int i = 0; facts.Kind != SubmissionKind.Amendment && i < facts.ItemSequences.Count; i++)
        {
            Located seq = facts.ItemSequences[i];
            if (seq.Value != (i + 1).ToString(CultureInfo.InvariantCulture))
            {
                errors.Add(new(seq.Pointer, ErrorCodes.ItemNumbering, $"Goods item {i + 1} is numbered '{seq.Value}'; items are numbered 1, 2, 3, ... in order."));
            }
        }

        if (facts.Kind != SubmissionKind.Amendment && facts.DeclaredItemCount is { } count && facts.ItemSequences.Count > 0
            && count.Value != facts.ItemSequences.Count.ToString(CultureInfo.InvariantCulture))
        {
            errors.Add(new(count.Pointer, ErrorCodes.ItemCount, $"The declaration states {count.Value} goods items but has {facts.ItemSequences.Count}."));
        }

        if (facts.MissingDeclarantPointer is { } declarant)
        {
            errors.Add(new(declarant, ErrorCodes.PartyMissing, "The declarant is not identified: give the declarant's identifier (EORI, unified social credit code or UEN)."));
        }

        if (facts.ItemsPointer is { } items)
        {
            errors.Add(new(items, ErrorCodes.NoItems, "An import or export declaration needs at least one goods item."));
        }

        return (errors, warnings);
    }

    /// <summary>An amendment's item numbers as written, for the check against the declaration as amended; null for other submissions.</summary>
    public static AmendedItemNumbers? AmendedItems(DeclarationFacts facts) =>
        facts.Kind == SubmissionKind.Amendment ? new AmendedItemNumbers([.. facts.ItemSequences], facts.DeclaredItemCount) : null;

    /// <summary>Each value is a number from 0 to <paramref name="max"/>: LS061 when it is not a number or negative, LS062 when it is larger.</summary>
    private static void Quantities(List<Located> values, decimal max, string what, List<DeclarationError> errors)
    {
        foreach (Located amount in values)
        {
            string limit = max.ToString("#,0.##", CultureInfo.InvariantCulture);
            if (!decimal.TryParse(amount.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value))
            {
                // Digits that do not parse are more than a decimal holds (about 7.9e28); anything else is not a number.
                string unsigned = amount.Value.Trim().TrimStart('-', '+');
                bool digits = unsigned.Length > 0 && unsigned.All(c => char.IsAsciiDigit(c) || c is '.' or ',');
                errors.Add(digits
                    ? new(amount.Pointer, ErrorCodes.OutOfRange, $"'{Shorten(amount.Value)}' is beyond the range of decimal numbers; {what} go up to {limit}.")
                    : new(amount.Pointer, ErrorCodes.AmountInvalid, $"'{Shorten(amount.Value)}' is not a number."));
            }
            else if (value < 0)
            {
                errors.Add(new(amount.Pointer, ErrorCodes.AmountInvalid, $"{amount.Value} is negative; amounts and quantities must be zero or more."));
            }
            else if (value > max)
            {
                errors.Add(new(amount.Pointer, ErrorCodes.OutOfRange, $"{Shorten(amount.Value)} is more than Landsea accepts: {what} go up to {limit}."));
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..(char.IsHighSurrogate(text[39]) ? 39 : 40)] + "...";

    private static void Each(List<Located> values, string code, Func<string, Failure?> check, List<DeclarationError> errors)
    {
        foreach (Located v in values)
        {
            if (check(v.Value) is { } failure)
            {
                errors.Add(new(v.Pointer, code, failure.Reason));
            }
        }
    }
}
