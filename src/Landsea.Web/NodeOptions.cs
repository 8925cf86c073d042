namespace Landsea.Web;

/// <summary>How a node runs. Bound from configuration section "Landsea" and from the CLI.</summary>
public sealed class NodeOptions
{
    /// <summary>SQLite file path or PostgreSQL connection string. Default: landsea.db in the working folder.</summary>
    public string Database { get; set; } = "landsea.db";

    /// <summary>
    /// Folder for the node's own files (keys and certificate, models). Default: beside the SQLite file, or
    /// ".landsea" in the working folder for PostgreSQL.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>Code of the node this instance runs (see Corridor.Nodes). Default: CNCQI (Chongqing Customs).</summary>
    public string NodeCode { get; set; } = "CNCQI";

    /// <summary>
    /// Development mode: seeds the documented development accounts (docs/development-login.md) and enables
    /// /dev/login. Default: false; <c>landsea serve</c> turns it on unless given --no-dev.
    /// </summary>
    public bool Development { get; set; }

    /// <summary>
    /// Production mode only: remove the development accounts (those still with the published password) at start-up
    /// instead of refusing to start. <c>landsea serve --no-dev --purge-development-accounts</c>.
    /// </summary>
    public bool PurgeDevelopmentAccounts { get; set; }

    /// <summary>Largest request body accepted for a declaration, in bytes (5 MiB).</summary>
    public int MaxSubmissionBytes { get; set; } = Landsea.Declarations.Wco.WcoDeclarationReader.DefaultMaxBytes;

    /// <summary>
    /// OpenID Connect (issue 16 item 3): with an authority, users sign in with the administration's identity provider and
    /// API clients may send its bearer tokens. Filled from configuration section <c>Landsea:Oidc</c> at start-up.
    /// </summary>
    public Landsea.Web.Features.Access.OpenIdSettings Oidc { get; set; } = new();
}
