using System.Globalization;
using System.Xml;

namespace Landsea.Transit;

/// <summary>
/// The business rules a node applies to a schema-valid NCTS message before it touches a movement. Each finding has a
/// stable LS5xx code; the rules are the NCTS conditions and rules that matter to a receiving administration (C0467,
/// C0569, R0007's uniqueness, sequence numbers), plus routing: the message is for this administration and its offices.
/// </summary>
public static class TransitRules
{
    /// <summary>Trader-to-customs messages and the office that routes each to an administration.</summary>
    public static IReadOnlyDictionary<string, string> RoutingOffice { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CC015C"] = "CustomsOfficeOfDeparture",
        ["CC013C"] = "CustomsOfficeOfDeparture",
        ["CC014C"] = "CustomsOfficeOfDeparture",
        ["CC170C"] = "CustomsOfficeOfDeparture",
        ["CC007C"] = "CustomsOfficeOfDestinationActual",
        ["CC044C"] = "CustomsOfficeOfDestinationActual",
    };

    /// <summary>
    /// Messages whose recipient is checked: those the node routes by recipient and office because it may not hold the
    /// movement yet (a declaration, an amendment of a pre-lodged declaration by LRN, an arrival that may be at another
    /// office than the declared destination). IE014, IE170 and IE044 name a movement the node holds, and are routed by it.
    /// </summary>
    private static readonly string[] s_recipientChecked = ["CC015C", "CC013C", "CC007C"];

    /// <summary>Rule C0467 (LRN or MRN, exactly one) applies to the amendment, which may come before or after the MRN.</summary>
    private static readonly string[] s_mrnOrLrn = ["CC013C"];

    /// <summary>Date-times the sender states as already past when it writes the message.</summary>
    private static readonly string[] s_pastDateTimes = ["preparationDateAndTime", "arrivalNotificationDateAndTime"];

