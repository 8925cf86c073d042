using System.Collections.Immutable;
using System.Globalization;
using System.Xml;
using Landsea.Edifact;
using Landsea.Edifact.Model;

namespace Landsea.Declarations.Edifact;

/// <summary>CUSDEC to and from <see cref="CustomsDeclaration"/> (segment usage as in D96B, D01B and D21A alike).</summary>
public static class CusdecMapping
{
    private static readonly (string Qualifier, string Role)[] s_roles =
        [("DT", "Declarant"), ("IM", "Importer"), ("EX", "Exporter"), ("CN", "Consignee"), ("CZ", "Consignor"), ("CA", "Carrier"), ("AE", "Agent")];

    public static CustomsDeclaration ToDeclaration(EdifactMessage message)
    {
        var bgm = message.Body.FirstOrDefault(s => s.Tag == "BGM");
        var parties = new List<DeclarationParty>();
        var items = new List<DeclarationItem>();
        string? issued = null;
        string? office = null;
        bool detail = false;
        int? sequence = null;
        string? commodity = null;
        string? description = null;
        foreach (var s in message.Body)
        {
            switch (s.Tag)
            {
                case "UNS":
                    Flush();
                    detail = !detail;
                    break;
                case "DTM" when issued is null && s.Value(0, 0) == "137":
                    issued = s.Value(0, 1);
                    break;
                case "LOC" when office is null && s.Value(0) is "41" or "22":
                    office = s.Value(1, 0);
                    break;
                case "NAD" when !detail:
                    parties.Add(new DeclarationParty(RoleOf(s.Value(0)), Empty(s.Value(1, 0)), Empty(s.Value(3, 0)), Empty(s.Value(8))));
                    break;
                case "CST" when detail:
                    Flush();
                    sequence = int.TryParse(s.Value(0), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : items.Count + 1;
                    commodity = Empty(s.Value(1, 0));
                    break;
                case "FTX" when sequence is not null && description is null && s.Value(0) == "AAA":
                    description = Empty(string.Join(" ", Enumerable.Range(0, 5).Select(i => s.Value(3, i)).Where(t => t.Length > 0)));
                    break;
                default:
                    break;
            }
        }

        Flush();
        return new CustomsDeclaration
        {
            FunctionalReference = bgm?.Value(1) ?? "",
            TypeCode = bgm?.Value(0, 0) ?? "",
            FunctionCode = bgm?.Value(2) ?? "",
            IssuedAt = issued,
            OfficeCode = office,
            Parties = parties,
            Items = items,
        };

        void Flush()
        {
            if (sequence is { } seq)
            {
                items.Add(new DeclarationItem(seq, commodity, description));
            }

            sequence = null;
            commodity = null;
            description = null;
        }
    }

    /// <summary>A CUSDEC for <paramref name="declaration"/> in <paramref name="directory"/> ("D96B" form of S009: D:96B:UN).</summary>
    public static EdifactMessage ToCusdec(CustomsDeclaration declaration, string reference, string directory = "D96B")
    {
        var body = new List<EdifactSegment>
        {
            EdifactSegment.Of("BGM", [declaration.TypeCode], [declaration.FunctionalReference], [declaration.FunctionCode]),
        };
        if (declaration.OfficeCode is { } office)
        {
            body.Add(EdifactSegment.Of("LOC", ["41"], [office]));
        }

        if (declaration.IssuedAt is { } issued)
        {
            body.Add(EdifactSegment.Of("DTM", ["137", issued, "102"]));
        }

        foreach (var p in declaration.Parties)
        {
            string qualifier = s_roles.FirstOrDefault(r => r.Role == p.Role).Qualifier ?? p.Role;
            body.Add(EdifactSegment.Of("NAD", [qualifier], [p.Id ?? ""], [""], [p.Name ?? ""], [""], [""], [""], [""], [p.CountryCode ?? ""]));
        }

        body.Add(EdifactSegment.Of("UNS", ["D"]));
        foreach (var item in declaration.Items)
        {
            body.Add(EdifactSegment.Of("CST", [item.Sequence.ToString(CultureInfo.InvariantCulture)], [item.CommodityCode ?? ""]));
            if (item.Description is { } d)
            {
                body.Add(EdifactSegment.Of("FTX", ["AAA"], [""], [""], [d]));
            }
        }

        body.Add(EdifactSegment.Of("UNS", ["S"]));
        return Envelope.Message("CUSDEC", directory, reference, body.Select(Trim));
    }

    internal static EdifactSegment Trim(EdifactSegment s) => s.Compact();

    private static string RoleOf(string qualifier) => s_roles.FirstOrDefault(r => r.Qualifier == qualifier).Role ?? qualifier;

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}

/// <summary>CUSRES to and from <see cref="StatusNotification"/>.</summary>
public static class CusresMapping
{
    public static StatusNotification ToNotification(EdifactMessage message)
    {
        var errors = new List<StatusError>();
        string? pendingCode = null;
        foreach (var s in message.Body)
        {
            if (s.Tag == "ERC")
            {
                if (pendingCode is not null)
                {
                    errors.Add(new StatusError(pendingCode, null));
                }

                pendingCode = s.Value(0, 0);
            }
            else if (s.Tag == "FTX" && pendingCode is not null)
            {
                errors.Add(new StatusError(pendingCode, s.Value(3, 0)));
                pendingCode = null;
            }
        }

        if (pendingCode is not null)
        {
            errors.Add(new StatusError(pendingCode, null));
        }

        return new StatusNotification
        {
            Reference = message.Body.FirstOrDefault(s => s.Tag == "BGM")?.Value(1) ?? "",
            DeclarationReference = message.Body.FirstOrDefault(s => s.Tag == "RFF" && s.Value(0, 0) == "ABT")?.Value(0, 1),
            StatusCode = message.Body.FirstOrDefault(s => s.Tag == "GIS")?.Value(0, 0),
            IssuedAt = message.Body.FirstOrDefault(s => s.Tag == "DTM" && s.Value(0, 0) == "137")?.Value(0, 1),
            Errors = errors,
        };
    }

