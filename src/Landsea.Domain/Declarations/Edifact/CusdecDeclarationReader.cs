using System.Globalization;
using Landsea.Edifact;
using Landsea.Edifact.Model;
using Landsea.Edifact.Validation;

namespace Landsea.Declarations.Edifact;

/// <summary>
/// Reads a CUSDEC lodged at a node (an interchange holding one CUSDEC, or one bare UNH ... UNT message) into the
/// node's <see cref="Declaration"/>: EDIFACT syntax and directory validation first, then the shared business rules of
/// <see cref="DeclarationRules"/>, every error pointing into the EDIFACT document
/// (<c>/messages/{m}/segments/{position, UNH = 1}/elements/{e}/components/{c}</c>). Segment usage: docs/edifact.md
/// and ADR 0104.
/// </summary>
public static class CusdecDeclarationReader
{
    /// <summary>Largest submission accepted, in bytes (5 MiB, as for WCO XML); larger ones are refused unread.</summary>
    public const int DefaultMaxBytes = 5 * 1024 * 1024;

    /// <summary>NAD party function code qualifier (3035) to WCO party class, both ways.</summary>
    internal static readonly (string Qualifier, string Role)[] Roles =
    [
        ("DT", "Declarant"), ("IM", "Importer"), ("EX", "Exporter"), ("CN", "Consignee"), ("CZ", "Consignor"),
        ("AE", "Representative"), ("CB", "Representative"), ("BY", "Buyer"), ("SE", "Seller"), ("CA", "Carrier"),
    ];

