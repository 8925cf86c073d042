using System.Globalization;
using System.Xml.Linq;
using System.Xml.Schema;
using Landsea.Shared;

namespace Landsea.Transit;

/// <summary>Who writes an answer, to whom, when, with which identification.</summary>
/// <param name="Sender">This administration's name, for example NTA.CN.</param>
/// <param name="Recipient">The trader's messageSender from the message answered.</param>
/// <param name="At">UTC instant of the answer; written in the office's local time, as NCTS date-times carry no offset.</param>
/// <param name="CorrelationIdentifier">The messageIdentification of the message answered, when there is one.</param>
public sealed record AnswerContext(string Sender, string Recipient, DateTimeOffset At, TimeZoneInfo Zone, string MessageIdentification, string? CorrelationIdentifier);

/// <summary>
/// Writes the NCTS phase-5 answers to the trader (IE928, IE028, IE056, IE055, IE060, IE029, IE051, IE004, IE009, IE019,
/// IE045). Each is the declaration's infoset projected onto the answer's schema type: the elements the answer shares
/// with the IE015 are copied in the answer's order, and the answer's own data (MRN, dates, outcome) are set. What the
/// node writes validates against the same 51.8.6 XSDs (tests/Landsea.Domain.Tests/Transit/AnswerTests.cs).
/// </summary>
public static class NctsAnswers
{
    private static readonly XNamespace s_ncts = NctsSchemas.Namespace;

    /// <summary>IE928: positive acknowledgement of a declaration that passed validation.</summary>
    public static XDocument Ie928(AnswerContext context, NctsMessage declaration) => Write("CC928C", context, declaration.Root, []);