    public static EdifactMessage ToCusres(StatusNotification notification, string reference, string directory = "D96B")
    {
        var body = new List<EdifactSegment> { EdifactSegment.Of("BGM", ["962"], [notification.Reference], ["9"]) };
        if (notification.IssuedAt is { } issued)
        {
            body.Add(EdifactSegment.Of("DTM", ["137", issued, "102"]));
        }

        if (notification.StatusCode is { } status)
        {
            body.Add(EdifactSegment.Of("GIS", [status]));
        }

        if (notification.DeclarationReference is { } declaration)
        {
            body.Add(EdifactSegment.Of("RFF", ["ABT", declaration]));
        }

        foreach (var e in notification.Errors)
        {
            body.Add(EdifactSegment.Of("ERP", ["1"]));
            body.Add(EdifactSegment.Of("ERC", [e.Code]));
            if (e.Text is { } text)
            {
                body.Add(EdifactSegment.Of("FTX", ["AAO"], [""], [""], [text]));
            }
        }

        return Envelope.Message("CUSRES", directory, reference, body.Select(CusdecMapping.Trim));
    }

    /// <summary>A CUSRES interchange holding one message per notification (D96B), as <c>landsea edifact convert --to cusres</c> writes it.</summary>
    public static byte[] WriteCusres(IReadOnlyList<StatusNotification> notifications, DateTimeOffset preparedAt, EdifactParties? parties = null, string controlReference = "1")
    {
        ImmutableArray<EdifactMessage> messages = [.. notifications.Select((n, i) => ToCusres(n, (i + 1).ToString(CultureInfo.InvariantCulture)))];
        EdifactInterchange first = Interchanges.Wrap(messages[0], parties ?? new EdifactParties(), controlReference, preparedAt).Interchange!;
        var unz = EdifactSegment.Of("UNZ", [messages.Length.ToString(CultureInfo.InvariantCulture)], [first.Trailer.Value(1)]);
        return EdifactWriter.Write(new EdifactDocument(null, new EdifactInterchange(first.Header, [], messages, unz), []));
    }
}

/// <summary>CUSCAR to <see cref="CargoManifest"/>: TDT (transport), EQD/SEL (equipment), CNI with RFF and GID/FTX (consignments and goods).</summary>
public static class CuscarMapping
{
    public static CargoManifest ToManifest(EdifactMessage message)
    {
        var equipment = new List<TransportEquipment>();
        var consignments = new List<ManifestConsignment>();
        List<string>? seals = null;
        string? equipmentId = null;
        string? equipmentQualifier = null;
        string? conveyance = null;
        string? mode = null;
        string? number = null;
        string? document = null;
        List<ManifestGoods>? goods = null;
        foreach (var s in message.Body)
        {
            switch (s.Tag)
            {
                case "TDT" when goods is null && conveyance is null:
                    conveyance = s.Value(1);
                    mode = s.Value(2, 0);
                    break;
                case "EQD" when goods is null:
                    FlushEquipment();
                    equipmentQualifier = s.Value(0);
                    equipmentId = s.Value(1, 0);
                    seals = [];
                    break;
                case "SEL" when seals is not null:
                    seals.Add(s.Value(0));
                    break;
                case "CNI":
                    FlushEquipment();
                    FlushConsignment();
                    number = s.Value(0);
                    document = s.Value(1, 0).Length > 0 ? s.Value(1, 0) : null;
                    goods = [];
                    break;
                case "RFF" when goods is not null && document is null:
                    document = s.Value(0, 1);
                    break;
                case "GID" when goods is not null:
                    goods.Add(new ManifestGoods(s.Value(0), s.Value(1, 0), s.Value(1, 1), null));
                    break;
                case "FTX" when goods is { Count: > 0 } && goods[^1].Description is null:
                    goods[^1] = goods[^1] with { Description = s.Value(3, 0) };
                    break;
                default:
                    break;
            }
        }

        FlushEquipment();
        FlushConsignment();
        return new CargoManifest
        {
            Reference = message.Body.FirstOrDefault(s => s.Tag == "BGM")?.Value(1) ?? "",
            ConveyanceReference = conveyance,
            TransportMode = mode,
            Equipment = equipment,
            Consignments = consignments,
        };

        void FlushEquipment()
        {
            if (seals is not null)
            {
                equipment.Add(new TransportEquipment(equipmentId, equipmentQualifier, seals));
            }

            seals = null;
        }

        void FlushConsignment()
        {
            if (goods is not null)
            {
                consignments.Add(new ManifestConsignment(number, document, goods));
            }

            goods = null;
            document = null;
        }
    }
}

internal static class Envelope
{
    public static EdifactMessage Message(string type, string directory, string reference, IEnumerable<EdifactSegment> body)
    {
        ImmutableArray<EdifactSegment> segments = [.. body];
        var unh = EdifactSegment.Of("UNH", [reference], [type, directory[..1], directory[1..], "UN"]);
        var unt = EdifactSegment.Of("UNT", [(segments.Length + 2).ToString(CultureInfo.InvariantCulture)], [reference]);
        return new EdifactMessage(unh, segments, unt);
    }
}

/// <summary>Writes a <see cref="CustomsDeclaration"/> as a WCO Data Model declaration (DEC-DMS 2 element names).</summary>
public static class WcoXml
{
    public const string Namespace = "urn:wco:datamodel:WCO:DEC-DMS:2";

