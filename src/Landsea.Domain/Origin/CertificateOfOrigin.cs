using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Shared;

namespace Landsea.Origin;

/// <summary>The two forms a corridor node issues: RCEP Form (RCEP Annex 3B) and Form E (ASEAN–China FTA).</summary>
public static class OriginForms
{
    /// <summary>Form RCEP, boxes 1–16.</summary>
    public const string Rcep = "RCEP";

    /// <summary>ACFTA Form E, boxes 1–13.</summary>
    public const string FormE = "ACFTA-E";

    /// <summary>
    /// The origin criteria each form names (RCEP Form box 10; Form E box 8, see docs/origin.md for the sources):
    /// WO wholly obtained, PE produced exclusively from originating materials, CTC change in tariff classification,
    /// RVC regional value content, CR chemical reaction, ACU accumulation, DMI de minimis (RCEP); WO, PE, RVC, CTH change
    /// of tariff heading, PSR product-specific rule (Form E).
    /// </summary>
    public static IReadOnlyList<string> Criteria(string form) => form == Rcep
        ? ["WO", "PE", "CTC", "RVC", "CR", "ACU", "DMI"]
        : ["WO", "PE", "RVC", "CTH", "PSR"];

    /// <summary>The parties of RCEP (RCEP Form box 11 names one of them per item).</summary>
    public static readonly IReadOnlySet<string> RcepParties = new HashSet<string>(StringComparer.Ordinal)
    {
        "AU", "BN", "KH", "CN", "ID", "JP", "KR", "LA", "MY", "MM", "NZ", "PH", "SG", "TH", "VN",
    };

    /// <summary>The parties of the ASEAN–China FTA.</summary>
    public static readonly IReadOnlySet<string> AcftaParties = new HashSet<string>(StringComparer.Ordinal)
    {
        "BN", "KH", "CN", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN",
    };
}

/// <summary>
/// A validated request for a certificate of origin: the identifiers the node stores beside it, and the OA <c>data</c> object
/// (unsalted) that holds every box of the form. Read with <see cref="Read"/>.
/// </summary>
/// <param name="Number">The certificate number (unique per issuing node; RCEP Article 3.17.3(b)).</param>
/// <param name="Form"><see cref="OriginForms.Rcep"/> or <see cref="OriginForms.FormE"/>.</param>
/// <param name="ExportingCountry">The exporter's country (the issuing party).</param>
/// <param name="ImportingCountry">The importing party the goods are exported to.</param>
/// <param name="DateOfIssue">The date in box 16 (RCEP) or 12 (Form E).</param>
/// <param name="Data">The certificate as an OpenAttestation v2 <c>data</c> object before salting.</param>
public sealed record CertificateOfOrigin(string Number, string Form, string ExportingCountry, string ImportingCountry, DateOnly DateOfIssue, JsonObject Data)
{
    /// <summary>The longest certificate number accepted.</summary>
    public const int MaxNumberLength = 64;

    /// <summary>The most goods items on one certificate.</summary>
    public const int MaxItems = 999;

