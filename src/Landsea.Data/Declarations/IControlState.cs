using Landsea.Declarations;
using Landsea.Exchange.Storage;

namespace Landsea.Data.Declarations;

/// <summary>
/// Tells the writer what a declaration's risk decision asks for before release (its channel and the control outcomes
/// recorded), read inside the release's transaction. Risk provides it; without risk nothing holds the goods.
/// </summary>
public interface IControlStateSource
{
    Task<ControlState> StateAsync(UnitOfWork work, string mrn, CancellationToken ct);
}