    public static List<TransitError> Check(NctsMessage message, TransitAdministration administration, DateTimeOffset now)
    {
        var errors = new List<TransitError>();
        NctsElement root = message.Root;

        if (root.Child("messageType") is { } type && type.Value != message.MessageType)
        {
            errors.Add(new(type.Pointer, TransitErrorCodes.MessageTypeMismatch, $"messageType '{type.Value}' does not name the message, which is {message.MessageType}."));
        }

        MrnOrLrn(message, errors);
        if (message.MessageType == "CC015C" && root.Find("TransitOperation/LRN") is { Value.Length: > 0 } lrn
            && !System.Text.RegularExpressions.Regex.IsMatch(lrn.Value, administration.LrnPattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            errors.Add(new(lrn.Pointer, TransitErrorCodes.LrnFormat, $"LRN '{lrn.Value}' does not follow the LRN format of {administration.Name} ({administration.LrnPattern})."));
        }

        if (RoutingOffice.TryGetValue(message.MessageType, out string? routing))
        {
            Routing(root, routing, Array.IndexOf(s_recipientChecked, message.MessageType) >= 0, administration, errors);
        }

        // One walk of the tree, shared by the rules that look at every element.
        List<NctsElement> all = [root, .. root.Descendants()];
        OtherOffices(root, all, routing, administration, errors);
        Dates(all, administration, now, errors);
        ItemNumbers(all, errors);
        SequenceNumbers(all, errors);
        Seals(all, errors);
        return errors;
    }

    /// <summary>C0467: where the message allows LRN or MRN, exactly one of them.</summary>
    private static void MrnOrLrn(NctsMessage message, List<TransitError> errors)
    {
        if (message.Root.Child("TransitOperation") is not { } operation || Array.IndexOf(s_mrnOrLrn, message.MessageType) < 0
            || !NctsSchemaFacts.AllowsMrnOrLrn(message.MessageType))
        {
            return;
        }

        NctsElement? lrn = operation.Child("LRN"), mrn = operation.Child("MRN");
        if (lrn is not null && mrn is not null)
        {
            errors.Add(new(mrn.Pointer, TransitErrorCodes.MrnOrLrn, $"Both an LRN ('{lrn.Value}') and an MRN ('{mrn.Value}') are given; give one of them (rule C0467)."));
        }
        else if (lrn is null && mrn is null)
        {
            errors.Add(new(operation.Pointer, TransitErrorCodes.MrnOrLrn, "Neither an LRN nor an MRN is given; give one of them (rule C0467)."));
        }
    }

    private static void Routing(NctsElement root, string routing, bool checkRecipient, TransitAdministration administration, List<TransitError> errors)
    {
        string? recipientCountry = null;
        if (checkRecipient && root.Child("messageRecipient") is { Value.Length: > 0 } recipient)
        {
            if (administration.Recipients.TryGetValue(recipient.Value, out string? country))
            {
                recipientCountry = country;
            }
            else
            {
                errors.Add(new(recipient.Pointer, TransitErrorCodes.RecipientNotThisAdministration,
                    $"The message recipient '{recipient.Value}' is not this administration ({administration.Name}); it accepts {string.Join(" or ", administration.Recipients.Keys)}."));
            }
        }

        if (root.Find(routing + "/referenceNumber") is not { Value.Length: 8 } office)
        {
            return;
        }

        string code = office.Value, officeCountry = code[..2];
        if (!administration.Recipients.Values.Contains(officeCountry))
        {
            errors.Add(new(office.Pointer, TransitErrorCodes.OfficeNotOfThisAdministration,
                $"The {routing} '{code}' is not an office of {administration.Name} (its offices are in {string.Join(", ", administration.Recipients.Values.Distinct())})."));
        }
        else if (administration.OwnOffices is { } own && !own.Contains(code))
        {
            errors.Add(administration.KnownOffices?.Contains(code) == true
                ? new(office.Pointer, TransitErrorCodes.OfficeNotOfThisAdministration, $"The {routing} '{code}' is an office of another node, not of {administration.Name}.")
                : new(office.Pointer, TransitErrorCodes.OfficeUnknown, $"The {routing} '{code}' is not in the office list of {administration.Name}."));
        }
        else if (recipientCountry is not null && recipientCountry != officeCountry)
        {
            errors.Add(new(office.Pointer, TransitErrorCodes.RecipientOfficeMismatch,
                $"The {routing} '{code}' is served by another administration than the message recipient {root.Text("messageRecipient")} ({recipientCountry} offices)."));
        }
    }

    /// <summary>Every other office reference: an office of a listed country must be in the list.</summary>
    private static void OtherOffices(NctsElement root, List<NctsElement> all, string? routing, TransitAdministration administration, List<TransitError> errors)
    {
        if (administration.KnownOffices is not { } known)
        {
            return;
        }

        foreach (NctsElement e in all)
        {
            if (e.Name != "referenceNumber" || e.Parent is not { } holder || !holder.Name.StartsWith("CustomsOffice", StringComparison.Ordinal)
                || (holder.Parent == root && holder.Name == routing) || e.Value.Length != 8)
            {
                continue;
            }

            if (administration.ListsCountry(e.Value[..2]) && !known.Contains(e.Value))
            {
                errors.Add(new(e.Pointer, TransitErrorCodes.OfficeUnknown, $"The {holder.Name} '{e.Value}' is not in the office list of {administration.Name}."));
            }
        }
    }

    private static void Dates(List<NctsElement> all, TransitAdministration administration, DateTimeOffset now, List<TransitError> errors)
    {
        DateTimeOffset latest = now + administration.FutureTolerance;
        foreach (NctsElement e in all)
        {
            if (Array.IndexOf(s_pastDateTimes, e.Name) < 0 || !TryInstant(e.Value, administration.TimeZone, out DateTimeOffset instant))
            {
                continue;
            }

            if (instant > latest)
            {
                errors.Add(new(e.Pointer, TransitErrorCodes.DateInFuture, string.Create(CultureInfo.InvariantCulture,
                    $"{e.Name} {e.Value} is in the future: later than the node's clock ({TimeZoneInfo.ConvertTime(now, administration.TimeZone):yyyy-MM-ddTHH:mm:ss} {administration.TimeZoneId}) plus {administration.FutureTolerance.TotalMinutes:0} minutes.")));
            }
        }
    }

    /// <summary>An xs:dateTime; without an offset it is the administration's local time.</summary>
    internal static bool TryInstant(string text, TimeZoneInfo zone, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime parsed))
        {
            return false;
        }