    /// <summary>Reads and checks one CUSDEC.</summary>
    /// <param name="bytes">The submission exactly as received.</param>
    /// <param name="lodgedOn">The day it is lodged; selects the HS edition when the CUSDEC has no DTM 137 date.</param>
    public static DeclarationCheck Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn) => Read(bytes, lodgedOn, DefaultMaxBytes);

    /// <inheritdoc cref="Read(ReadOnlyMemory{byte}, DateOnly)"/>
    /// <param name="maxBytes">Size limit; see <see cref="DefaultMaxBytes"/>.</param>
    public static DeclarationCheck Read(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn, int maxBytes) =>
        ReadDocument(bytes, lodgedOn, maxBytes) with { Fields = Fields };

    /// <summary>Where a CUSDEC carries the fields the declaration store checks itself.</summary>
    public static DeclarationFieldPointers Fields { get; } = new("CUSDEC/BGM/C106/1004", "CUSDEC/NAD+DT/C082/3039", "CUSDEC/BGM/C002/1001", "CUSDEC/RFF/C506/1154");

    private static DeclarationCheck ReadDocument(ReadOnlyMemory<byte> bytes, DateOnly lodgedOn, int maxBytes)
    {
        if (bytes.Length > maxBytes)
        {
            return new(null, [new("/", ErrorCodes.TooLarge, $"The document has {bytes.Length:N0} bytes; this node accepts at most {maxBytes:N0}.")]);
        }

        if (bytes.IsEmpty)
        {
            return new(null, [new("/", ErrorCodes.Malformed, "The document is empty.")]);
        }

        if (bytes.Span.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..]; // a UTF-8 byte order mark, as editors add; EDIFACT has none
        }

        EdifactValidationReport report = EdifactValidator.Validate(bytes.Span);
        var errors = new List<DeclarationError>();
        var warnings = new List<DeclarationError>();
        foreach (EdifactIssue issue in report.Issues)
        {
            (issue.Severity == IssueSeverity.Error ? errors : warnings).Add(ToError(issue));
        }

        EdifactReadResult read = EdifactReader.Read(bytes.Span);
        if (read.Document is null)
        {
            if (errors.Count == 0)
            {
                errors.AddRange(read.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(ToError));
            }

            return new(null, errors) { Warnings = warnings };
        }

        List<EdifactMessage> messages = [.. read.Document.AllMessages()];
        if (messages.Count == 0)
        {
            errors.Add(new("/", ErrorCodes.NotADeclaration, "The document holds no message: a declaration is one CUSDEC (UNH ... UNT)."));
            return new(null, errors) { Warnings = warnings };
        }

        if (messages.Count > 1)
        {
            errors.Add(new(new EdifactPointer(2, messages[1].Reference, 1, "UNH", 0, 0).ToString(), ErrorCodes.NotADeclaration,
                $"The document holds {messages.Count} messages; one declaration (one CUSDEC) is lodged per submission."));
            return new(null, errors) { Warnings = warnings };
        }

        EdifactMessage message = messages[0];
        if (message.MessageType != "CUSDEC")
        {
            errors.Add(new(new EdifactPointer(1, message.Reference, 1, "UNH", 2, 1).ToString(), ErrorCodes.NotADeclaration,
                $"The message is a {message.MessageType}, not a CUSDEC (customs declaration)."));
            return new(null, errors) { Warnings = warnings };
        }

        var facts = new DeclarationFacts();
        var mapper = new Mapper(message, facts, errors);
        Declaration declaration = mapper.Map();
        DateOnly date = declaration.IssuedAt is { } issued ? DateOnly.FromDateTime(issued.UtcDateTime) : lodgedOn;
        facts.Kind = declaration.Kind;
        (List<DeclarationError> business, List<DeclarationError> businessWarnings) = DeclarationRules.Check(facts, date);

        // A business rule that names the same place as a directory error says more: keep the specific one.
        var specific = business.Select(e => e.Pointer).ToHashSet(StringComparer.Ordinal);
        errors.RemoveAll(e => e.Code == ErrorCodes.Schema && specific.Contains(e.Pointer));
        errors.AddRange(business);
        warnings.AddRange(businessWarnings);
        return new(declaration, errors) { Warnings = warnings, AmendedItems = DeclarationRules.AmendedItems(facts), DeclarantText = mapper.DeclarantText };
    }

    /// <summary>
    /// The declaration error for an EDIFACT issue: syntax-level issues are <see cref="ErrorCodes.Malformed"/>, an
    /// unknown message type <see cref="ErrorCodes.NotADeclaration"/>, directory issues (segment table, elements,
    /// formats, code lists) <see cref="ErrorCodes.Schema"/>. The reason ends with the EDIFACT issue code and its
    /// UN/EDIFACT syntax error (0085), for example "(EDIFACT invalid-code, 0085 = 12)".
    /// </summary>
    public static DeclarationError ToError(EdifactIssue issue)
    {
        string code = issue.Code switch
        {
            EdifactErrorCodes.UnknownMessageType => ErrorCodes.NotADeclaration,
            EdifactErrorCodes.TooManyIssues => Landsea.Shared.SecurityErrorCodes.MoreErrors,
            EdifactErrorCodes.TooManySegments => Landsea.Shared.SecurityErrorCodes.TooManySegments,
            EdifactErrorCodes.SegmentTooLong => Landsea.Shared.SecurityErrorCodes.ValueTooLong,
            EdifactErrorCodes.UnknownDirectory or EdifactErrorCodes.UnexpectedSegment or EdifactErrorCodes.MissingSegment
                or EdifactErrorCodes.TooManySegmentRepetitions or EdifactErrorCodes.TooManyGroupRepetitions or EdifactErrorCodes.TooManyElements
                or EdifactErrorCodes.TooManyComponents or EdifactErrorCodes.TooManyElementRepetitions or EdifactErrorCodes.MissingElement
                or EdifactErrorCodes.MissingComponent or EdifactErrorCodes.InvalidCode or EdifactErrorCodes.InvalidFormat
                or EdifactErrorCodes.InvalidDecimal or EdifactErrorCodes.TooLong or EdifactErrorCodes.TooShort => ErrorCodes.Schema,
            _ => ErrorCodes.Malformed,
        };
        string syntax = issue.SyntaxError > 0 ? string.Create(CultureInfo.InvariantCulture, $", 0085 = {issue.SyntaxError}") : "";
        return new DeclarationError(issue.Pointer.ToString(), code, $"{issue.Pointer.Describe()}: {issue.Reason} (EDIFACT {issue.Code}{syntax})");
    }

    /// <summary>Walks one CUSDEC's segments: header section (before the first UNS), detail (CST or LIN items), summary (CNT).</summary>
    private sealed class Mapper(EdifactMessage message, DeclarationFacts facts, List<DeclarationError> errors)
    {
        private readonly List<Party> _parties = [];
        private readonly List<GoodsItem> _items = [];
        private readonly List<string> _containers = [];
        private ItemBuilder? _item;
        private bool _cstItems;
        private int _position;
        private EdifactSegment _segment = message.Header;

        // Header facts.
        private string? _office;
        private int _officeRank = int.MaxValue;
        private string? _exportCountry;
        private string? _destinationCountry;
        private string? _transportMode;
        private bool _borderMode;
        private string? _referencedId;
        private DateTimeOffset? _issuedAt;
        private decimal? _invoiceAmount;
        private bool _awaitingInvoiceCurrency;
        private bool _declarantIdentified;
        private string? _declarantId;

        /// <summary>The declarant's identifier as the NAD+DT segment writes it.</summary>
        public string? DeclarantText => _declarantId;
        private string? _declarantPointer;
        private int _firstUns;

        public Declaration Map()
        {
            EdifactSegment? bgm = null;
            int bgmPosition = 0;
            int section = 0; // 0 header, 1 detail, 2 summary

            // Goods items are the SG30 CST groups; the D96B SG21 LIN lines count only when the detail section has no CST.
            int uns = message.Body.IndexOf(message.Body.FirstOrDefault(s => s.Tag == "UNS") ?? message.Header);
            _cstItems = uns >= 0 && message.Body.Skip(uns + 1).TakeWhile(s => s.Tag != "UNS").Any(s => s.Tag == "CST");
            for (int i = 0; i < message.Body.Length; i++)
            {
                _segment = message.Body[i];
                _position = i + 2;
                string tag = _segment.Tag;
                if (tag == "UNS")
                {
                    FlushItem();
                    if (section == 0)
                    {
                        _firstUns = _position;
                    }

                    section = Math.Min(section + 1, 2);
                    continue;
                }

                if (tag != "CUX")
                {
                    _awaitingInvoiceCurrency = false;
                }

                switch (section)
                {
                    case 0:
                        if (tag == "BGM" && bgm is null)
                        {
                            bgm = _segment;
                            bgmPosition = _position;
                        }
                        else
                        {
                            Header(tag);
                        }

                        break;
                    case 1:
                        Detail(tag);
                        break;
                    default:
                        if (tag == "CNT" && V(0, 0) == "5" && V(0, 1).Length > 0)
                        {
                            facts.DeclaredItemCount = new(V(0, 1), P(1, 2));
                        }

                        break;
                }
            }

            FlushItem();
            return Build(bgm, bgmPosition);
        }

        private Declaration Build(EdifactSegment? bgm, int bgmPosition)
        {
            string documentCode = bgm?.Value(0, 0) ?? "";
            string explicitType = bgm?.Value(0, 3) ?? "";
            string reference = bgm?.Value(1, 0) ?? "";
            string function = bgm?.Value(2) ?? "";
            string bgmPointer(int e, int c) => new EdifactPointer(1, message.Reference, bgmPosition == 0 ? 2 : bgmPosition, "BGM", e, c).ToString();

            if (reference.Length == 0)
            {
                errors.Add(new(bgmPointer(2, 1), ErrorCodes.FieldMissing, "BGM: the document number (1004), the declarant's functional reference (LRN), is required."));
            }

            if (documentCode.Length == 0 && explicitType.Length == 0)
            {
                errors.Add(new(bgmPointer(1, 1), ErrorCodes.FieldMissing, "BGM: the document name code (1001, for example 929 import or 830 export) is required."));
            }

            (SubmissionKind kind, string functionCode) = function switch
            {
                "1" => (SubmissionKind.Cancellation, "13"),
                "4" or "5" => (SubmissionKind.Amendment, "13"),
                "13" => (SubmissionKind.OtherRequest, "13"),
                _ => (SubmissionKind.Original, "9"),
            };
            if (function.Length > 0 && function is not ("1" or "4" or "5" or "9" or "13"))
            {
                errors.Add(new(bgmPointer(3, 0), ErrorCodes.FieldInvalid,
                    $"BGM: message function '{function}' is not one a declaration uses: 9 original, 5 or 4 amendment, 1 cancellation, 13 request."));
            }

            string typeCode = explicitType.Length > 0 ? explicitType : kind switch
            {
                SubmissionKind.Cancellation => "INV",
                SubmissionKind.Amendment => "COR",
                _ => documentCode switch
                {
                    "929" => "IMA",
                    "830" => "EXA",
                    "950" => "TRA",
                    _ => documentCode,
                },
            };
            DeclarationDirection direction = typeCode.StartsWith("IM", StringComparison.Ordinal) ? DeclarationDirection.Import
                : typeCode.StartsWith("EX", StringComparison.Ordinal) ? DeclarationDirection.Export
                : DeclarationDirection.Other;

            if (kind == SubmissionKind.Original && !_declarantIdentified)
            {
                facts.MissingDeclarantPointer = _declarantPointer ?? new EdifactPointer(1, message.Reference, _firstUns > 0 ? _firstUns : _position, _firstUns > 0 ? "UNS" : null, 0, 0).ToString();
            }

            if (kind == SubmissionKind.Original && direction != DeclarationDirection.Other && _items.Count == 0)
            {
                facts.ItemsPointer = new EdifactPointer(1, message.Reference, _firstUns > 0 ? _firstUns : _position, _firstUns > 0 ? "UNS" : null, 0, 0).ToString();
            }

            return new Declaration
            {
                FunctionalReference = reference,
                TypeCode = typeCode,
                FunctionCode = functionCode,
                Kind = kind,
                Direction = direction,
                ReferencedId = _referencedId,
                IssuedAt = _issuedAt,
                DeclarantId = ModelValues.Trader(_declarantId),
                OfficeCode = _office,
                InvoiceCurrency = ModelValues.Currency(facts.InvoiceCurrency?.Value),
                InvoiceAmount = _invoiceAmount,
                ExportCountry = ModelValues.Country(_exportCountry),
                DestinationCountry = ModelValues.Country(_destinationCountry),
                TransportMode = _transportMode,
                Parties = _parties,
                Items = _items,
                Containers = _containers,
            };
        }

        private void Header(string tag)
        {
            switch (tag)
            {
                case "DTM" when V(0, 0) == "137" && _issuedAt is null:
                    _issuedAt = Date();
                    break;
                case "LOC":
                    Location(item: false);
                    break;
                case "RFF" when V(0, 0) is "ABT" or "AAE" && V(0, 1).Length > 0:
                    _referencedId ??= V(0, 1);
                    break;
                case "TDT":
                    // The mode at the border (8051 = 11) wins over any other stage.
                    if (V(2, 0).Length > 0 && (_transportMode is null || (!_borderMode && V(0) == "11")))
                    {
                        _transportMode = V(2, 0);
                        _borderMode = V(0) == "11";
                    }

                    break;
                case "EQD":
                    if (V(1, 0).Length > 0)
                    {
                        _containers.Add(V(1, 0));
                        facts.Containers.Add(new(V(1, 0), P(2, 1)));
                    }

                    break;
                case "NAD":
                    PartyHere(record: true);
                    break;
                case "MOA":
                    Amount(out string? currency, out decimal? value);
                    if (V(0, 0) == "39")
                    {
                        _invoiceAmount = value;
                        _awaitingInvoiceCurrency = currency is null;
                        if (currency is not null)
                        {
                            facts.InvoiceCurrency = new(currency, P(1, 3));
                        }
                    }

                    break;
                case "CUX":
                    string? cux = Currency();
                    if (_awaitingInvoiceCurrency && cux is not null)
                    {
                        facts.InvoiceCurrency = new(cux, P(1, 2));
                        _awaitingInvoiceCurrency = false;
                    }

                    break;
                case "MEA":
                    Measure();
                    break;
                default:
                    break;
            }
        }

        private void Detail(string tag)
        {
            switch (tag)
            {
                case "CST":
                    FlushItem();
                    StartItem(P(1, 0));
                    if (V(1, 0).Length > 0)
                    {
                        _item!.Commodity = V(1, 0);
                        facts.CommodityCodes.Add(new(V(1, 0), P(2, 1)));
                    }

                    break;
                case "LIN" when !_cstItems:
                    // Items of the D96B SG21 LIN group, used when the CUSDEC carries no CST items.
                    FlushItem();
                    StartItem(P(1, 0));
                    if (V(2, 0).Length > 0 && IsHs(V(2, 1)))
                    {
                        _item!.Commodity = V(2, 0);
                        facts.CommodityCodes.Add(new(V(2, 0), P(3, 1)));
                    }

                    break;
                case "PIA" when _item is not null:
                    for (int e = 1; e < _segment.Elements.Length; e++)
                    {
                        if (V(e, 0).Length > 0 && IsHs(V(e, 1)))
                        {
                            facts.CommodityCodes.Add(new(V(e, 0), P(e + 1, 1)));
                            _item.Commodity ??= V(e, 0);
                        }
                    }

                    break;
                case "FTX" when _item is not null && V(0) == "AAA" && _item.Description is null:
                    _item.Description = string.Join(" ", Enumerable.Range(0, 5).Select(c => V(3, c)).Where(t => t.Length > 0)) is { Length: > 0 } d ? d : null;
                    break;
                case "LOC":
                    Location(item: _item is not null);
                    break;
                case "MEA":
                    Measure();
                    break;
                case "MOA":
                    Amount(out string? currency, out decimal? value);
                    if (_item is not null && V(0, 0) is "38" or "203" && _item.AmountPointer is null)
                    {
                        _item.Amount = value;
                        _item.AmountPointer = P(1, 2);
                        _item.AwaitingCurrency = currency is null;
                        if (currency is not null)
                        {
                            _item.Currency = currency;
                            facts.ItemCurrencies.Add(new(currency, P(1, 3)));
                        }
                    }
                    else if (_item is not null)
                    {
                        _item.AwaitingCurrency = false;
                    }

                    break;
                case "CUX":
                    string? cux = Currency();
                    if (_item is { AwaitingCurrency: true } && cux is not null)
                    {
                        _item.Currency = cux;
                        _item.AwaitingCurrency = false;
                        facts.ItemCurrencies.Add(new(cux, P(1, 2)));
                    }

                    break;
                case "NAD":
                    // Parties of a goods item (SG30 NAD) or of a detail line are checked but are not declaration parties.
                    PartyHere(record: false);
                    break;
                case "EQD":
                    if (V(1, 0).Length > 0)
                    {
                        facts.Containers.Add(new(V(1, 0), P(2, 1)));
                    }

                    break;
                default:
                    if (_item is not null && tag != "CUX")
                    {
                        _item.AwaitingCurrency = false;
                    }

                    break;
            }
        }

        private static bool IsHs(string type) => type == "HS" || DeclarationRules.HsClassificationTypes.Contains(type);

        private void StartItem(string sequencePointer)
        {
            string sequence = V(0);
            facts.ItemSequences.Add(new(sequence, sequencePointer));
            _item = new ItemBuilder
            {
                Sequence = int.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : _items.Count + 1,
            };
        }

        private void FlushItem()
        {
            if (_item is { } i)
            {
                _items.Add(new GoodsItem(i.Sequence, ModelValues.Hs(i.Commodity), i.Description, ModelValues.Country(i.Origin), i.Amount, ModelValues.Currency(i.Currency), i.Gross, i.Net));
            }

            _item = null;
        }

        private void PartyHere(bool record)
        {
            string qualifier = V(0);
            string? role = Roles.FirstOrDefault(r => r.Qualifier == qualifier).Role;
            string? id = Empty(V(1, 0));
            string? name = Empty(string.Join(" ", Enumerable.Range(0, 5).Select(c => V(3, c)).Where(t => t.Length > 0)))
                ?? Empty(string.Join(" ", Enumerable.Range(0, 5).Select(c => V(2, c)).Where(t => t.Length > 0)));
            string? country = Empty(V(8));
            if (country is not null)
            {
                facts.Countries.Add(new(country, P(9, 0)));
            }

            if (role is null)
            {
                return;
            }

            if (id is not null && role != "Carrier")
            {
                facts.TraderIds.Add(new(id, P(2, 1)));
            }

            if (!record)
            {
                return;
            }

            // A carrier's identifier (a SCAC or another carrier code) is not checked as a trader identifier: the model
            // keeps it when it reads as one, which every well-formed code that does not look like a USCC or UEN does.
            _parties.Add(new Party(role, ModelValues.Trader(id), name, ModelValues.Country(country)));
            if (role == "Declarant")
            {
                _declarantIdentified |= id is not null || name is not null;
                _declarantId ??= id;
                _declarantPointer ??= id is null && name is null ? P(2, 1) : null;
            }
        }

        private void Location(bool item)
        {
            string qualifier = V(0);
            string place = V(1, 0);
            if (place.Length == 0)
            {
                return;
            }

            string pointer = P(2, 1);
            switch (qualifier)
            {
                case "27" or "28" or "30" or "35":
                    facts.Countries.Add(new(place, pointer));
                    if (item && qualifier == "27" && _item is not null)
                    {
                        _item.Origin ??= place;
                    }
                    else if (!item && qualifier == "35")
                    {
                        _exportCountry ??= place;
                    }
                    else if (!item && qualifier == "28")
                    {
                        _destinationCountry ??= place;
                    }

                    break;
                case "22" or "41" or "42" or "118":
                    facts.OfficeCodes.Add(new(place, pointer));
                    int rank = qualifier switch { "22" => 0, "41" => 1, "42" => 2, _ => 3 };
                    if (!item && rank < _officeRank)
                    {
                        _office = place;
                        _officeRank = rank;
                    }

                    break;
                case "5" or "8" or "9" or "11" or "13" when place.Length == 5:
                    facts.Locodes.Add(new(place, pointer));
                    break;
                default:
                    break;
            }
        }

        private void Amount(out string? currency, out decimal? value)
        {
            string amount = V(0, 1);
            value = null;
            if (amount.Length > 0)
            {
                string normal = amount.Replace(',', '.');
                facts.Amounts.Add(new(normal, P(1, 2)));
                value = Number(normal);
            }

            currency = Empty(V(0, 2));
            if (currency is not null)
            {
                facts.Currencies.Add(new(currency, P(1, 3)));
            }
        }

        private string? Currency()
        {
            string? currency = Empty(V(0, 1));
            if (currency is not null)
            {
                facts.Currencies.Add(new(currency, P(1, 2)));
            }

            if (Empty(V(1, 1)) is { } target)
            {
                facts.Currencies.Add(new(target, P(2, 2)));
            }

            return currency;
        }

        private void Measure()
        {
            string raw = V(2, 1);
            if (raw.Length == 0)
            {
                return;
            }

            string normal = raw.Replace(',', '.');
            bool mass = V(2, 0) is "KGM" or "" or "TNE" or "GRM";
            decimal? value = Number(normal);
            decimal? kg = value is not { } v ? null : V(2, 0) switch
            {
                "KGM" or "" => v,
                "TNE" => Math.Abs(v) < decimal.MaxValue / 1000m ? v * 1000m : null,
                "GRM" => v / 1000m,
                _ => null,
            };

            // A mass is checked in kilograms (its range is per kilogram); a mass too large to convert is checked as written, which is larger still.
            (mass ? facts.Masses : facts.Amounts).Add(new(mass && kg is { } inKg ? inKg.ToString(CultureInfo.InvariantCulture) : normal, P(3, 2)));
            if (_item is null || value is null)
            {
                return;
            }

            switch (V(1, 0))
            {
                case "G" or "AAB" or "AAD":
                    _item.Gross ??= kg;
                    break;
                case "N" or "AAA" or "AAF" or "AAL":
                    _item.Net ??= kg;
                    break;
                default:
                    break;
            }
        }

        private DateTimeOffset? Date()
        {
            string text = V(0, 1);
            string format = V(0, 2);
            DateTimeOffset? at = ParseDate(text, format);
            if (at is null)
            {
                errors.Add(new(P(1, 2), ErrorCodes.DateInvalid,
                    $"DTM: '{text}' is not a date-time in format {(format.Length > 0 ? format : "102")} (102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 CCYYMMDDHHMMSS, 303/304 with a zone)."));
            }

            return at;
        }

        private string V(int element, int component = 0) => _segment.Value(element, component);

        private string P(int element, int component) =>
            new EdifactPointer(1, message.Reference, _position, _segment.Tag, element, component).ToString();

        private static string? Empty(string value) => value.Length == 0 ? null : value;

        private static decimal? Number(string text) =>
            decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal v) ? v : null;
    }

    /// <summary>
    /// Parses a DTM value by its format code (2379): 102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 CCYYMMDDHHMMSS, 303 and 304
    /// the same followed by a zone (Z, UTC, +hh or +hhmm). Without a format code the length decides. Times are UTC unless zoned.
    /// </summary>
    public static DateTimeOffset? ParseDate(string text, string format)
    {
        string pattern = format switch
        {
            "102" => "yyyyMMdd",
            "203" or "303" => "yyyyMMddHHmm",
            "204" or "304" => "yyyyMMddHHmmss",
            "" => text.Length switch { 8 => "yyyyMMdd", 12 => "yyyyMMddHHmm", 14 => "yyyyMMddHHmmss", _ => "" },
            _ => "",
        };
        if (pattern.Length == 0 || text.Length < pattern.Length
            || !DateTime.TryParseExact(text[..pattern.Length], pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            return null;
        }

        string zone = text[pattern.Length..];
        if (zone.Length > 0 && format is not ("303" or "304"))
        {
            return null;
        }

        TimeSpan offset;
        if (zone is "" or "Z" or "UTC")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone[0] is '+' or '-' && zone.Length is 3 or 5 && zone[1..].All(char.IsAsciiDigit))
        {
            int hours = int.Parse(zone[1..3], CultureInfo.InvariantCulture);
            int minutes = zone.Length == 5 ? int.Parse(zone[3..5], CultureInfo.InvariantCulture) : 0;
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else
        {
            return null;
        }

        return ModelValues.Instant(local, offset);
    }

    private sealed class ItemBuilder
    {
        public int Sequence { get; init; }

        public string? Commodity { get; set; }

        public string? Description { get; set; }

        public string? Origin { get; set; }

        public decimal? Amount { get; set; }

        public string? AmountPointer { get; set; }

        public bool AwaitingCurrency { get; set; }

        public string? Currency { get; set; }

        public decimal? Gross { get; set; }

        public decimal? Net { get; set; }
    }
}
