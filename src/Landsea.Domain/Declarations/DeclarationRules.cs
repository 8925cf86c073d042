using System.Globalization;
using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>
/// Business rules every lodged declaration must pass, whatever its format: code lists (HS edition in force on the
/// declaration's date, ISO countries and currencies, UN/LOCODE), item numbering, party identification, amounts and
/// currencies, container check digits.
/// </summary>
public static class DeclarationRules
{
    /// <summary>Classification type codes whose ID is an HS-based commodity code (WCO DM code list 7143 usage).</summary>
    public static readonly IReadOnlySet<string> HsClassificationTypes = new HashSet<string>(StringComparer.Ordinal) { "TSP", "HS", "CN", "TAR", "HSN" };

    /// <summary>ISO 3166-1 exceptionally or transitionally reserved codes used in customs practice (EU, UK, ...).</summary>
    public static readonly IReadOnlySet<string> ReservedCountryCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        "EU", "UK", "EZ", "UN", "AC", "CP", "DG", "EA", "FX", "IC", "SU", "TA", "AN", "CS", "YU",
    };

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
            if (CountryCode.Parse(country.Value).Failure is { } failure)
            {
                // ISO 3166 leaves AA, QM-QZ, XA-XZ and ZZ to users; administrations use them (and the Z range) for
                // national codes such as XI (Northern Ireland). Those are accepted when well formed, with a warning.
                bool national = country.Value.Length == 2 && country.Value.All(char.IsAsciiLetterUpper)
                    && (country.Value[0] is 'X' or 'Z' || country.Value == "AA" || (country.Value[0] == 'Q' && country.Value[1] >= 'M')
                        || ReservedCountryCodes.Contains(country.Value));
                (national ? warnings : errors).Add(new(country.Pointer, national ? ErrorCodes.CountryNational : ErrorCodes.CountryUnknown,
                    national ? $"Country code '{country.Value}' is a user-assigned or national code, not an ISO 3166-1 country; accepted as well formed." : failure.Reason));
            }
        }

        Each(facts.Currencies, ErrorCodes.CurrencyUnknown, v => CurrencyCode.Parse(v).Failure, errors);
        Each(facts.Locodes, ErrorCodes.LocodeUnknown, v => UnLocode.Parse(v).Failure, errors);
        Each(facts.OfficeCodes, ErrorCodes.OfficeCode, v => v.Length == 8 ? Offices.CustomsOffice.ParseCode(v).Failure : null, errors);
        foreach (Located id in facts.TraderIds)
        {
            if (TraderId.Parse(id.Value).Failure is { } failure)
            {
                // An identifier that claims a scheme Landsea checks (USCC, UEN, EORI) must pass it; anything else is
                // another administration's identifier, accepted when well formed, with a warning.
                bool claimsScheme = ValueErrorCodes.SchemeChecks.Contains(failure.Code)
                    || (failure.Code == ValueErrorCodes.EoriFormat && id.Value.Length > 17 && id.Value.Length <= 20 && id.Value[..2].All(char.IsAsciiLetterUpper));
                bool wellFormed = id.Value.Length is >= 1 and <= 35 && id.Value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.');
                if (claimsScheme || !wellFormed)
                {
                    errors.Add(new(id.Pointer, ErrorCodes.TraderIdInvalid, wellFormed ? failure.Reason : $"Trader identifier '{id.Value}' must be 1 to 35 letters, digits, '-', '/' or '.'."));
                }
                else
                {
                    warnings.Add(new(id.Pointer, ErrorCodes.TraderIdUnrecognised, $"Trader identifier '{id.Value}' is not a USCC, UEN or EORI Landsea can check ({failure.Reason}); accepted as another administration's identifier."));
                }
            }
        }

        // Equipment IDs may be swap bodies or trailers (EN 13044) as well as containers: a wrong ISO 6346 check digit warns.
        Each(facts.Containers, ErrorCodes.ContainerCheckDigit, v => ContainerNumber.HasIsoShape(v) ? ContainerNumber.Parse(v).Failure : null, warnings);

        foreach (Located amount in facts.Amounts)
        {
            if (!decimal.TryParse(amount.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal value))
            {
                errors.Add(new(amount.Pointer, ErrorCodes.AmountInvalid, $"'{amount.Value}' is not a number."));
            }
            else if (value < 0)
            {
                errors.Add(new(amount.Pointer, ErrorCodes.AmountInvalid, $"{amount.Value} is negative; amounts and quantities must be zero or more."));
            }
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
