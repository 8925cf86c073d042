using System.Collections.Immutable;
using System.Globalization;
using Landsea.Edifact;
using Landsea.Edifact.Model;

namespace Landsea.Declarations.Edifact;

/// <summary>Who sends and who receives an interchange (UNB 0004/0007 and 0010/0007), and its control reference (0020, an..14).</summary>
public sealed record EdifactParties(string Sender = "LANDSEA", string Recipient = "PARTNER", string Qualifier = "ZZZ");

/// <summary>
/// Writes a <see cref="Declaration"/> as a D96B CUSDEC interchange, the inverse of <see cref="CusdecDeclarationReader"/>:
/// reading the bytes back gives the same declaration (segment usage in docs/edifact.md, ADR 0104).
/// </summary>
public static class CusdecDeclarationWriter
{
    /// <summary>The CUSDEC message (UNH ... UNT) for <paramref name="declaration"/>.</summary>
    public static EdifactMessage ToMessage(Declaration declaration, string messageReference = "1")
    {
        Declaration d = declaration;
        string documentCode = d.Direction == DeclarationDirection.Export ? "830" : "929";
        string function = d.Kind switch
        {
            SubmissionKind.Cancellation => "1",
            SubmissionKind.Amendment => "5",
            SubmissionKind.OtherRequest => "13",
            _ => "9",
        };
        var body = new List<EdifactSegment> { EdifactSegment.Of("BGM", [documentCode, "", "", d.TypeCode], [d.FunctionalReference], [function]) };

        // Header LOC (22 office of clearance, 35 country of exportation, 28 country of destination), then DTM 137.
        if (d.OfficeCode is { } office)
        {
            body.Add(EdifactSegment.Of("LOC", ["22"], [office]));
        }

        if (d.ExportCountry is { } export)
        {
            body.Add(EdifactSegment.Of("LOC", ["35"], [export.Value]));
        }

        if (d.DestinationCountry is { } destination)
        {
            body.Add(EdifactSegment.Of("LOC", ["28"], [destination.Value]));
        }

        if (d.IssuedAt is { } issued)
        {
            body.Add(EdifactSegment.Of("DTM", ["137", issued.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), "204"]));
        }

        foreach (string container in d.Containers)
        {
            body.Add(EdifactSegment.Of("EQD", ["CN"], [container]));
        }

        if (d.ReferencedId is { } mrn)
        {
            body.Add(EdifactSegment.Of("RFF", ["ABT", mrn]));
        }

        if (d.TransportMode is { } mode)
        {
            body.Add(EdifactSegment.Of("TDT", ["11"], [""], [mode]));
        }

        foreach (Party p in d.Parties)
        {
            string qualifier = CusdecDeclarationReader.Roles.FirstOrDefault(r => r.Role == p.Role).Qualifier ?? "ZZZ";
            body.Add(EdifactSegment.Of("NAD", [qualifier], [p.Id?.Value ?? ""], [""], Lines(p.Name, 5), [""], [""], [""], [""], [p.CountryCode?.Value ?? ""]));
        }

        if (d.InvoiceAmount is { } invoice)
        {
            body.Add(EdifactSegment.Of("MOA", ["39", Number(invoice), d.InvoiceCurrency?.Value ?? ""]));
        }

        body.Add(EdifactSegment.Of("UNS", ["D"]));
        foreach (GoodsItem item in d.Items)
        {
            body.Add(EdifactSegment.Of("CST", [item.Sequence.ToString(CultureInfo.InvariantCulture)], [item.CommodityCode?.Digits ?? ""]));
            if (item.Description is { Length: > 0 } description)
            {
                body.Add(EdifactSegment.Of("FTX", ["AAA"], [""], [""], Lines(description, 5, 70)));
            }

            if (item.OriginCountry is { } origin)
            {
                body.Add(EdifactSegment.Of("LOC", ["27"], [origin.Value]));
            }

            if (item.GrossMassKg is { } gross)
            {
                body.Add(EdifactSegment.Of("MEA", ["WT"], ["G"], ["KGM", Number(gross)]));
            }

            if (item.NetMassKg is { } net)
            {
                body.Add(EdifactSegment.Of("MEA", ["WT"], ["AAL"], ["KGM", Number(net)]));
            }

            if (item.Amount is { } amount)
            {
                body.Add(EdifactSegment.Of("MOA", ["38", Number(amount), item.Currency?.Value ?? ""]));
            }
        }

        body.Add(EdifactSegment.Of("UNS", ["S"]));
        if (d.Items.Count > 0)
        {
            body.Add(EdifactSegment.Of("CNT", ["5", d.Items.Count.ToString(CultureInfo.InvariantCulture)]));
        }

        return Envelope.Message("CUSDEC", "D96B", messageReference, body.Select(s => s.Compact()));
    }

    /// <summary>A whole interchange holding the CUSDEC: UNOC (syntax 3) when every value is Latin-1, UNOY (syntax 4, UTF-8) otherwise.</summary>
    /// <param name="preparedAt">The UNB preparation time; default the declaration's issue time, else the Unix epoch (the domain reads no clock).</param>
    public static byte[] Write(Declaration declaration, EdifactParties? parties = null, string controlReference = "1", DateTimeOffset? preparedAt = null)
    {
        EdifactMessage message = ToMessage(declaration);
        return EdifactWriter.Write(Interchanges.Wrap(message, parties ?? new EdifactParties(), controlReference, preparedAt ?? declaration.IssuedAt ?? DateTimeOffset.UnixEpoch));
    }

    /// <summary>
    /// Splits text into up to <paramref name="count"/> components of at most <paramref name="width"/> characters,
    /// breaking at spaces where it can (the reader joins components with one space, so word-wrapped text reads back
    /// the same). Text beyond the components is dropped.
    /// </summary>
    internal static string[] Lines(string? text, int count, int width = 35)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [""];
        }

        var lines = new List<string>(count);
        int at = 0;
        while (at < text.Length && lines.Count < count)
        {
            int length = Math.Min(width, text.Length - at);
            if (at + length < text.Length)
            {
                int space = text.LastIndexOf(' ', at + length, length + 1);
                if (space > at)
                {
                    lines.Add(text[at..space]);
                    at = space + 1;
                    continue;
                }
            }

            lines.Add(text.Substring(at, length));
            at += length;
        }

        return [.. lines];
    }

    internal static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}

/// <summary>Interchange envelopes for messages the node writes.</summary>
internal static class Interchanges
{
    public static EdifactDocument Wrap(EdifactMessage message, EdifactParties parties, string controlReference, DateTimeOffset preparedAt)
    {
        bool latin1 = message.Segments().All(s => s.Elements.All(e => e.Repetitions.All(r => r.All(v => v.All(c => c <= '\u00FF')))));
        string syntax = latin1 ? "UNOC" : "UNOY";
        string version = latin1 ? "3" : "4";
        DateTime at = preparedAt.UtcDateTime;
        string date = at.ToString(latin1 ? "yyMMdd" : "yyyyMMdd", CultureInfo.InvariantCulture);
        string reference = controlReference.Length > 14 ? controlReference[..14] : controlReference;
        var unb = EdifactSegment.Of("UNB", [syntax, version], [parties.Sender, parties.Qualifier], [parties.Recipient, parties.Qualifier], [date, at.ToString("HHmm", CultureInfo.InvariantCulture)], [reference]);
        var unz = EdifactSegment.Of("UNZ", ["1"], [reference]);
        return new EdifactDocument(null, new EdifactInterchange(unb, [], ImmutableArray.Create(message), unz), []);
    }
}
