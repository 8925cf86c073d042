using System.Globalization;
using Landsea.Declarations.Wco;
using Landsea.Edifact;
using Landsea.Edifact.Model;
using Landsea.Edifact.Validation;

namespace Landsea.Declarations.Edifact;

/// <summary>
/// Status notifications as D96B CUSRES, the EDIFACT twin of the WCO RES the node sends (<see cref="ResNotificationWriter"/>):
/// <c>BGM+962:::DMSxxx+notification id+9</c>, <c>DTM+137</c> (format 204, UTC), <c>FTX+ACB</c> note, <c>GIS</c> processing
/// indicator (7365), <c>NAD+CM</c> responsible agency and country, <c>RFF+ABE</c> LRN and <c>RFF+ABT</c> MRN (4000 = version),
/// and per error <c>ERP+1</c>, <c>ERC+code</c>, <c>FTX+ACB</c> pointer, <c>FTX+AAO</c> reason. See docs/edifact.md.
/// </summary>
public static class CusresNotifications
{
    private const int TextMax = 350; // FTX C108: five components of an..70.

    private static readonly (DeclarationEvent Event, string Dms, string Gis)[] s_events =
    [
        (DeclarationEvent.Received, "DMSRCV", "17"),          // Message received
        (DeclarationEvent.Accepted, "DMSACC", "1"),           // Message content accepted
        (DeclarationEvent.Rejected, "DMSREJ", "2"),           // Message content rejected with comment (3 without)
        (DeclarationEvent.Controlled, "DMSCTL", "5"),         // Goods required for examination
        (DeclarationEvent.DocumentsRequested, "DMSDOC", "6"), // All documents or as specified to be produced
        (DeclarationEvent.DocumentsProvided, "DMSRES", "37"), // Complete information
        (DeclarationEvent.Released, "DMSROG", "4"),           // Goods released
        (DeclarationEvent.Cleared, "DMSCLE", "ZZZ"),          // no D96B code: mutually defined, BGM 1000 says which
        (DeclarationEvent.Invalidated, "DMSINV", "ZZZ"),
        (DeclarationEvent.AmendmentAccepted, "DMSREQ", "15"), // Response after correction, correction approved
    ];

    /// <summary>The CUSRES message for <paramref name="notification"/>.</summary>
    public static EdifactMessage ToMessage(ResNotification notification, string messageReference = "1")
    {
        ResNotification n = notification;
        (DeclarationEvent _, string dms, string gis) = s_events.First(e => e.Event == n.Event);
        if (n.Event == DeclarationEvent.Rejected && n.Errors.Count == 0)
        {
            gis = "3";
        }

        var body = new List<EdifactSegment>
        {
            EdifactSegment.Of("BGM", ["962", "", "", dms], [Clip(n.NotificationId, 35)], ["9"]),
            EdifactSegment.Of("DTM", ["137", n.IssuedAt.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), "204"]),
        };
        if (n.Note is { Length: > 0 } note)
        {
            body.Add(EdifactSegment.Of("FTX", ["ACB"], [""], [""], CusdecDeclarationWriter.Lines(Clip(note, TextMax), 5, 70)));
        }

        body.Add(EdifactSegment.Of("GIS", [gis]));
        body.Add(EdifactSegment.Of("NAD", ["CM"], [""], [""], CusdecDeclarationWriter.Lines(Clip(n.ResponsibleAgency, 175), 5), [""], [""], [""], [""], [n.ResponsibleCountry]));
        string version = n.Version.ToString(CultureInfo.InvariantCulture);
        if (n.FunctionalReference.Length > 0)
        {
            body.Add(EdifactSegment.Of("RFF", ["ABE", Clip(n.FunctionalReference, 35), "", version]));
        }

        if (n.Mrn is { Length: > 0 } mrn)
        {
            body.Add(EdifactSegment.Of("RFF", ["ABT", mrn, "", version]));
        }

        foreach (DeclarationError e in n.Errors)
        {
            body.Add(EdifactSegment.Of("ERP", ["1"]));
            body.Add(EdifactSegment.Of("ERC", [Clip(e.Code.Length > 0 ? e.Code : "ERROR", 8)])); // 9321 is mandatory
            body.Add(EdifactSegment.Of("FTX", ["ACB"], [""], [""], CusdecDeclarationWriter.Lines(Clip(e.Pointer, TextMax), 5, 70)));
            body.Add(EdifactSegment.Of("FTX", ["AAO"], [""], [""], CusdecDeclarationWriter.Lines(Clip(e.Reason, TextMax), 5, 70)));
        }

