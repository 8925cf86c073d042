namespace Landsea.Origin;

/// <summary>Stable error codes of the Origin capability (LS700–LS723); see docs/error-codes.md.</summary>
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

    /// <summary>A certificate request is not a JSON object, or a field has the wrong kind or length.</summary>
    public const string RequestInvalid = "LS704";

    /// <summary>A required field of a certificate request is missing (the path names it).</summary>
    public const string FieldMissing = "LS705";

    /// <summary>The form is not one this node issues (RCEP or ACFTA-E).</summary>
    public const string FormUnknown = "LS706";

    /// <summary>An item's HS code is not a 6-digit HS 2017/2022 subheading.</summary>
    public const string HsCodeInvalid = "LS707";

    /// <summary>An item's origin criterion is not one the form names.</summary>
    public const string CriterionInvalid = "LS708";

    /// <summary>An FOB value is malformed, or missing where the RVC criterion is applied.</summary>
    public const string FobInvalid = "LS709";

    /// <summary>A country is not an ISO 3166 code, or not a party of the agreement.</summary>
    public const string CountryInvalid = "LS710";

    /// <summary>A date is not YYYY-MM-DD.</summary>
    public const string DateInvalid = "LS711";

    /// <summary>An item's number is out of order, or its weight is not a positive number.</summary>
    public const string ItemInvalid = "LS712";

    /// <summary>The node has already issued (or received) a certificate with this number.</summary>
    public const string DuplicateNumber = "LS713";

    /// <summary>No certificate with this number (or target hash) is stored.</summary>
    public const string CertificateNotFound = "LS714";

    /// <summary>The certificate was revoked already.</summary>
    public const string AlreadyRevoked = "LS715";

    /// <summary>A revocation list file is not JSON of the documented shape.</summary>
    public const string RevocationListMalformed = "LS716";

    /// <summary>A revocation list's ES256 signature does not verify, or its signer is not trusted.</summary>
    public const string RevocationListUntrusted = "LS717";

    /// <summary>A trusted certificate (--trust) is not a readable X.509 PEM or DER certificate.</summary>
    public const string TrustCertificateUnreadable = "LS718";

    /// <summary>A batch to issue is empty or has more documents than a batch may hold.</summary>
    public const string BatchInvalid = "LS719";

    /// <summary>Two certificates of one batch have the same number.</summary>
    public const string BatchDuplicateNumber = "LS720";

    /// <summary>A revocation needs a reason.</summary>
    public const string RevocationReasonMissing = "LS721";

    /// <summary>An uploaded document is larger than the verification page accepts.</summary>
    public const string DocumentTooLarge = "LS722";
}