    /// <summary>IE028: the MRN is allocated.</summary>
    public static XDocument Ie028(AnswerContext context, NctsMessage declaration, Movement movement) =>
        Write("CC028C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/declarationAcceptanceDate"] = Day(context),
        });

    /// <summary>IE056: the message is rejected, with every error (pointer, NCTS functional error code, reason).</summary>
    /// <param name="rejectedType">The rejected message's type number, for example "015" (businessRejectionType).</param>
    public static XDocument Ie056(AnswerContext context, NctsMessage rejected, string rejectedType, IReadOnlyList<TransitError> errors, Mrn? mrn = null)
    {
        var functional = errors.Take(9999).Select(e => new XElement("FunctionalError",
            new XElement("errorPointer", Clip(e.Pointer.Length == 0 ? "/" : e.Pointer, 512)),
            new XElement("errorCode", TransitLifecycle.FunctionalCode(e.Code)),
            new XElement("errorReason", Clip(e.Code, 6)),
            new XElement("originalAttributeValue", Clip(e.Reason, 512)))).ToList();
        var values = new Dictionary<string, object>
        {
            ["TransitOperation/businessRejectionType"] = rejectedType,
            ["TransitOperation/rejectionDateAndTime"] = Local(context),
            // CL226: 12 "message with functional errors", 4 "duplicate", 2 "out of sequence / invalid state".
            ["TransitOperation/rejectionCode"] = errors.Any(e => e.Code == TransitErrorCodes.DuplicateMessage) ? "4"
                : errors.Any(e => e.Code == TransitErrorCodes.OutOfSequence) ? "2" : "12",
            ["FunctionalError"] = functional,
        };
        if (mrn is { } m)
        {
            values["TransitOperation/MRN"] = m.Value;
            values["TransitOperation/LRN"] = "";
        }

        return Write("CC056C", context, rejected.Root, values);
    }

    /// <summary>IE055: the guarantee is not valid or does not cover the movement.</summary>
    public static XDocument Ie055(AnswerContext context, NctsMessage declaration, Movement movement, Failure refusal) =>
        Write("CC055C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/declarationAcceptanceDate"] = Day(context),
            ["GuaranteeReference"] = new List<XElement>
            {
                new("GuaranteeReference",
                    new XElement("sequenceNumber", "1"),
                    new XElement("GRN", Guarantees.ParseGrn(movement.Grn).IsValid ? movement.Grn : "00XX000000000000000"),
                    new XElement("InvalidGuaranteeReason",
                        new XElement("sequenceNumber", "1"),
                        // CL252: G02 guarantee does not exist, G03 not valid, G04 amount exceeded / not covered.
                        new XElement("code", refusal.Code switch
                        {
                            TransitErrorCodes.GuaranteeUnknown or TransitErrorCodes.GuaranteeMissing => "G02",
                            TransitErrorCodes.GuaranteeReferenceInvalid or TransitErrorCodes.GuaranteeCurrency => "G03",
                            _ => "G04",
                        }),
                        new XElement("text", Clip(refusal.Reason, 512)))),
            },
        });

    /// <summary>IE060: the office will control the goods before release.</summary>
    public static XDocument Ie060(AnswerContext context, NctsMessage declaration, Movement movement, string reason) =>
        Write("CC060C", context, declaration.Root, new()
        {
            ["TransitOperation/LRN"] = "",
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/controlNotificationDateAndTime"] = Local(context),
            ["TransitOperation/notificationType"] = "0",
            ["TypeOfControls"] = new List<XElement> { new("TypeOfControls", new XElement("sequenceNumber", "1"), new XElement("type", "10"), new XElement("text", Clip(reason, 512))) },
        });

    /// <summary>IE029: released for transit; the declaration's data with MRN, acceptance and release dates.</summary>
    public static XDocument Ie029(AnswerContext context, NctsMessage declaration, Movement movement) =>
        Write("CC029C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/declarationAcceptanceDate"] = Day(context, movement.Submitted),
            ["TransitOperation/releaseDate"] = Day(context),
        }, new()
        {
            // Required in IE029, conditional in IE015: derived from the declared equipment when the declaration omits it.
            ["Consignment/containerIndicator"] = declaration.Root.Descendants().Any(e => e.Name == "containerIdentificationNumber") ? "1" : "0",
        });

    /// <summary>IE051: not released for transit.</summary>
    public static XDocument Ie051(AnswerContext context, NctsMessage declaration, Movement movement, string motivationCode, string text) =>
        Write("CC051C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/declarationSubmissionDateAndTime"] = Local(context, movement.Submitted),
            ["TransitOperation/noReleaseMotivationCode"] = motivationCode,
            ["TransitOperation/noReleaseMotivationText"] = Clip(text, 512),
        });

    /// <summary>IE004: the amendment is accepted.</summary>
    public static XDocument Ie004(AnswerContext context, NctsMessage declaration, Movement movement, DateTimeOffset submitted) =>
        Write("CC004C", context, declaration.Root, new()
        {
            ["TransitOperation/LRN"] = movement.Mrn is null ? movement.Lrn : "",
            ["TransitOperation/MRN"] = movement.Mrn?.Value ?? "",
            ["TransitOperation/amendmentSubmissionDateAndTime"] = Local(context, submitted),
            ["TransitOperation/amendmentAcceptanceDateAndTime"] = Local(context),
        });

    /// <summary>IE009: the invalidation decision (cancelled at the holder's request).</summary>
    public static XDocument Ie009(AnswerContext context, NctsMessage declaration, Movement movement, DateTimeOffset requested, string justification) =>
        Write("CC009C", context, declaration.Root, new()
        {
            ["TransitOperation/LRN"] = movement.Mrn is null ? movement.Lrn : "",
            ["TransitOperation/MRN"] = movement.Mrn?.Value ?? "",
            ["Invalidation/requestDateAndTime"] = Local(context, requested),
            ["Invalidation/decisionDateAndTime"] = Local(context),
            ["Invalidation/decision"] = "1",
            ["Invalidation/initiatedByCustoms"] = "0",
            ["Invalidation/justification"] = Clip(justification, 512),
        });

    /// <summary>IE019: discrepancies found at destination.</summary>
    public static XDocument Ie019(AnswerContext context, NctsMessage declaration, Movement movement, string text) =>
        Write("CC019C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/discrepanciesNotificationDate"] = Day(context),
            ["TransitOperation/discrepanciesNotificationText"] = Clip(text, 512),
        });

    /// <summary>IE045: written off; the guarantee is released.</summary>
    public static XDocument Ie045(AnswerContext context, NctsMessage declaration, Movement movement) =>
        Write("CC045C", context, declaration.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/writeOffDate"] = Day(context),
        });

    /// <summary>
    /// IE043: unloading permission at the office of destination, from the released declaration the IE001 carried and the
    /// trader's arrival notification (office of destination actual, trader at destination).
    /// </summary>
    public static XDocument Ie043(AnswerContext context, NctsMessage released, NctsMessage arrival, Movement movement)
    {
        var values = new Dictionary<string, object>
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["CustomsOfficeOfDestinationActual/referenceNumber"] = arrival.Root.Text("CustomsOfficeOfDestinationActual/referenceNumber") ?? movement.DestinationOffice,
            ["TraderAtDestination/identificationNumber"] = arrival.Root.Text("TraderAtDestination/identificationNumber") ?? arrival.MessageSender ?? "unknown",
            ["CTLControl/continueUnloading"] = "1",
        };
        if (released.Root.Text("HolderOfTheTransitProcedure/name") is null)
        {
            // IE043 names the holder by name (and TIR number) only; a declaration that identifies it by number alone leaves it out.
            values["HolderOfTheTransitProcedure"] = new List<XElement>();
        }

        return Write("CC043C", context, released.Root, values);
    }

    /// <summary>
    /// IE025: goods release notification at the office of destination, after unloading remarks that found the goods
    /// conform (release indicator 1: released), from the trader's IE044 (office of destination actual, trader at destination).
    /// </summary>
    public static XDocument Ie025(AnswerContext context, NctsMessage unloading, Movement movement) =>
        Write("CC025C", context, unloading.Root, new()
        {
            ["TransitOperation/MRN"] = movement.Mrn!.Value.Value,
            ["TransitOperation/releaseDate"] = Day(context),
            ["TransitOperation/releaseIndicator"] = "1",
            ["Consignment"] = new List<XElement>(),
        });

    private static string Local(AnswerContext context, DateTimeOffset? at = null) =>
        TimeZoneInfo.ConvertTime(at ?? context.At, context.Zone).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static string Day(AnswerContext context, DateTimeOffset? at = null) =>
        TimeZoneInfo.ConvertTime(at ?? context.At, context.Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>
    /// The answer: header, then the source projected onto the answer's type. <paramref name="values"/> set elements by
    /// path (a string; the empty string leaves the element out) or give the whole list of elements of a name;
    /// <paramref name="defaults"/> fill a value the source does not have.
    /// </summary>
    private static XDocument Write(string messageType, AnswerContext context, NctsElement source, Dictionary<string, object> values, Dictionary<string, string>? defaults = null)
    {
        values["messageSender"] = context.Sender;
        values["messageRecipient"] = context.Recipient;
        values["preparationDateAndTime"] = Local(context);
        values["messageIdentification"] = context.MessageIdentification;
        values["messageType"] = messageType;
        values["correlationIdentifier"] = context.CorrelationIdentifier ?? "";
        var root = new XElement(s_ncts + messageType, new XAttribute(XNamespace.Xmlns + "ncts", NctsSchemas.Namespace), new XAttribute("PhaseID", "NCTS5.0"));
        Project(root, source, NctsSchemas.RootType(messageType), "", values, defaults ?? []);
        return new XDocument(root);
    }

    private static void Project(XElement target, NctsElement? source, XmlSchemaComplexType type, string path, Dictionary<string, object> values, Dictionary<string, string> defaults)
    {
        foreach (XmlSchemaElement child in NctsSchemas.ChildElements(type))
        {
            string name = child.QualifiedName.Name, childPath = path.Length == 0 ? name : path + "/" + name;
            if (values.TryGetValue(childPath, out object? set))
            {
                if (set is string text)
                {
                    if (text.Length > 0)
                    {
                        target.Add(new XElement(name, text));
                    }
                }
                else
                {
                    target.Add((IEnumerable<XElement>)set);
                }

                continue;
            }

            List<NctsElement> from = source?.All(name).ToList() ?? [];
            if (child.ElementSchemaType is XmlSchemaComplexType { ContentType: XmlSchemaContentType.ElementOnly } complex)
            {
                bool needed = values.Keys.Any(k => k.StartsWith(childPath + "/", StringComparison.Ordinal));
                if (from.Count == 0 && needed)
                {
                    from.Add(null!);
                }

                foreach (NctsElement? item in from.Take(child.MaxOccurs > int.MaxValue ? int.MaxValue : (int)child.MaxOccurs))
                {
                    var element = new XElement(name);
                    Project(element, item, complex, childPath, values, defaults);
                    if (element.HasElements)
                    {
                        target.Add(element);
                    }
                }
            }
            else if (from.Count == 0 && defaults.TryGetValue(childPath, out string? fallback))
            {
                target.Add(new XElement(name, fallback));
            }
            else
            {
                foreach (NctsElement item in from.Take(child.MaxOccurs > int.MaxValue ? int.MaxValue : (int)child.MaxOccurs))
                {
                    target.Add(new XElement(name, item.Value));
                }
            }
        }
    }
}
