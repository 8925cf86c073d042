using System.Globalization;
using Landsea.Shared;

namespace Landsea.Declarations.Wco;

/// <summary>
/// Reads a WCO DM 3.6 DEC document (md:MetaData/Declaration): schema validation, then the business rules of
/// <see cref="DeclarationRules"/>, reporting every error with its XPath pointer.
/// </summary>
public static class WcoDeclarationReader
{
    /// <summary>Largest submission accepted, in bytes (5 MiB); larger ones are refused unread.</summary>
    public const int DefaultMaxBytes = 5 * 1024 * 1024;

    private static readonly string[] s_partyRoles = ["Declarant", "Importer", "Exporter", "Consignee", "Consignor", "Representative", "Buyer", "Seller"];

    /// <summary>Reads and checks one document.</summary>
    /// <param name="bytes">The submission exactly as received.</param>
    /// <param name="lodgedOn">The day it is lodged (in the receiving office's time zone); selects the HS edition when the declaration has no date.</param>
    /// <param name="maxBytes">Size limit; see <see cref="DefaultMaxBytes"/>.</param>
    public static DeclarationCheck Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn, int maxBytes = DefaultMaxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            return new(null, [new("/", ErrorCodes.TooLarge, $"The document has {bytes.Length:N0} bytes; this node accepts at most {maxBytes:N0}.")]);
        }

        if (bytes.Length == 0)
        {
            return new(null, [new("/", ErrorCodes.Malformed, "The document is empty.")]);
        }

        if (Landsea.Shared.XmlLimits.Prescan(bytes.Span) is { } tooComplex)
        {
            return new(null, [new("/", ErrorCodes.TooComplex, tooComplex)]);
        }

        (WcoNode? root, List<DeclarationError> errors) = WcoDocumentReader.Read(bytes, WcoSchemas.Declaration);
        if (root is null)
        {
            return new(null, errors);
        }

        WcoNode? dec = root.Namespace == WcoSchemas.MetaDataNamespace && root.Name == "MetaData" ? root.Child("Declaration") : null;
        if (dec is null)
        {
            errors.Insert(0, new(root.Pointer, ErrorCodes.NotADeclaration,
                $"The root element is '{root.Name}' in '{root.Namespace}'; a declaration is md:MetaData (namespace {WcoSchemas.MetaDataNamespace}) holding a Declaration."));
            return new(null, errors);
        }

        var facts = new DeclarationFacts();
        Declaration declaration = Extract(dec, facts, errors);
        DateOnly date = declaration.IssuedAt is { } issued ? DateOnly.FromDateTime(issued.UtcDateTime) : lodgedOn;
        facts.Kind = declaration.Kind;
        (List<DeclarationError> business, List<DeclarationError> warnings) = DeclarationRules.Check(facts, date);

        // A business rule that names the same place as a schema error says more: keep the specific one.
        var specific = business.Select(e => e.Pointer).ToHashSet(StringComparer.Ordinal);
        errors.RemoveAll(e => e.Code == ErrorCodes.Schema && specific.Contains(e.Pointer));
        errors.AddRange(business);
        return new(declaration, errors) { Warnings = warnings, AmendedItems = DeclarationRules.AmendedItems(facts), DeclarantText = dec.Text("Declarant/ID") };
    }

    private static Declaration Extract(WcoNode dec, DeclarationFacts facts, List<DeclarationError> errors)
    {
        string functionCode = dec.Text("FunctionCode") ?? "";
        string typeCode = dec.Text("TypeCode") ?? "";
        SubmissionKind kind = functionCode == "13"
            ? typeCode switch { "COR" => SubmissionKind.Amendment, "INV" => SubmissionKind.Cancellation, _ => SubmissionKind.OtherRequest }
            : SubmissionKind.Original;
        DeclarationDirection direction = typeCode.StartsWith("IM", StringComparison.Ordinal) ? DeclarationDirection.Import
            : typeCode.StartsWith("EX", StringComparison.Ordinal) ? DeclarationDirection.Export
            : DeclarationDirection.Other;

        string? reference = dec.Text("FunctionalReferenceID");
        if (reference is null)
        {
            errors.Add(new(dec.Pointer + "/FunctionalReferenceID", ErrorCodes.FieldMissing, "The declarant's functional reference (LRN) is required."));
        }

        foreach ((string field, string what) in new[] { ("FunctionCode", "function code (9 original, 13 request)"), ("TypeCode", "declaration type code (for example IMA, EXA)") })
        {
            if (dec.Text(field) is null)
            {
                errors.Add(new(dec.Pointer + "/" + field, ErrorCodes.FieldMissing, $"The {what} is required."));
            }
        }

        DateTimeOffset? issued = null;
        if (dec.Find("IssueDateTime/DateTimeString") is { } dts)
        {
            issued = ParseDateTime(dts.Value, dts.Attributes.GetValueOrDefault("formatCode"));
            if (issued is null)
            {
                errors.Add(new(dts.Pointer, ErrorCodes.DateInvalid, $"'{dts.Value}' is not a date-time in format {dts.Attributes.GetValueOrDefault("formatCode") ?? "304"} (yyyyMMddHHmmss with Z or an offset)."));
            }
        }

        WcoNode? shipment = dec.Child("GoodsShipment");
        GatherCodeLists(dec, facts);

        var parties = new List<Party>();
        foreach (WcoNode holder in new[] { dec, shipment }.OfType<WcoNode>())
        {
            foreach (string role in s_partyRoles)
            {
                foreach (WcoNode p in holder.All(role))
                {
                    string? id = p.Text("ID");
                    if (p.Child("ID") is { Value.Length: > 0 } idNode)
                    {
                        facts.TraderIds.Add(new(idNode.Value, idNode.Pointer));
                    }

                    parties.Add(new Party(role, ModelValues.Trader(id), p.Text("Name"), ModelValues.Country(p.Text("Address/CountryCode"))));
                }
            }
        }

        // The declarant is identified by its identifier (EORI, USCC, UEN, ...): duplicates, scope and history key on it.
        if (kind == SubmissionKind.Original && dec.Child("Declarant") is var declarant && declarant?.Text("ID") is null)
        {
            facts.MissingDeclarantPointer = declarant is null ? dec.Pointer + "/Declarant" : declarant.Pointer + "/ID";
        }

        if (dec.Child("InvoiceAmount") is { } invoice && invoice.Attributes.TryGetValue("currencyID", out string? invoiceCurrency))
        {
            facts.InvoiceCurrency = new(invoiceCurrency, invoice.Pointer + "/@currencyID");
        }

        if (dec.Child("GoodsItemQuantity") is { Value.Length: > 0 } itemCount)
        {
            facts.DeclaredItemCount = new(itemCount.Value, itemCount.Pointer);
        }

        var items = new List<GoodsItem>();
        foreach (WcoNode item in shipment?.All("GovernmentAgencyGoodsItem") ?? [])
        {
            WcoNode? seq = item.Child("SequenceNumeric");
            facts.ItemSequences.Add(new(seq?.Value ?? "", seq?.Pointer ?? item.Pointer + "/SequenceNumeric"));
            WcoNode? commodity = item.Child("Commodity");
            string? code = null;
            foreach (WcoNode c in commodity?.All("Classification") ?? [])
            {
                if (c.Text("IdentificationTypeCode") is { } type && DeclarationRules.HsClassificationTypes.Contains(type) && c.Child("ID") is { } id)
                {
                    facts.CommodityCodes.Add(new(id.Value, id.Pointer));
                    code ??= id.Value;
                }
            }

            foreach (string measure in new[] { "GoodsMeasure/GrossMassMeasure", "GoodsMeasure/NetNetWeightMeasure" })
            {
                if (commodity?.Find(measure) is { Value.Length: > 0 } mass)
                {
                    facts.Masses.Add(new(mass.Value, mass.Pointer));
                }
            }

            WcoNode? charge = commodity?.Find("InvoiceLine/ItemChargeAmount");
            if (charge is not null && charge.Attributes.TryGetValue("currencyID", out string? currency))
            {
                facts.ItemCurrencies.Add(new(currency, charge.Pointer + "/@currencyID"));
            }

            items.Add(new GoodsItem(
                int.TryParse(seq?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : items.Count + 1,
                ModelValues.Hs(code),
                commodity?.Text("Description"),
                ModelValues.Country(item.Text("Origin/CountryCode")),
                Number(charge?.Value),
                ModelValues.Currency(charge?.Attributes.GetValueOrDefault("currencyID")),
                Number(commodity?.Text("GoodsMeasure/GrossMassMeasure")),
                Number(commodity?.Text("GoodsMeasure/NetNetWeightMeasure"))));
        }

        if (kind == SubmissionKind.Original && direction != DeclarationDirection.Other && items.Count == 0)
        {
            facts.ItemsPointer = (shipment?.Pointer ?? dec.Pointer + "/GoodsShipment") + "/GovernmentAgencyGoodsItem";
        }

        return new Declaration
        {
            FunctionalReference = reference ?? "",
            TypeCode = typeCode,
            FunctionCode = functionCode,
            Kind = kind,
            Direction = direction,
            ReferencedId = dec.Text("ID"),
            IssuedAt = issued,
            DeclarantId = ModelValues.Trader(dec.Text("Declarant/ID")),
            OfficeCode = dec.Text("SupervisingOffice/ID") ?? dec.Text("PresentationOffice/ID") ?? dec.Text("ExitOffice/ID"),
            InvoiceCurrency = ModelValues.Currency(facts.InvoiceCurrency?.Value),
            InvoiceAmount = Number(dec.Text("InvoiceAmount")),
            ExportCountry = ModelValues.Country(shipment?.Text("ExportCountry/ID")),
            DestinationCountry = ModelValues.Country(shipment?.Text("Destination/CountryCode")),
            TransportMode = dec.Text("BorderTransportMeans/ModeCode"),
            Parties = parties,
            Items = items,
            Containers = shipment?.Find("Consignment")?.All("TransportEquipment").Select(t => t.Text("ID")).OfType<string>().ToList() ?? [],
        };
    }

    /// <summary>Code-list values found anywhere in the declaration: countries, currencies, UN/LOCODEs, offices, containers, amounts.</summary>
    private static void GatherCodeLists(WcoNode dec, DeclarationFacts facts)
    {
        foreach (WcoNode node in dec.Descendants())
        {
            if (node.Value.Length > 0)
            {
                switch (node.Name)
                {
                    case "CountryCode" or "RegistrationNationalityCode" or "CountryID":
                        facts.Countries.Add(new(node.Value, node.Pointer));
                        break;
                    case "ID" when node.Parent?.Name is "ExportCountry":
                        facts.Countries.Add(new(node.Value, node.Pointer));
                        break;
                    case "CurrencyTypeCode":
                        facts.Currencies.Add(new(node.Value, node.Pointer));
                        break;
                    case "LocationID" when node.Parent?.Name == "TradeTerms" && node.Value.Length == 5:
                    case "ID" when node.Parent?.Name is "LoadingLocation" or "UnloadingLocation" && node.Value.Length == 5:
                        facts.Locodes.Add(new(node.Value, node.Pointer));
                        break;
                    case "ID" when node.Parent?.Name is "TransportEquipment":
                        facts.Containers.Add(new(node.Value, node.Pointer));
                        break;
                    case "ID" when node.Parent is { Name: var office } && office.EndsWith("Office", StringComparison.Ordinal):
                        facts.OfficeCodes.Add(new(node.Value, node.Pointer));
                        break;
                }
            }

            if (node.Attributes.TryGetValue("currencyID", out string? currency))
            {
                facts.Currencies.Add(new(currency, node.Pointer + "/@currencyID"));
                facts.Amounts.Add(new(node.Value, node.Pointer));
            }
        }
    }

    /// <summary>Parses WCO date-time strings: format 304 (yyyyMMddHHmmss then Z or ±hh[mm]) and 102 (yyyyMMdd).</summary>
    public static DateTimeOffset? ParseDateTime(string text, string? formatCode)
    {
        if (formatCode == "102" || text.Length == 8)
        {
            return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)
                ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : null;
        }

        if (text.Length < 14 || !DateTime.TryParseExact(text[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        string zone = text[14..];
        TimeSpan offset;
        if (zone is "" or "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if ((zone[0] is '+' or '-') && zone.Length is 3 or 5 && zone[1..].All(char.IsAsciiDigit))
        {
            int hours = int.Parse(zone[1..3], CultureInfo.InvariantCulture);
            int minutes = zone.Length == 5 ? int.Parse(zone[3..5], CultureInfo.InvariantCulture) : 0;
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else
        {
            return null;
        }

        return ModelValues.Instant(local, offset);
    }

    private static decimal? Number(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal v) ? v : null;
}
