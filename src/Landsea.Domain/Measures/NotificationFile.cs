using System.Globalization;
using System.Text.Json;
using Landsea.Shared;

namespace Landsea.Measures;

/// <summary>One refused value of a notifications file: where (CSV line, 1 = header; for JSON the line the notification starts on and its JSON Pointer), the field, the code and why.</summary>
public sealed record FileError(string Where, string Field, string Code, string Reason)
{
    public override string ToString() => $"{Where}: {Field}: {Reason} [{Code}]";
}

/// <summary>What a notifications file holds: the notifications when <see cref="Errors"/> is empty, else nothing usable.</summary>
public sealed record NotificationFileRead(IReadOnlyList<Notification> Notifications, IReadOnlyList<FileError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads a notifications file (docs/measures.md): JSON <c>{"formatVersion": 1, "sample": false, "notifications": [...]}</c>
/// or CSV with the header <see cref="CsvHeader"/> (lists separated by ';'). Every error is listed with its line or JSON
/// Pointer and field; a file with any error gives no notification, so nothing is half-loaded.
/// </summary>
public static class NotificationFile
{
    /// <summary>The CSV columns, in this order.</summary>
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "symbol", "area", "type", "member", "distributed", "commentDeadline", "entryIntoForce", "entryIntoForceNote", "title", "products",
        "hs", "ics", "objectives", "keywords", "link", "source", "sample",
    ];

    private const int MaxText = 8000;

    /// <summary>The fields of one notification as text, before they are checked.</summary>
    public sealed record Fields(
        string? Symbol, string? Area, string? Type, string? Member, string? Distributed, string? CommentDeadline, string? EntryIntoForce,
        string? EntryIntoForceNote, string? Title, string? Products, IReadOnlyList<string> Hs, IReadOnlyList<string> Ics,
        IReadOnlyList<string> Objectives, IReadOnlyList<string> Keywords, string? Link, string? Source, bool Sample);

    /// <summary>Reads JSON (first non-blank character '{', or '[' for a bare array, refused with the expected shape) or CSV.</summary>
    public static NotificationFileRead Parse(string text)
    {
        text ??= "";
        string t = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (t.Length == 0)
        {
            return Fail("file", "", "The file is empty.");
        }

        if (t[0] == '[')
        {
            return Fail("/", "formatVersion", "The JSON file must be an object {\"formatVersion\": 1, \"notifications\": [...]}, not a bare array (docs/measures.md).");
        }

        return t[0] == '{' ? ParseJson(t, CountLines(text.AsSpan(0, text.Length - t.Length))) : ParseCsv(t);
    }

    /// <summary>Checks the fields of one notification (a file's line, or a form an officer filled in); <paramref name="where"/> prefixes each error.</summary>
    public static (Notification? Notification, IReadOnlyList<FileError> Errors) Check(Fields f, string where)
    {
        ArgumentNullException.ThrowIfNull(f);
        var errors = new List<FileError>();
        void Error(string field, string code, string reason) => errors.Add(new FileError(where, field, code, reason));

        NotificationSymbol? symbol = null;
        if (string.IsNullOrWhiteSpace(f.Symbol))
        {
            Error("symbol", MeasureErrorCodes.FieldMissing, "The document symbol is required (e.g. G/TBT/N/THA/712).");
        }
        else if (NotificationSymbol.Parse(f.Symbol) is { IsValid: true } s)
        {
            symbol = s.Value;
        }
        else
        {
            Error("symbol", MeasureErrorCodes.SymbolInvalid, NotificationSymbol.Parse(f.Symbol).Failure!.Reason);
        }

        string areaText = (f.Area ?? "").Trim().ToUpperInvariant();
        if (areaText.Length == 0)
        {
            Error("area", MeasureErrorCodes.FieldMissing, "The area is required: TBT or SPS.");
        }
        else if (areaText is not ("TBT" or "SPS"))
        {
            Error("area", MeasureErrorCodes.AreaInvalid, $"'{f.Area}' is not TBT or SPS.");
        }
        else if (symbol is not null && (symbol.Area == MeasureArea.Tbt) != (areaText == "TBT"))
        {
            Error("area", MeasureErrorCodes.SymbolInvalid, $"The area is {areaText} but the symbol {symbol.Text} is a {symbol.Area.ToString().ToUpperInvariant()} notification.");
        }

        NotificationType? type = null;
        if (string.IsNullOrWhiteSpace(f.Type))
        {
            Error("type", MeasureErrorCodes.FieldMissing, "The notification type is required: regular, addendum, corrigendum, revision or emergency.");
        }
        else if (Enum.TryParse(f.Type.Trim(), ignoreCase: true, out NotificationType tp) && !int.TryParse(f.Type, out _))
        {
            type = tp;
            NotificationType? implied = symbol?.ImpliedType;
            if (symbol is not null && implied != type && !(implied is null && type is NotificationType.Regular or NotificationType.Emergency))
            {
                Error("type", MeasureErrorCodes.SymbolInvalid, implied is null
                    ? $"The type is {Word(tp)} but the symbol {symbol.Text} has no /Add., /Corr. or /Rev. part: a regular or emergency notification."
                    : $"The type is {Word(tp)} but the symbol {symbol.Text} ends in {symbol.Suffix}: {Word(implied.Value)}.");
            }
        }
        else
        {
            Error("type", MeasureErrorCodes.TypeInvalid, $"'{f.Type}' is not regular, addendum, corrigendum, revision or emergency.");
        }

        CountryCode member = default;
        if (string.IsNullOrWhiteSpace(f.Member))
        {
            Error("member", MeasureErrorCodes.FieldMissing, "The notifying member is required (ISO 3166-1 alpha-2, e.g. TH).");
        }
        else if (CountryCode.Parse(f.Member) is { IsValid: true } cc && cc.Value.IsIso)
        {
            member = cc.Value;
            if (symbol is not null && cc.Value.Country!.Alpha3 != symbol.MemberAlpha3)
            {
                Error("member", MeasureErrorCodes.SymbolInvalid, $"The member is {member.Value} ({cc.Value.Country.Alpha3}) but the symbol {symbol.Text} names {symbol.MemberAlpha3}.");
            }
        }
        else
        {
            Error("member", MeasureErrorCodes.MemberInvalid, $"'{f.Member}' is not an ISO 3166-1 alpha-2 country.");
        }

        DateOnly? distributed = DateField(f.Distributed, "distributed", required: false, Error);
        DateOnly? deadline = DateField(f.CommentDeadline, "commentDeadline", required: false, Error);
        DateOnly? entry = DateField(f.EntryIntoForce, "entryIntoForce", required: false, Error);
        if (distributed is { } dd && deadline is { } dl && dl < dd)
        {
            Error("commentDeadline", MeasureErrorCodes.DateInvalid, $"The comment deadline {Notification.Day(dl)} is before the distribution date {Notification.Day(dd)}.");
        }

        if (string.IsNullOrWhiteSpace(f.Title))
        {
            Error("title", MeasureErrorCodes.FieldMissing, "The title is required.");
        }

        var hs = new List<HsPrefix>();
        for (int i = 0; i < f.Hs.Count; i++)
        {
            Result<HsPrefix> h = HsPrefix.Parse(f.Hs[i]);
            if (h.IsValid)
            {
                hs.Add(h.Value);
            }
            else
            {
                Error(f.Hs.Count == 1 ? "hs" : $"hs[{i}]", MeasureErrorCodes.HsInvalid, h.Failure!.Reason);
            }
        }

        string? link = Blank(f.Link);
        if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"))
        {
            Error("link", MeasureErrorCodes.TextInvalid, $"'{link}' is not an http(s) address.");
        }

        string? source = Blank(f.Source);
        if (source is not null && !(Uri.TryCreate(source, UriKind.Absolute, out Uri? src) && src.Scheme is "http" or "https"))
        {
            Error("source", MeasureErrorCodes.TextInvalid, $"'{source}' is not an http(s) address.");
        }

        foreach ((string name, string? value) in new[] { ("title", f.Title), ("products", f.Products), ("entryIntoForceNote", f.EntryIntoForceNote) })
        {
            if (value is { Length: > MaxText })
            {
                Error(name, MeasureErrorCodes.TextInvalid, $"The {name} is longer than {MaxText:N0} characters.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Notification(symbol!, type!.Value, member, distributed, deadline, entry, Blank(f.EntryIntoForceNote), f.Title!.Trim(),
            (f.Products ?? "").Trim(), HsPrefix.Normalise(hs), List(f.Ics), List(f.Objectives), List(f.Keywords), link, source, f.Sample), errors);
    }

    /// <summary>
    /// The links of a batch: an addendum, corrigendum or revision whose notification is neither in the batch nor in
    /// <paramref name="stored"/> gets a warning (LS769); it is stored all the same, and linked once that notification is loaded.
    /// </summary>
    public static IReadOnlyList<FileError> UnlinkedChanges(IReadOnlyList<(string Where, Notification Notification)> notifications, Func<string, bool> stored)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        ArgumentNullException.ThrowIfNull(stored);
        var inBatch = notifications.Select(n => n.Notification.Symbol.Text).ToHashSet(StringComparer.Ordinal);
        return [.. notifications.Where(x => x.Notification.Changes is { } c && !inBatch.Contains(c) && !stored(c))
            .Select(x => new FileError(x.Where, "symbol", MeasureErrorCodes.ChangedUnknown,
                $"{x.Notification.Symbol.Text} changes {x.Notification.Changes}, which is not in the register: stored, and linked once {x.Notification.Changes} is loaded."))];
    }

    private static NotificationFileRead ParseJson(string text, int linesBefore)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return Fail("file", "", $"The file is not JSON: {ex.Message}");
        }

        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (!root.TryGetProperty("formatVersion", out JsonElement v) || v.ValueKind != JsonValueKind.Number || v.GetRawText() != "1")
            {
                return Fail("/formatVersion", "formatVersion", "The JSON file must have \"formatVersion\": 1.");
            }

            if (!root.TryGetProperty("notifications", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
            {
                return Fail("/notifications", "notifications", "The JSON file must have a \"notifications\" array.");
            }

            bool sample = root.TryGetProperty("sample", out JsonElement s) && s.ValueKind == JsonValueKind.True;
            var errors = new List<FileError>();
            var read = new List<(string, Notification)>();
            List<int>? lines = NotificationLines(text, linesBefore, list.GetArrayLength());
            int i = 0;
            foreach (JsonElement e in list.EnumerateArray())
            {
                string pointer = $"/notifications/{i}";
                string where = lines is null ? pointer : $"line {lines[i]}, {pointer}";
                i++;
                if (e.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FileError(where, "", MeasureErrorCodes.FileFormat, "A notification must be a JSON object."));
                    continue;
                }

                var shapeErrors = new List<FileError>();
                string? Text(string name)
                {
                    if (!e.TryGetProperty(name, out JsonElement p) || p.ValueKind == JsonValueKind.Null)
                    {
                        return null;
                    }

                    if (p.ValueKind != JsonValueKind.String)
                    {
                        shapeErrors.Add(new FileError($"{where}/{name}", name, MeasureErrorCodes.FileFormat, $"{name} must be a string."));
                        return null;
                    }

                    return p.GetString();
                }

                IReadOnlyList<string> Strings(string name)
                {
                    if (!e.TryGetProperty(name, out JsonElement p) || p.ValueKind == JsonValueKind.Null)
                    {
                        return [];
                    }

                    if (p.ValueKind == JsonValueKind.String)
                    {
                        return Split(p.GetString());
                    }

                    if (p.ValueKind != JsonValueKind.Array || p.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                    {
                        shapeErrors.Add(new FileError($"{where}/{name}", name, MeasureErrorCodes.FileFormat, $"{name} must be an array of strings."));
                        return [];
                    }

                    return [.. p.EnumerateArray().Select(x => x.GetString()!)];
                }

                var fields = new Fields(Text("symbol"), Text("area"), Text("type"), Text("member"), Text("distributed"), Text("commentDeadline"),
                    Text("entryIntoForce"), Text("entryIntoForceNote"), Text("title"), Text("products"), Strings("hs"), Strings("ics"),
                    Strings("objectives"), Strings("keywords"), Text("link"), Text("source"),
                    sample || (e.TryGetProperty("sample", out JsonElement es) && es.ValueKind == JsonValueKind.True));
                (Notification? n, IReadOnlyList<FileError> errs) = Check(fields, where);
                errors.AddRange(shapeErrors);
                errors.AddRange(errs);
                if (n is not null && shapeErrors.Count == 0)
                {
                    read.Add((where, n));
                }
            }

            return Finish(read, errors);
        }
    }

    /// <summary>
    /// The line (1 = the file's first) on which each element of the root's "notifications" array starts, so that an
    /// error names the line beside the JSON Pointer; null when the array cannot be found again (then only the pointer).
    /// </summary>
    private static List<int>? NotificationLines(string text, int linesBefore, int count)
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
        var starts = new List<long>();
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("notifications"u8))
                {
                    if (reader.CurrentDepth == 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }

                    continue;
                }

                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    starts.Add(reader.TokenStartIndex);
                    reader.Skip();
                }

                break;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        if (starts.Count != count)
        {
            return null;
        }

        var lines = new List<int>(count);
        int line = linesBefore + 1;
        long at = 0;
        foreach (long start in starts)
        {
            line += System.MemoryExtensions.Count(utf8.AsSpan((int)at, (int)(start - at)), (byte)'\n');
            at = start;
            lines.Add(line);
        }

        return lines;
    }

    private static int CountLines(ReadOnlySpan<char> text) => System.MemoryExtensions.Count(text, '\n');

    private static NotificationFileRead ParseCsv(string text)
    {
        using var reader = new StringReader(text);
        List<string[]> rows = [.. Csv.Read(reader)];
        string[] header = [.. rows[0].Select(h => h.Trim())];
        List<string> missing = [.. CsvHeader.Where(c => !header.Contains(c, StringComparer.Ordinal))];
        if (missing.Count > 0)
        {
            return Fail("line 1", string.Join(", ", missing), $"The CSV header lacks {string.Join(", ", missing)}; it must be {string.Join(",", CsvHeader)} (docs/measures.md).");
        }

        var errors = new List<FileError>();
        var read = new List<(string, Notification)>();
        for (int r = 1; r < rows.Count; r++)
        {
            string[] row = rows[r];
            string where = $"line {r + 1}";
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (Csv.Exceeds(row))
            {
                errors.Add(new FileError(where, "", MeasureErrorCodes.FileFormat, Csv.ExceedsReason(r + 1)));
                continue;
            }

            if (row.Length != header.Length)
            {
                errors.Add(new FileError(where, "", MeasureErrorCodes.FileFormat, $"The line has {row.Length} fields; the header has {header.Length}."));
                continue;
            }

            string? Get(string name) => row[Array.IndexOf(header, name)];
            string? sampleText = Blank(Get("sample"));
            if (sampleText is not null and not ("true" or "false"))
            {
                errors.Add(new FileError(where, "sample", MeasureErrorCodes.FileFormat, $"sample is '{sampleText}'; give true, false or nothing."));
            }

            var fields = new Fields(Get("symbol"), Get("area"), Get("type"), Get("member"), Get("distributed"), Get("commentDeadline"),
                Get("entryIntoForce"), Get("entryIntoForceNote"), Get("title"), Get("products"), Split(Get("hs")), Split(Get("ics")),
                Split(Get("objectives")), Split(Get("keywords")), Get("link"), Get("source"), sampleText == "true");
            (Notification? n, IReadOnlyList<FileError> errs) = Check(fields, where);
            errors.AddRange(errs);
            if (n is not null)
            {
                read.Add((where, n));
            }
        }

        return Finish(read, errors);
    }

    /// <summary>The file's own duplicates and links (those to stored notifications are the store's to check).</summary>
    private static NotificationFileRead Finish(List<(string Where, Notification N)> read, List<FileError> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string where, Notification n) in read)
        {
            if (!seen.TryAdd(n.Symbol.Text, where))
            {
                errors.Add(new FileError(where, "symbol", MeasureErrorCodes.Duplicate, $"{n.Symbol.Text} is also at {seen[n.Symbol.Text]}."));
            }
        }

        if (errors.Count == 0 && read.Count == 0)
        {
            errors.Add(new FileError("file", "", MeasureErrorCodes.FileFormat, "The file holds no notification."));
        }

        IReadOnlyList<FileError> capped = ErrorCap.Apply<FileError>(errors, e => e.Code == SecurityErrorCodes.MoreErrors,
            more => new FileError("file", "", SecurityErrorCodes.MoreErrors, ErrorCap.MoreReason(more)));
        return errors.Count > 0 ? new NotificationFileRead([], capped) : new NotificationFileRead([.. read.Select(x => x.N)], []);
    }

    private static NotificationFileRead Fail(string where, string field, string reason) =>
        new([], [new FileError(where, field, MeasureErrorCodes.FileFormat, reason)]);

    private static DateOnly? DateField(string? text, string field, bool required, Action<string, string, string> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                error(field, MeasureErrorCodes.FieldMissing, $"The {field} date is required (YYYY-MM-DD).");
            }

            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d))
        {
            return d;
        }

        error(field, MeasureErrorCodes.DateInvalid, $"'{text}' is not a date YYYY-MM-DD.");
        return null;
    }

    private static string Word(NotificationType t) => t.ToString().ToLowerInvariant();

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IReadOnlyList<string> List(IReadOnlyList<string> items) => [.. items.Select(i => i.Trim()).Where(i => i.Length > 0)];

    /// <summary>"0803; 0804" => ["0803", "0804"].</summary>
    public static IReadOnlyList<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0)];
}
