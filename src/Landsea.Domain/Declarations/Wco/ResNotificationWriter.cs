using System.Globalization;
using System.Text;
using System.Xml;

namespace Landsea.Declarations.Wco;

/// <summary>What a WCO DM RES notification reports about one declaration after one event.</summary>
public sealed record ResNotification(
    string NotificationId,
    DeclarationEvent Event,
    DateTimeOffset IssuedAt,
    string FunctionalReference,
    string? Mrn,
    int Version,
    string ResponsibleCountry,
    string ResponsibleAgency,
    IReadOnlyList<DeclarationError> Errors,
    string? Note);

/// <summary>
/// Writes RES notifications (md:MetaData/Response) that validate against the WCO DM 3.6 RES schema.
/// Rejections list each error: the stable code as ValidationCode, the pointer and reason as Description.
/// </summary>
public static class ResNotificationWriter
{
    private const int DescriptionMax = 512;

    public static byte[] Write(ResNotification n)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, settings))
        {
            const string md = WcoSchemas.MetaDataNamespace;
            const string res = WcoSchemas.ResponseNamespace;
            const string ds = WcoSchemas.ResponseDsNamespace;
            w.WriteStartElement("md", "MetaData", md);
            w.WriteAttributeString("xmlns", "", null, res);
            w.WriteAttributeString("xmlns", "ds", null, ds);
            w.WriteElementString("WCODataModelVersionCode", md, "3.6");
            w.WriteElementString("WCOTypeName", md, "RES");
            w.WriteElementString("ResponsibleCountryCode", md, n.ResponsibleCountry);
            w.WriteElementString("ResponsibleAgencyName", md, Clip(n.ResponsibleAgency, 70));
            w.WriteElementString("AgencyAssignedCustomizationVersionCode", md, "LANDSEA1");

            w.WriteStartElement("Response", res);
            w.WriteElementString("FunctionCode", res, DeclarationLifecycle.ResponseFunctionCode(n.Event));
            w.WriteElementString("FunctionalReferenceID", res, Clip(n.NotificationId, 35));
            DateTime(w, "IssueDateTime", n.IssuedAt);
            if (n.Note is { Length: > 0 })
            {
                w.WriteStartElement("AdditionalInformation", res);
                w.WriteElementString("StatementDescription", res, Clip(n.Note, DescriptionMax));
                w.WriteEndElement();
            }

            foreach (DeclarationError e in n.Errors)
            {
                w.WriteStartElement("Error", res);
                w.WriteElementString("Description", res, Clip($"{e.Pointer}: {e.Reason}", DescriptionMax));
                w.WriteElementString("ValidationCode", res, Clip(e.Code, 8));
                w.WriteEndElement();
            }

            w.WriteStartElement("Declaration", res);
            if (n.Event == DeclarationEvent.Accepted)
            {
                DateTime(w, "AcceptanceDateTime", n.IssuedAt);
            }

            if (n.Event == DeclarationEvent.Invalidated)
            {
                DateTime(w, "CancellationDateTime", n.IssuedAt);
            }

            if (n.FunctionalReference.Length > 0)
            {
                w.WriteElementString("FunctionalReferenceID", res, Clip(n.FunctionalReference, 35));
            }

            if (n.Mrn is not null)
            {
                w.WriteElementString("ID", res, n.Mrn);
            }

            if (n.Event == DeclarationEvent.Rejected)
            {
                DateTime(w, "RejectionDateTime", n.IssuedAt);
            }

            w.WriteElementString("VersionID", res, n.Version.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        }

        return buffer.ToArray();
    }

    /// <summary>WCO format 304: yyyyMMddHHmmss followed by Z (UTC).</summary>
    public static string Format304(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";

    private static void DateTime(XmlWriter w, string name, DateTimeOffset at)
    {
        w.WriteStartElement(name, WcoSchemas.ResponseNamespace);
        w.WriteStartElement("DateTimeString", WcoSchemas.ResponseDsNamespace);
        w.WriteAttributeString("formatCode", "304");
        w.WriteString(Format304(at));
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
