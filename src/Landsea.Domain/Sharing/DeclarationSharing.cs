using Landsea.Declarations;
using Landsea.Offices;

namespace Landsea.Sharing;

/// <summary>A business message this node means to send; the partner's agreement still decides whether it goes.</summary>
/// <param name="Recipient">Code of the partner node.</param>
/// <param name="Type">One of <see cref="MessageTypes"/>.</param>
/// <param name="Conversation">The MRN the message is about.</param>
/// <param name="Payload">The full payload (UTF-8 JSON); the agreement's allow-list filters it before signing.</param>
/// <param name="Summary">One line for the message log, naming no payload field beyond the recipient.</param>
public sealed record PlannedMessage(string Recipient, string Type, string Conversation, byte[] Payload, string Summary);

/// <summary>What a declaration's status change tells the partners (issue 3's business flows).</summary>
public static class DeclarationSharing
{
    /// <summary>
    /// The messages a status change sends. Only the release of an export declaration sends any: a pre-arrival to the
    /// destination administration's node (when the corridor has one for that country) and an anticipated-arrival notice to
    /// the exit office's node (unless that is this node). Empty otherwise.
    /// </summary>
    /// <param name="mrn">The declaration's MRN (the conversation).</param>
    /// <param name="officeCode">The office where the declaration was lodged.</param>
    /// <param name="direction">Import or export, as lodged.</param>
    /// <param name="declaration">The declaration as it stands after the change.</param>
    /// <param name="change">The status change.</param>
    /// <param name="self">The node making the change.</param>
    public static IReadOnlyList<PlannedMessage> OnStatusChange(string mrn, string officeCode, DeclarationDirection direction, Declaration declaration,
        StatusChange change, CustomsNode self)
    {
        if (change.Event != DeclarationEvent.Released || direction != DeclarationDirection.Export)
        {
            return [];
        }

        var planned = new List<PlannedMessage>(2);
        string? destination = declaration.DestinationCountry?.Value;
        if (MessageTypes.DestinationNode(destination, self) is { } target)
        {
            planned.Add(new PlannedMessage(target.Code, MessageTypes.PreArrival, mrn, SharedDocuments.PreArrival(mrn, officeCode, declaration, change.At),
                $"pre-arrival to {target.Name}"));
        }

        CustomsOffice exit = MessageTypes.ExitOfficeFor(destination);
        if (exit.NodeCode != self.Code)
        {
            planned.Add(new PlannedMessage(exit.NodeCode, MessageTypes.ArrivalNotice, mrn, SharedDocuments.ArrivalNotice(mrn, officeCode, declaration, exit, change.At),
                $"anticipated arrival at {exit.Name}"));
        }

        return planned;
    }

    /// <summary>
    /// The demo's inspection of goods held on pre-arrival: a third of them find an irregularity, chosen deterministically
    /// by MRN (the sum of its characters is a multiple of three).
    /// </summary>
    public static bool DemoInspectionFinds(string mrn) => mrn.Sum(ch => ch) % 3 == 0;
}
