using Landsea.Data.Access;
using Landsea.Data.Declarations;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// A section another capability adds to the declaration page (risk decision, partner messages, ...). Registered in
/// DI; sections render in <see cref="Order"/>. Return encoded HTML (use Infrastructure.Html.E), or empty for nothing.
/// </summary>
public interface IDeclarationSection
{
    int Order { get; }

    Task<string> RenderAsync(DeclarationDetail declaration, AccessScope scope, CancellationToken ct);
}