        return Envelope.Message("CUSRES", "D96B", messageReference, body.Select(s => s.Compact()));
    }

    /// <summary>
    /// A CUSRES interchange (D96B; UNOC syntax 3, or UNOY syntax 4 when a text is not Latin-1) for one status change,
    /// ready to send to the declarant. It validates against the shipped D96B directory.
    /// </summary>
    public static byte[] WriteCusres(ResNotification notification, EdifactParties? parties = null, string? controlReference = null)
    {
        EdifactMessage message = ToMessage(notification);
        string reference = controlReference ?? ControlReference(notification.NotificationId);
        return EdifactWriter.Write(Interchanges.Wrap(message, parties ?? new EdifactParties(), reference, notification.IssuedAt));
    }

    /// <summary>
    /// Reads a CUSRES written by <see cref="WriteCusres"/> (or a partner's, using the same segments) back into a
    /// notification. Null with the errors when the bytes are not one valid CUSRES.
    /// </summary>
    public static (ResNotification? Notification, IReadOnlyList<DeclarationError> Errors) ReadCusres(ReadOnlyMemory<byte> bytes)
    {
        EdifactValidationReport report = EdifactValidator.Validate(bytes.Span);
        List<DeclarationError> errors = [.. report.Errors.Select(CusdecDeclarationReader.ToError)];
        EdifactReadResult read = EdifactReader.Read(bytes.Span);
        if (errors.Count > 0 || read.Document is null)
        {
            return (null, errors);
        }

        List<EdifactMessage> messages = [.. read.Document.AllMessages()];
        if (messages is not [{ MessageType: "CUSRES" } message])
        {
            return (null, [new("/", ErrorCodes.NotADeclaration, "Expected exactly one CUSRES message.")]);
        }

        EdifactSegment? bgm = message.Body.FirstOrDefault(s => s.Tag == "BGM");
        string dms = bgm?.Value(0, 3) ?? "";
        string gis = message.Body.FirstOrDefault(s => s.Tag == "GIS")?.Value(0, 0) ?? "";
        DeclarationEvent? e = s_events.FirstOrDefault(x => x.Dms == dms).Dms is not null ? s_events.First(x => x.Dms == dms).Event
            : gis == "3" ? DeclarationEvent.Rejected
            : s_events.Where(x => x.Gis == gis && gis != "ZZZ").Select(x => (DeclarationEvent?)x.Event).FirstOrDefault();
        if (e is null)
        {
            return (null, [new("/messages/1", ErrorCodes.FieldInvalid, $"The CUSRES says neither a known DMS response (BGM 1000 '{dms}') nor a known processing indicator (GIS '{gis}').")]);
        }

        DateTimeOffset issued = message.Body.FirstOrDefault(s => s.Tag == "DTM" && s.Value(0, 0) == "137") is { } dtm
            ? CusdecDeclarationReader.ParseDate(dtm.Value(0, 1), dtm.Value(0, 2)) ?? default
            : default;
        EdifactSegment? nad = message.Body.FirstOrDefault(s => s.Tag == "NAD" && s.Value(0) == "CM");
        string? lrn = null;
        string? mrn = null;
        int version = 0;
        var list = new List<DeclarationError>();
        string? note = null;
        string? code = null;
        string? pointer = null;
        string? reason = null;
        bool inErrors = false;
        foreach (EdifactSegment s in message.Body)
        {
            switch (s.Tag)
            {
                case "RFF" when !inErrors:
                    if (s.Value(0, 0) == "ABE")
                    {
                        lrn = s.Value(0, 1);
                    }
                    else if (s.Value(0, 0) == "ABT")
                    {
                        mrn = s.Value(0, 1);
                    }

                    if (int.TryParse(s.Value(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int v))
                    {
                        version = v;
                    }

                    break;
                case "FTX" when !inErrors && s.Value(0) == "ACB":
                    note = Text(s);
                    break;
                case "ERP":
                    Flush();
                    inErrors = true;
                    break;
                case "ERC" when inErrors:
                    code = s.Value(0, 0);
                    break;
                case "FTX" when inErrors && s.Value(0) == "ACB":
                    pointer = Text(s);
                    break;
                case "FTX" when inErrors && s.Value(0) == "AAO":
                    reason = Text(s);
                    break;
                default:
                    break;
            }
        }

        Flush();
        var notification = new ResNotification(
            bgm?.Value(1, 0) ?? "",
            e.Value,
            issued,
            lrn ?? "",
            mrn,
            version,
            nad?.Value(8) ?? "",
            nad is null ? "" : string.Join(" ", Enumerable.Range(0, 5).Select(c => nad.Value(3, c)).Where(t => t.Length > 0)),
            list,
            note);
        return (notification, []);

        void Flush()
        {
            if (code is not null || reason is not null)
            {
                list.Add(new DeclarationError(pointer ?? "", code ?? "", reason ?? ""));
            }

            code = pointer = reason = null;
        }

        static string Text(EdifactSegment s) => string.Join(" ", Enumerable.Range(0, 5).Select(c => s.Value(3, c)).Where(t => t.Length > 0));
    }

    /// <summary>An interchange control reference (an..14) from a notification id: its letters and digits, the last 14.</summary>
    private static string ControlReference(string id)
    {
        string clean = new([.. id.Where(char.IsAsciiLetterOrDigit)]);
        return clean.Length == 0 ? "1" : clean.Length > 14 ? clean[^14..] : clean;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
