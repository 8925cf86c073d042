using System.Globalization;
using System.Text.Json;
using Landsea.Declarations.Wco;

namespace Landsea.Declarations.Json;

/// <summary>
/// Reads the JSON form of a declaration used by the API (documented in docs/declarations.md) and checks it with
/// the same business rules as WCO XML, reporting JSON Pointers (RFC 6901, 0-based array indexes).
/// </summary>
public static class JsonDeclarationReader
{
    public static DeclarationCheck Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn, int maxBytes = WcoDeclarationReader.DefaultMaxBytes) =>
        ReadDocument(bytes, lodgedOn, maxBytes) with { Fields = DeclarationFieldPointers.Json };

    private static DeclarationCheck ReadDocument(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn, int maxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            return new(null, [new("", ErrorCodes.TooLarge, $"The document has {bytes.Length:N0} bytes; this node accepts at most {maxBytes:N0}.")]);
        }

        if (JsonTextCheck.Utf8(bytes.Span) is { } notUtf8)
        {
            return new(null, [notUtf8]);
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, [new("", Landsea.Shared.SecurityErrorCodes.JsonTooComplex,
                $"Objects and arrays are nested deeper than 32 levels at line {(ex.LineNumber ?? 0) + 1} (a declaration needs about four); reading stopped here.")]);
        }
        catch (JsonException ex)
        {
            return new(null, [new("", ErrorCodes.Malformed, $"Not well-formed JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}")]);
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(null, [new("", ErrorCodes.NotADeclaration, "A declaration is a JSON object.")]);
            }

            // Invariant: past this check every string decodes and every key is unique, so reading the fields cannot throw.
            if (JsonTextCheck.Strings(root, "") is { } unreadable)
            {
                return new(null, [unreadable]);
            }

            var errors = new List<DeclarationError>();
            var facts = new DeclarationFacts();
            string? reference = Str(root, "functionalReference", "", errors, required: true);
            string? typeCode = Str(root, "typeCode", "", errors, required: true);
            string functionCode = Str(root, "functionCode", "", errors, required: false) ?? "9";
            SubmissionKind kind = functionCode == "13"
                ? typeCode switch { "COR" => SubmissionKind.Amendment, "INV" => SubmissionKind.Cancellation, _ => SubmissionKind.OtherRequest }
                : SubmissionKind.Original;

            DateTimeOffset? issued = null;
            if (Str(root, "issuedAt", "", errors, required: false) is { } issuedText)
            {
                if (DateTimeOffset.TryParse(issuedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t))
                {
                    issued = t.ToUniversalTime();
                }
                else
                {
                    errors.Add(new("/issuedAt", ErrorCodes.DateInvalid, $"'{issuedText}' is not an ISO 8601 date-time."));
                }
            }

            var parties = new List<Party>();
            string? declarantId = null;
            foreach (string role in new[] { "declarant", "importer", "exporter", "consignee", "consignor", "representative" })
            {
                if (root.TryGetProperty(role, out JsonElement p) && p.ValueKind == JsonValueKind.Object)
                {
                    string? id = Str(p, "id", "/" + role, errors, required: false);
                    if (id is not null)
                    {
                        facts.TraderIds.Add(new(id, $"/{role}/id"));
                    }

                    string? country = Str(p, "country", "/" + role, errors, required: false);
                    if (country is not null)
                    {
                        facts.Countries.Add(new(country, $"/{role}/country"));
                    }

                    parties.Add(new Party(char.ToUpperInvariant(role[0]) + role[1..], ModelValues.Trader(id), Str(p, "name", "/" + role, errors, required: false), ModelValues.Country(country)));
                    if (role == "declarant")
                    {
                        declarantId = id;
                    }
                }
            }

            if (kind == SubmissionKind.Original && declarantId is null)
            {
                facts.MissingDeclarantPointer = root.TryGetProperty("declarant", out _) ? "/declarant/id" : "/declarant";
            }

            string? office = Str(root, "officeCode", "", errors, required: false);
            if (office is not null)
            {
                facts.OfficeCodes.Add(new(office, "/officeCode"));
            }

            (decimal? invoiceAmount, string? invoiceCurrency) = Amount(root, "invoice", "", facts, errors);
            if (invoiceCurrency is not null)
            {
                facts.InvoiceCurrency = new(invoiceCurrency, "/invoice/currency");
            }

            foreach (string field in new[] { "exportCountry", "destinationCountry" })
            {
                if (Str(root, field, "", errors, required: false) is { } c)
                {
                    facts.Countries.Add(new(c, "/" + field));
                }
            }

            var containers = new List<string>();
            if (root.TryGetProperty("containers", out JsonElement cs) && cs.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement c in cs.EnumerateArray())
                {
                    if (c.ValueKind == JsonValueKind.String)
                    {
                        containers.Add(c.GetString()!);
                        facts.Containers.Add(new(c.GetString()!, $"/containers/{i}"));
                    }
                    else
                    {
                        errors.Add(new($"/containers/{i}", ErrorCodes.FieldInvalid, "A container number is a string."));
                    }

                    i++;
                }
            }

            var items = new List<GoodsItem>();
            if (root.TryGetProperty("items", out JsonElement its) && its.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (JsonElement item in its.EnumerateArray())
                {
                    string at = $"/items/{i}";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add(new(at, ErrorCodes.FieldInvalid, "A goods item is an object."));
                        i++;
                        continue;
                    }

                    decimal? seq = Num(item, "sequence", at, null, errors);
                    facts.ItemSequences.Add(new(seq?.ToString(CultureInfo.InvariantCulture) ?? "", at + "/sequence"));
                    string? code = Str(item, "commodityCode", at, errors, required: true);
                    if (code is not null)
                    {
                        facts.CommodityCodes.Add(new(code, at + "/commodityCode"));
                    }

                    string? origin = Str(item, "originCountry", at, errors, required: false);
                    if (origin is not null)
                    {
                        facts.Countries.Add(new(origin, at + "/originCountry"));
                    }

                    (decimal? amount, string? currency) = Amount(item, "amount", at, facts, errors);
                    if (currency is not null)
                    {
                        facts.ItemCurrencies.Add(new(currency, at + "/amount/currency"));
                    }

                    // A sequence that is not a whole number from 1 is reported by the numbering rule (LS040); the model numbers it by position.
                    int number = seq is { } n && n == decimal.Truncate(n) && n is >= 1 and <= int.MaxValue ? (int)n : i + 1;
                    items.Add(new GoodsItem(number, ModelValues.Hs(code), Str(item, "description", at, errors, required: false), ModelValues.Country(origin), amount, ModelValues.Currency(currency),
                        Num(item, "grossMassKg", at, facts.Masses, errors), Num(item, "netMassKg", at, facts.Masses, errors)));
                    i++;
                }
            }
            else if (root.TryGetProperty("items", out JsonElement bad) && bad.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new("/items", ErrorCodes.FieldInvalid, "'items' is an array of goods items."));
            }

            DeclarationDirection direction = typeCode?.StartsWith("IM", StringComparison.Ordinal) == true ? DeclarationDirection.Import
                : typeCode?.StartsWith("EX", StringComparison.Ordinal) == true ? DeclarationDirection.Export : DeclarationDirection.Other;
            if (kind == SubmissionKind.Original && direction != DeclarationDirection.Other && items.Count == 0)
            {
                facts.ItemsPointer = "/items";
            }

            var declaration = new Declaration
            {
                FunctionalReference = reference ?? "",
                TypeCode = typeCode ?? "",
                FunctionCode = functionCode,
                Kind = kind,
                Direction = direction,
                ReferencedId = Str(root, "referencedMrn", "", errors, required: false),
                IssuedAt = issued,
                DeclarantId = ModelValues.Trader(declarantId),
                OfficeCode = office,
                InvoiceAmount = invoiceAmount,
                InvoiceCurrency = ModelValues.Currency(invoiceCurrency),
                ExportCountry = ModelValues.Country(Str(root, "exportCountry", "", errors, required: false)),
                DestinationCountry = ModelValues.Country(Str(root, "destinationCountry", "", errors, required: false)),
                TransportMode = Str(root, "transportMode", "", errors, required: false),
                Parties = parties,
                Items = items,
                Containers = containers,
            };

            DateOnly date = issued is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : lodgedOn;
            facts.Kind = declaration.Kind;
            (List<DeclarationError> business, List<DeclarationError> warnings) = DeclarationRules.Check(facts, date);
            errors.AddRange(business);
            return new(declaration, errors.DistinctBy(e => (e.Pointer, e.Code)).ToList()) { Warnings = warnings, AmendedItems = DeclarationRules.AmendedItems(facts), DeclarantText = declarantId };
        }
    }

    private static string? Str(JsonElement obj, string name, string at, List<DeclarationError> errors, bool required)
    {
        if (!obj.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new($"{at}/{name}", ErrorCodes.FieldMissing, $"'{name}' is required."));
            }

            return null;
        }

        if (v.ValueKind is JsonValueKind.Number)
        {
            return v.GetRawText();
        }

        if (v.ValueKind != JsonValueKind.String || v.GetString()!.Trim().Length == 0)
        {
            errors.Add(new($"{at}/{name}", required ? ErrorCodes.FieldMissing : ErrorCodes.FieldInvalid, $"'{name}' must be a non-empty string."));
            return null;
        }

        return v.GetString()!.Trim();
    }

    /// <summary>A number field; <paramref name="checkedAs"/> receives it for the range rules (null: another rule checks it).</summary>
    private static decimal? Num(JsonElement obj, string name, string at, List<Located>? checkedAs, List<DeclarationError> errors)
    {
        if (!obj.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out decimal d))
        {
            checkedAs?.Add(new(d.ToString(CultureInfo.InvariantCulture), $"{at}/{name}"));
            return d;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            errors.Add(new($"{at}/{name}", ErrorCodes.OutOfRange, $"'{name}' is {Shorten(v.GetRawText())}, beyond the range of decimal numbers (about ±7.9e28) Landsea reads."));
            return null;
        }

        errors.Add(new($"{at}/{name}", ErrorCodes.AmountInvalid, $"'{name}' must be a number, not {Shorten(v.GetRawText())}."));
        return null;
    }

    private static (decimal?, string?) Amount(JsonElement obj, string name, string at, DeclarationFacts facts, List<DeclarationError> errors)
    {
        if (!obj.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new($"{at}/{name}", ErrorCodes.FieldInvalid, $"'{name}' is an object {{\"amount\": number, \"currency\": \"ISO 4217 code\"}}."));
            return (null, null);
        }

        decimal? amount = Num(v, "amount", $"{at}/{name}", facts.Amounts, errors);
        string? currency = Str(v, "currency", $"{at}/{name}", errors, required: true);
        if (currency is not null)
        {
            facts.Currencies.Add(new(currency, $"{at}/{name}/currency"));
        }

        return (amount, currency);
    }

    /// <summary>JSON text for a reason: at most 40 characters, so an error never echoes a whole payload.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..(char.IsHighSurrogate(text[39]) ? 39 : 40)] + "...";
}