        try
        {
            instant = parsed.Kind switch
            {
                DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
                DateTimeKind.Local => new DateTimeOffset(XmlConvert.ToDateTimeOffset(text).UtcDateTime, TimeSpan.Zero),
                _ => new DateTimeOffset(parsed, zone.GetUtcOffset(parsed)),
            };
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>R0007 (uniqueness part): declaration goods item numbers once per message, goods item numbers once per house consignment.</summary>
    private static void ItemNumbers(List<NctsElement> all, List<TransitError> errors)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (NctsElement e in all)
        {
            if (e.Name == "declarationGoodsItemNumber" && e.Parent?.Name == "ConsignmentItem" && !declared.Add(e.Value))
            {
                errors.Add(new(e.Pointer, TransitErrorCodes.ItemNumberDuplicate, $"Declaration goods item number {e.Value} is given to two consignment items."));
            }

            if (e.Name == "HouseConsignment")
            {
                var items = new HashSet<string>(StringComparer.Ordinal);
                foreach (NctsElement item in e.All("ConsignmentItem"))
                {
                    if (item.Child("goodsItemNumber") is { } number && !items.Add(number.Value))
                    {
                        errors.Add(new(number.Pointer, TransitErrorCodes.ItemNumberDuplicate, $"Goods item number {number.Value} appears twice in one house consignment."));
                    }
                }
            }
        }
    }

    /// <summary>Repeated data groups are told apart by their sequence numbers: two siblings of one kind never share one.</summary>
    private static void SequenceNumbers(List<NctsElement> all, List<TransitError> errors)
    {
        foreach (NctsElement parent in all)
        {
            if (parent.Children.Count < 2)
            {
                continue;
            }

            HashSet<(string, string)>? seen = null;
            foreach (NctsElement child in parent.Children)
            {
                if (child.Child("sequenceNumber") is { } sequence && !(seen ??= []).Add((child.Name, sequence.Value)))
                {
                    errors.Add(new(sequence.Pointer, TransitErrorCodes.SequenceNumberDuplicate, $"Two {child.Name} data groups have sequence number {sequence.Value}."));
                }
            }
        }
    }

    /// <summary>C0569: a number of seals above zero needs seals; zero allows none.</summary>
    private static void Seals(List<NctsElement> all, List<TransitError> errors)
    {
        foreach (NctsElement e in all)
        {
            if (e.Name != "numberOfSeals" || e.Parent is not { } equipment || !int.TryParse(e.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int seals))
            {
                continue;
            }

            bool any = equipment.Child("Seal") is not null;
            if (seals > 0 && !any)
            {
                errors.Add(new(e.Pointer, TransitErrorCodes.SealCount, $"{seals} seals are declared and no Seal is given (condition C0569)."));
            }
            else if (seals == 0 && any)
            {
                errors.Add(new(e.Pointer, TransitErrorCodes.SealCount, "No seals are declared (0) and Seal data groups are given (condition C0569)."));
            }
        }
    }
}

/// <summary>Reads and checks one NCTS message: its schema, then the business rules.</summary>
public static class TransitValidation
{
    public static TransitCheck Check(ReadOnlyMemory<byte> bytes, TransitAdministration administration, DateTimeOffset now)
    {
        TransitCheck read = NctsReader.Read(bytes);
        if (read.Message is null)
        {
            return read;
        }

        // The rules also run on a schema-invalid message (they look only at what is there), so one answer lists every error.
        List<TransitError> rules = TransitRules.Check(read.Message, administration, now);
        return rules.Count == 0 ? read : read with { Errors = [.. read.Errors, .. rules] };
    }
}
