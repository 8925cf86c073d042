namespace Landsea.Origin;

/// <summary>Stable error codes of the Origin capability (LS700–LS724); see docs/error-codes.md.</summary>
public static class OriginErrorCodes
{
    /// <summary>The document is not JSON.</summary>
    public const string NotJson = "LS700";

    /// <summary>The JSON is not an OpenAttestation wrapped document of a known version (v2 or v3).</summary>
    public const string NotOpenAttestation = "LS701";

    /// <summary>A required part of the proof (targetHash, merkleRoot, proof list, salts) is missing or malformed.</summary>
    public const string ProofMalformed = "LS702";

    /// <summary>The field to obfuscate is not in the document's data, or cannot be removed without renumbering others.</summary>
    public const string FieldNotFound = "LS703";
}
