using System.Text.RegularExpressions;
using Landsea.Shared;

namespace Landsea.Transit;

/// <summary>NCTS guarantee types the node registers and reserves against (CL251 codes 0 and 1).</summary>
public enum GuaranteeKind
{
    /// <summary>Code 0: a comprehensive guarantee (or waiver) with a reference amount, shared by many movements at once.</summary>
    Comprehensive,

    /// <summary>Code 1: an individual guarantee given for one movement; it covers that movement only, once.</summary>
    Individual,
}

/// <summary>
/// A registered guarantee: its GRN, kind, holder, the reference amount and what running movements have reserved.
/// Invariant: <see cref="Reserved"/> is in the currency of <see cref="ReferenceAmount"/> and never exceeds it.
/// </summary>
/// <param name="AccessCode">The four-character access code the holder quotes with the GRN.</param>
public sealed record Guarantee(string Grn, GuaranteeKind Kind, string HolderId, string AccessCode, Money ReferenceAmount, Money Reserved)
{
    /// <summary>The reference amount not reserved by running movements.</summary>
    public Money Available => ReferenceAmount with { Amount = ReferenceAmount.Amount - Reserved.Amount };
}

/// <summary>Guarantee decisions: GRN format, reservation on release, release on write-off or cancellation.</summary>
public static partial class Guarantees
{
    /// <summary>The GRN pattern of the 51.8.6 schema (stypes.xsd GRNType): year, country, 12 characters, check digit, optional letter and 6 digits.</summary>
    public const string GrnPattern = "[0-9]{2}[A-Z]{2}[A-Z0-9]{12}[0-9]([A-Z][0-9]{6})?";

    [GeneratedRegex("^" + GrnPattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex GrnRegex();

    public static Result<string> ParseGrn(string? text)
    {
        string s = (text ?? "").Trim();
        return GrnRegex().IsMatch(s)
            ? Result<string>.Ok(s)
            : Result<string>.Fail(TransitErrorCodes.GuaranteeReferenceInvalid, $"Guarantee reference '{text}' does not match the NCTS GRN format {GrnPattern}.");
    }

    /// <summary>A new registration with nothing reserved.</summary>
    public static Result<Guarantee> Register(string grn, GuaranteeKind kind, string holderId, string accessCode, Money referenceAmount)
    {
        Result<string> parsed = ParseGrn(grn);
        if (!parsed.IsValid)
        {
            return parsed.Failure!;
        }

        if (referenceAmount.Amount <= 0)
        {
            return new Failure(TransitErrorCodes.GuaranteeNotCovered, $"Guarantee {grn} needs a reference amount above zero.");
        }

        return new Guarantee(parsed.Value, kind, holderId, accessCode, referenceAmount, referenceAmount with { Amount = 0 });
    }

    /// <summary>
    /// Reserves the amount a movement must cover. Refused (an IE055 goes to the holder) when the access code is wrong,
    /// the currency differs, an individual guarantee is already used, or the available amount is short.
    /// </summary>
    public static Result<Guarantee> Reserve(Guarantee guarantee, Money amount, string accessCode)
    {
        if (!string.Equals(guarantee.AccessCode, accessCode, StringComparison.Ordinal))
        {
            return new Failure(TransitErrorCodes.GuaranteeUnknown, $"The access code given for guarantee {guarantee.Grn} is not its access code.");
        }

        if (amount.Currency != guarantee.ReferenceAmount.Currency)
        {
            return new Failure(TransitErrorCodes.GuaranteeCurrency, $"The amount to cover is in {amount.Currency}; guarantee {guarantee.Grn} is in {guarantee.ReferenceAmount.Currency}.");
        }

        if (guarantee.Kind == GuaranteeKind.Individual && guarantee.Reserved.Amount > 0)
        {
            return new Failure(TransitErrorCodes.GuaranteeNotCovered, $"Individual guarantee {guarantee.Grn} already covers another movement.");
        }

        if (amount.Amount > guarantee.Available.Amount)
        {
            return new Failure(TransitErrorCodes.GuaranteeNotCovered, $"Guarantee {guarantee.Grn} has {guarantee.Available} available; the movement needs {amount}.");
        }

        return guarantee with { Reserved = guarantee.Reserved with { Amount = guarantee.Reserved.Amount + amount.Amount } };
    }

    /// <summary>Gives back what a movement reserved (on write-off or cancellation). Invariant: never below zero.</summary>
    public static Guarantee Release(Guarantee guarantee, Money amount)
    {
        decimal left = guarantee.Reserved.Amount - amount.Amount;
        if (amount.Currency != guarantee.Reserved.Currency || left < 0)
        {
            throw new InvalidOperationException($"Releasing {amount} from guarantee {guarantee.Grn} that has {guarantee.Reserved} reserved.");
        }

        return guarantee with { Reserved = guarantee.Reserved with { Amount = left } };
    }
}