    public static string Write(CustomsDeclaration d)
    {
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var w = XmlWriter.Create(text, settings))
        {
            w.WriteStartElement("Declaration", Namespace);
            w.WriteElementString("FunctionCode", Namespace, d.FunctionCode);
            w.WriteElementString("FunctionalReferenceID", Namespace, d.FunctionalReference);
            if (d.IssuedAt is { } issued)
            {
                w.WriteStartElement("IssueDateTime", Namespace);
                w.WriteStartElement("DateTimeString", "urn:wco:datamodel:WCO:Declaration_DS:DMS:2");
                w.WriteAttributeString("formatCode", "102");
                w.WriteString(issued);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteElementString("TypeCode", Namespace, d.TypeCode);
            foreach (var p in d.Parties.Where(p => p.Role is "Declarant" or "Exporter" or "Importer" or "Agent"))
            {
                w.WriteStartElement(p.Role, Namespace);
                if (p.Name is { } name)
                {
                    w.WriteElementString("Name", Namespace, name);
                }

                if (p.Id is { } id)
                {
                    w.WriteElementString("ID", Namespace, id);
                }

                w.WriteEndElement();
            }

            w.WriteStartElement("GoodsShipment", Namespace);
            foreach (var item in d.Items)
            {
                w.WriteStartElement("GovernmentAgencyGoodsItem", Namespace);
                w.WriteElementString("SequenceNumeric", Namespace, item.Sequence.ToString(CultureInfo.InvariantCulture));
                w.WriteStartElement("Commodity", Namespace);
                if (item.Description is { } description)
                {
                    w.WriteElementString("Description", Namespace, description);
                }

                if (item.CommodityCode is { } code)
                {
                    w.WriteStartElement("Classification", Namespace);
                    w.WriteElementString("ID", Namespace, code);
                    w.WriteElementString("IdentificationTypeCode", Namespace, "TSP");
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            if (d.OfficeCode is { } office)
            {
                w.WriteStartElement("SubmitterOffice", Namespace);
                w.WriteElementString("ID", Namespace, office);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return text.ToString();
    }
}