    /// <summary>
    /// Validates a request (the JSON shape in docs/origin.md, "Issuing") and builds the certificate. The first fault is
    /// returned with its JSON path (for example <c>items[2].hsCode</c>) and an LS704–LS712 code; nothing is built then.
    /// </summary>
    /// <param name="json">The request.</param>
    /// <param name="issuer">The issuing administration's name (from the node identity), written as the OA issuer.</param>
    /// <param name="issuerNode">The issuing node's code, the OA identity location.</param>
    public static Result<CertificateOfOrigin> Read(JsonElement json, string issuer, string issuerNode)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return Fail(OriginErrorCodes.RequestInvalid, "(document): a certificate request is a JSON object");
        }

        var reader = new Reader(json);
        string? form = reader.Text("form");
        if (form is null)
        {
            return reader.Fault!;
        }

        if (form is not (OriginForms.Rcep or OriginForms.FormE))
        {
            return Fail(OriginErrorCodes.FormUnknown, $"form: '{form}' is not a form this node issues ({OriginForms.Rcep} or {OriginForms.FormE})");
        }

        string? number = reader.Text("certificateNumber");
        if (number is null)
        {
            return reader.Fault!;
        }

        if (number.Length > MaxNumberLength || !number.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.'))
        {
            return Fail(OriginErrorCodes.RequestInvalid, $"certificateNumber: '{number}' must be 1-{MaxNumberLength} letters, digits, '-', '/' or '.'");
        }

        JsonObject? exporter = reader.Party("exporter", required: true);
        JsonObject? consignee = exporter is null ? null : reader.Party("consignee", required: true);
        JsonObject? producer = consignee is null ? null : reader.Party("producer", required: false);
        if (reader.Fault is { } partyFault)
        {
            return partyFault;
        }

        string exportingCountry = (string)exporter!["country"]!;
        string? importing = reader.Country("importingCountry");
        if (importing is null)
        {
            return reader.Fault!;
        }

        IReadOnlySet<string> parties = form == OriginForms.Rcep ? OriginForms.RcepParties : OriginForms.AcftaParties;
        if (!parties.Contains(exportingCountry))
        {
            return Fail(OriginErrorCodes.CountryInvalid, $"exporter.country: {exportingCountry} is not a party of {form}");
        }

        if (!parties.Contains(importing) || importing == exportingCountry)
        {
            return Fail(OriginErrorCodes.CountryInvalid, $"importingCountry: {importing} is not another party of {form}");
        }

        JsonObject? transport = reader.Transport();
        if (transport is null)
        {
            return reader.Fault!;
        }

        if (!json.TryGetProperty("items", out JsonElement items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
        {
            return Fail(OriginErrorCodes.FieldMissing, "items: at least one goods item is required");
        }

        if (items.GetArrayLength() > MaxItems)
        {
            return Fail(OriginErrorCodes.RequestInvalid, $"items: at most {MaxItems} goods items on one certificate");
        }

        var goods = new JsonArray();
        int expected = 1;
        foreach (JsonElement item in items.EnumerateArray())
        {
            Result<JsonObject> read = ReadItem(item, $"items[{expected - 1}]", expected, form);
            if (!read.IsValid)
            {
                return read.Failure!;
            }

            goods.Add(read.Value);
            expected++;
        }

        string? authority = reader.Text("issuingAuthority");
        string? place = authority is null ? null : reader.Text("placeOfIssue");
        DateOnly? issued = place is null ? null : reader.Date("dateOfIssue");
        if (issued is null)
        {
            return reader.Fault!;
        }

        var certificate = new JsonObject
        {
            ["form"] = form,
            ["certificateNumber"] = number,
            ["exporter"] = exporter,
            ["consignee"] = consignee,
        };
        if (producer is not null)
        {
            certificate["producer"] = producer;
        }

        certificate["transport"] = transport;
        certificate["items"] = goods;
        certificate["exportingCountry"] = exportingCountry;
        certificate["importingCountry"] = importing;
        if (reader.Optional("remarks") is { } remarks)
        {
            certificate["remarks"] = remarks;
        }

        if (form == OriginForms.FormE)
        {
            // Form E box 13: the tick boxes, each present only when ticked.
            foreach (string box in (string[])["issuedRetroactively", "movementCertificate", "exhibition", "thirdPartyInvoicing"])
            {
                if (json.TryGetProperty(box, out JsonElement b) && b.ValueKind == JsonValueKind.True)
                {
                    certificate[box] = true;
                }
            }
        }
        else if (json.TryGetProperty("thirdPartyInvoicing", out JsonElement tp) && tp.ValueKind == JsonValueKind.True)
        {
            certificate["thirdPartyInvoicing"] = true;
        }

        certificate["issuingAuthority"] = authority;
        certificate["placeOfIssue"] = place;
        certificate["dateOfIssue"] = issued.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var data = new JsonObject
        {
            ["$template"] = new JsonObject { ["name"] = form == OriginForms.Rcep ? "LANDSEA_FORM_RCEP" : "LANDSEA_FORM_E", ["type"] = "EMBEDDED_RENDERER" },
            ["id"] = number,
            ["name"] = form == OriginForms.Rcep ? "Certificate of Origin Form RCEP" : "ASEAN-China FTA Certificate of Origin Form E",
            ["issuers"] = new JsonArray(new JsonObject
            {
                ["name"] = issuer,
                ["identityProof"] = new JsonObject { ["type"] = LandseaSignature.IdentityType, ["location"] = issuerNode },
            }),
            ["certificateOfOrigin"] = certificate,
        };
        return new CertificateOfOrigin(number, form, exportingCountry, importing, issued.Value, data);
    }

    private static Result<JsonObject> ReadItem(JsonElement item, string at, int expectedNumber, string form)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Fail(OriginErrorCodes.RequestInvalid, $"{at}: a goods item is a JSON object");
        }

        var reader = new Reader(item, at + ".");
        if (!item.TryGetProperty("itemNumber", out JsonElement n) || n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out int number))
        {
            return Fail(OriginErrorCodes.FieldMissing, $"{at}.itemNumber: required, a whole number");
        }

        if (number != expectedNumber)
        {
            return Fail(OriginErrorCodes.ItemInvalid, $"{at}.itemNumber: {number}, expected {expectedNumber} (items are numbered 1, 2, 3... in order)");
        }

        string? description = reader.Text("description");
        string? hs = description is null ? null : reader.Text("hsCode");
        if (hs is null)
        {
            return reader.Fault!;
        }

        if (hs.Length != 6 || !hs.All(char.IsAsciiDigit))
        {
            return Fail(OriginErrorCodes.HsCodeInvalid, $"{at}.hsCode: '{hs}' is not a 6-digit HS subheading");
        }

        if (HsNomenclature.Hs2022.Find(hs) is not { Level: 6 } && HsNomenclature.Hs2017.Find(hs) is not { Level: 6 })
        {
            return Fail(OriginErrorCodes.HsCodeInvalid, $"{at}.hsCode: {hs} is not an HS 2017 or HS 2022 subheading");
        }

        string? criterion = reader.Text("originCriterion");
        if (criterion is null)
        {
            return reader.Fault!;
        }

        // "RVC 40%" and "RVC40" name the RVC criterion with its threshold; the code before it is what the form lists.
        string code = new([.. criterion.TakeWhile(char.IsAsciiLetterUpper)]);
        if (!OriginForms.Criteria(form).Contains(code))
        {
            return Fail(OriginErrorCodes.CriterionInvalid,
                $"{at}.originCriterion: '{criterion}' is not an origin criterion of {form} ({string.Join(", ", OriginForms.Criteria(form))})");
        }

        string? quantity = reader.Optional("quantity");
        string? weight = reader.Optional("grossWeightKg");
        if (quantity is null && weight is null)
        {
            return Fail(OriginErrorCodes.FieldMissing, $"{at}.quantity / {at}.grossWeightKg: the gross weight or another quantity is required");
        }

        if (weight is not null && (!decimal.TryParse(weight, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal kg) || kg <= 0))
        {
            return Fail(OriginErrorCodes.ItemInvalid, $"{at}.grossWeightKg: '{weight}' is not a positive number of kilograms");
        }

        string? fob = reader.Optional("fobValue");
        if (fob is not null)
        {
            Result<Money> money = Money.Parse(fob);
            if (!money.IsValid || money.Value.Amount <= 0)
            {
                return Fail(OriginErrorCodes.FobInvalid, $"{at}.fobValue: '{fob}' is not a positive amount with its currency, for example \"12000.00 USD\"");
            }
        }
        else if (code == "RVC")
        {
            return Fail(OriginErrorCodes.FobInvalid, $"{at}.fobValue: required where the RVC criterion is applied (RCEP box 12, Form E box 9)");
        }

        string? invoice = reader.Text("invoiceNumber");
        DateOnly? invoiceDate = invoice is null ? null : reader.Date("invoiceDate");
        if (invoiceDate is null)
        {
            return reader.Fault!;
        }

        var result = new JsonObject { ["itemNumber"] = number };
        if (reader.Optional("marks") is { } marks)
        {
            result["marks"] = marks;
        }

        if (reader.Optional("packages") is { } packages)
        {
            result["packages"] = packages;
        }

        result["description"] = description;
        result["hsCode"] = hs;
        result["originCriterion"] = criterion;
        if (form == OriginForms.Rcep)
        {
            string? origin = reader.Country("countryOfOrigin");
            if (origin is null)
            {
                return reader.Fault!;
            }

            if (!OriginForms.RcepParties.Contains(origin))
            {
                return Fail(OriginErrorCodes.CountryInvalid, $"{at}.countryOfOrigin: {origin} is not an RCEP party (RCEP Form box 11)");
            }

            result["countryOfOrigin"] = origin;
        }

        if (quantity is not null)
        {
            result["quantity"] = quantity;
        }

        if (weight is not null)
        {
            result["grossWeightKg"] = weight;
        }

        if (fob is not null)
        {
            result["fobValue"] = fob;
        }

        result["invoiceNumber"] = invoice;
        result["invoiceDate"] = invoiceDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return result;
    }

    private static Failure Fail(string code, string reason) => new(code, reason);

    /// <summary>Reads fields of one object, keeping the first fault with its path.</summary>
    private sealed class Reader(JsonElement obj, string prefix = "")
    {
        public const int MaxText = 2000;

        public Failure? Fault { get; private set; }

        public string? Text(string name)
        {
            string? value = Optional(name);
            if (value is null && Fault is null)
            {
                Fault = new Failure(OriginErrorCodes.FieldMissing, $"{prefix}{name}: required");
            }

            return Fault is null ? value : null;
        }

        public string? Optional(string name)
        {
            if (Fault is not null || !obj.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String || JsonTextInvalid(v))
            {
                Fault = new Failure(OriginErrorCodes.RequestInvalid, $"{prefix}{name}: must be text");
                return null;
            }

            string s = v.GetString()!.Trim();
            if (s.Length > MaxText)
            {
                Fault = new Failure(OriginErrorCodes.RequestInvalid, $"{prefix}{name}: longer than {MaxText} characters");
                return null;
            }

            return s.Length == 0 ? null : s;
        }

        public string? Country(string name)
        {
            string? text = Text(name);
            if (text is null)
            {
                return null;
            }

            if (!CountryCode.IsIsoCountry(text) || text.Length != 2)
            {
                Fault = new Failure(OriginErrorCodes.CountryInvalid, $"{prefix}{name}: '{text}' is not an ISO 3166 alpha-2 country code");
                return null;
            }

            return text;
        }

        public DateOnly? Date(string name)
        {
            string? text = Text(name);
            if (text is null)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d))
            {
                Fault = new Failure(OriginErrorCodes.DateInvalid, $"{prefix}{name}: '{text}' is not a date (YYYY-MM-DD)");
                return null;
            }

            return d;
        }

        /// <summary>A name, address and country object (boxes 1–3).</summary>
        public JsonObject? Party(string name, bool required)
        {
            if (Fault is not null)
            {
                return null;
            }

            if (!obj.TryGetProperty(name, out JsonElement p) || p.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fault = new Failure(OriginErrorCodes.FieldMissing, $"{prefix}{name}: required (name, address, country)");
                }

                return null;
            }

            if (p.ValueKind != JsonValueKind.Object)
            {
                Fault = new Failure(OriginErrorCodes.RequestInvalid, $"{prefix}{name}: must be an object (name, address, country)");
                return null;
            }

            var inner = new Reader(p, $"{prefix}{name}.");
            string? partyName = inner.Text("name");
            string? address = partyName is null ? null : inner.Text("address");
            string? country = address is null ? null : inner.Country("country");
            if (country is null)
            {
                Fault = inner.Fault;
                return null;
            }

            return new JsonObject { ["name"] = partyName, ["address"] = address, ["country"] = country };
        }

        /// <summary>Means of transport and route (RCEP box 4, Form E box 3): every part optional ("if known"), but the object required.</summary>
        public JsonObject? Transport()
        {
            if (!obj.TryGetProperty("transport", out JsonElement t) || t.ValueKind != JsonValueKind.Object)
            {
                Fault = new Failure(OriginErrorCodes.FieldMissing, $"{prefix}transport: required, an object (departureDate, meansOfTransport, vesselOrFlight, portOfLoading, portOfDischarge, route)");
                return null;
            }

            var inner = new Reader(t, $"{prefix}transport.");
            var result = new JsonObject();
            if (t.TryGetProperty("departureDate", out _))
            {
                DateOnly? d = inner.Date("departureDate");
                if (d is null)
                {
                    Fault = inner.Fault;
                    return null;
                }

                result["departureDate"] = d.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            foreach (string part in (string[])["meansOfTransport", "vesselOrFlight", "portOfLoading", "portOfDischarge", "route"])
            {
                if (inner.Optional(part) is { } value)
                {
                    result[part] = value;
                }
            }

            if (inner.Fault is not null)
            {
                Fault = inner.Fault;
                return null;
            }

            return result;
        }

        private static bool JsonTextInvalid(JsonElement v)
        {
            try
            {
                _ = v.GetString();
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }
}
