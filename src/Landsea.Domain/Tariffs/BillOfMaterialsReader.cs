using System.Globalization;
using System.Text.Json;
using Landsea.Shared;

namespace Landsea.Tariffs;

/// <summary>
/// A bill of materials as a trader gives it: the product, the exporter (the party where it is produced), the currency
/// of every value, and the <see cref="BillOfMaterials"/> the rules evaluate. An input of unknown origin has the default
/// <see cref="CountryCode"/> and counts as non-originating (RCEP Art 3.5(4)).
/// </summary>
public sealed record BomDocument(BillOfMaterials Bom, CountryCode Exporter, CurrencyCode Currency, string? Description, IReadOnlyList<string?> InputDescriptions);

/// <summary>A problem in a bill of materials: a JSON Pointer to the field, a stable code and why.</summary>
public sealed record BomError(string Field, string Code, string Reason)
{
    public override string ToString() => $"{Field}: {Reason} ({Code})";
}

/// <summary>
/// Reads the bill-of-materials JSON format (docs/tariffs.md, formatVersion 1). Every field is checked; the answer is the
/// document or every error, never half of it. HS codes must exist in the edition in force on the date.
/// </summary>
public static class BillOfMaterialsReader
{
    public const int FormatVersion = 1;

    /// <summary>The origin text for an input whose origin the producer cannot establish.</summary>
    public const string UnknownOrigin = "unknown";

    /// <summary>At most this many inputs (a bound on work, not a customs rule).</summary>
    public const int MaxInputs = 10_000;

    public static (BomDocument? Document, IReadOnlyList<BomError> Errors) Read(string json, DateOnly date)
    {
        var errors = new List<BomError>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return (null, [new BomError("", TariffErrorCodes.BomFormat, $"Not a JSON document: {e.Message}")]);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, [new BomError("", TariffErrorCodes.BomFormat, "The bill of materials is a JSON object.")]);
            }

            HsNomenclature edition = HsNomenclature.InForceOn(date);
            if (!root.TryGetProperty("formatVersion", out JsonElement v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version != FormatVersion)
            {
                errors.Add(new BomError("/formatVersion", TariffErrorCodes.BomFormat, $"formatVersion must be {FormatVersion}."));
            }

            HsCode product = Hs(root, "/product", "product");
            CountryCode exporter = Country(root, "/exporter", "exporter", allowUnknown: false);
            CurrencyCode currency = default;
            if (Text(root, "/currency", "currency") is { } cur)
            {
                if (CurrencyCode.Parse(cur) is { IsValid: true } c)
                {
                    currency = c.Value;
                }
                else
                {
                    errors.Add(new BomError("/currency", TariffErrorCodes.BomValueInvalid, $"'{cur}' is not an ISO 4217 currency."));
                }
            }

            decimal fob = Amount(root, "/fob", "fob", required: true, positive: true);
            decimal labour = Amount(root, "/labour", "labour", required: false, positive: false);
            decimal overhead = Amount(root, "/overhead", "overhead", required: false, positive: false);
            decimal profit = Amount(root, "/profit", "profit", required: false, positive: false);
            decimal other = Amount(root, "/other", "other", required: false, positive: false);
            string? description = root.TryGetProperty("description", out JsonElement d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;

            var inputs = new List<BomInput>();
            var descriptions = new List<string?>();
            if (!root.TryGetProperty("inputs", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new BomError("/inputs", TariffErrorCodes.BomFormat, "inputs is required: an array of {hs, origin, value}."));
            }
            else if (list.GetArrayLength() > MaxInputs)
            {
                errors.Add(new BomError("/inputs", TariffErrorCodes.BomFormat, $"At most {MaxInputs} inputs."));
            }
            else
            {
                int n = 0;
                foreach (JsonElement input in list.EnumerateArray())
                {
                    string at = $"/inputs/{n++}";
                    if (input.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(new BomError(at, TariffErrorCodes.BomFormat, "An input is an object {hs, origin, value}."));
                        continue;
                    }

                    int before = errors.Count;
                    HsCode code = Hs(input, at + "/hs", "hs");
                    CountryCode origin = Country(input, at + "/origin", "origin", allowUnknown: true);
                    decimal value = Amount(input, at + "/value", "value", required: true, positive: false);
                    if (errors.Count == before)
                    {
                        inputs.Add(new BomInput(code, origin, value));
                        descriptions.Add(input.TryGetProperty("description", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
                    }
                }
            }

            return errors.Count > 0
                ? (null, errors)
                : (new BomDocument(new BillOfMaterials(product, fob, inputs, labour, overhead, profit, other), exporter, currency, description, descriptions), errors);

            HsCode Hs(JsonElement e, string at, string name)
            {
                if (Text(e, at, name) is not { } text)
                {
                    return default;
                }

                Result<HsCode> parsed = HsCode.Parse(text);
                if (!parsed.IsValid)
                {
                    errors.Add(new BomError(at, TariffErrorCodes.BomHsUnknown, parsed.Failure!.Reason));
                    return default;
                }

                if (!edition.Contains(parsed.Value))
                {
                    errors.Add(new BomError(at, TariffErrorCodes.BomHsUnknown, $"Subheading {parsed.Value.Subheading} of '{text}' does not exist in HS {edition.Edition} (in force on {date:yyyy-MM-dd})."));
                    return default;
                }

                return parsed.Value;
            }

            CountryCode Country(JsonElement e, string at, string name, bool allowUnknown)
            {
                if (Text(e, at, name) is not { } text)
                {
                    return default;
                }

                if (allowUnknown && text.Equals(UnknownOrigin, StringComparison.OrdinalIgnoreCase))
                {
                    return default;
                }

                if (CountryCode.Parse(text) is { IsValid: true, Value.IsIso: true } c)
                {
                    return c.Value;
                }

                errors.Add(new BomError(at, TariffErrorCodes.BomOriginUnknown, allowUnknown
                    ? $"'{text}' is neither an ISO 3166-1 alpha-2 country nor \"{UnknownOrigin}\"."
                    : $"'{text}' is not an ISO 3166-1 alpha-2 country."));
                return default;
            }

            string? Text(JsonElement e, string at, string name)
            {
                if (!e.TryGetProperty(name, out JsonElement p) || p.ValueKind != JsonValueKind.String || p.GetString()!.Trim().Length == 0)
                {
                    errors.Add(new BomError(at, TariffErrorCodes.BomFormat, $"{name} is required (a string)."));
                    return null;
                }

                return p.GetString()!.Trim();
            }

            decimal Amount(JsonElement e, string at, string name, bool required, bool positive)
            {
                if (!e.TryGetProperty(name, out JsonElement p) || p.ValueKind == JsonValueKind.Null)
                {
                    if (required)
                    {
                        errors.Add(new BomError(at, TariffErrorCodes.BomFormat, $"{name} is required (a number)."));
                    }

                    return 0m;
                }

                if (p.ValueKind != JsonValueKind.Number || !p.TryGetDecimal(out decimal amount))
                {
                    errors.Add(new BomError(at, TariffErrorCodes.BomFormat, $"{name} is a number, not {p.ValueKind.ToString().ToLowerInvariant()} '{p.GetRawText()}'."));
                    return 0m;
                }

                if (amount < 0 || (positive && amount == 0))
                {
                    errors.Add(new BomError(at, TariffErrorCodes.BomValueInvalid,
                        $"{name} must be {(positive ? "greater than zero" : "zero or more")}; {amount.ToString(CultureInfo.InvariantCulture)} given."));
                    return 0m;
                }

                return amount;
            }
        }
    }
}
