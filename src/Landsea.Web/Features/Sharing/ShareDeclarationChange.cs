using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;

namespace Landsea.Web.Features.Sharing;

/// <summary>
/// Tells partners about a declaration's status change, in the change's own transaction (transactional outbox): the domain
/// plans the messages (<see cref="DeclarationSharing.OnStatusChange"/>), the partner's agreement decides which go.
/// </summary>
public sealed class ShareDeclarationChange(NodeExchange exchange, CustomsNode node) : IDeclarationObserver
{
    public async Task OnChangedAsync(UnitOfWork work, DeclarationDetail declaration, StatusChange change, CancellationToken ct)
    {
        IReadOnlyList<PlannedMessage> planned = DeclarationSharing.OnStatusChange(declaration.Summary.Mrn, declaration.Summary.OfficeCode,
            declaration.Summary.Direction, declaration.Declaration, change, node);
        foreach (PlannedMessage m in planned)
        {
            if (await NodeExchange.AgreesAsync(work, m.Recipient, m.Type, ct))
            {
                await exchange.SendAsync(work, m.Recipient, m.Type, m.Conversation, m.Payload, m.Summary, ct);
            }
        }
    }
}
