using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Sharing;

namespace Landsea.Data.Sharing;

/// <summary>
/// Tells partners about a declaration's status change, in the change's own transaction (transactional outbox): the domain
/// plans the messages (<see cref="DeclarationSharing.OnStatusChange"/>), the partner's agreement decides which go.
/// </summary>
public sealed class ShareDeclarationChange(SharingOutbox outbox, CustomsNode node) : IDeclarationObserver
{
    public async Task OnChangedAsync(UnitOfWork work, DeclarationDetail declaration, StatusChange change, CancellationToken ct)
    {
        foreach (PlannedMessage m in DeclarationSharing.OnStatusChange(declaration.Summary.Mrn, declaration.Summary.OfficeCode,
            declaration.Summary.Direction, declaration.Declaration, change, node))
        {
            await outbox.SendIfAgreedAsync(work, m, ct);
        }
    }
}
