namespace Landsea.Exchange;

/// <summary>
/// The receiver's verdict on one envelope. Codes follow DCSA PINT where PINT has one (RECE, DUPE, BSIG, BENV).
/// Only <see cref="Received"/> and <see cref="Duplicate"/> mean the receiver holds the envelope.
/// </summary>
public enum ReceiptOutcome
{
    /// <summary>RECE: stored for hand-over.</summary>
    Received,

    /// <summary>DUPE: the same envelope (id and digest) was already received; nothing new stored.</summary>
    Duplicate,

    /// <summary>BSIG: signature, key id or payload digest does not verify against the sender's pinned certificate.</summary>
    BadSignature,

    /// <summary>BENV: malformed, not addressed to this node, outside the replay window, or an id reused for other content.</summary>
    BadEnvelope,

    /// <summary>USND: the sender is not a registered partner.</summary>
    UnknownSender,

    /// <summary>NAGR: the message type is not in the inbound side of the partner's agreement.</summary>
    NotAgreed,

    /// <summary>SIZE: the request exceeded the receiver's size limit and was not parsed.</summary>
    TooLarge,
}

public static class ReceiptOutcomes
{
    public static string ToCode(this ReceiptOutcome outcome) => outcome switch
    {
        ReceiptOutcome.Received => "RECE",
        ReceiptOutcome.Duplicate => "DUPE",
        ReceiptOutcome.BadSignature => "BSIG",
        ReceiptOutcome.BadEnvelope => "BENV",
        ReceiptOutcome.UnknownSender => "USND",
        ReceiptOutcome.NotAgreed => "NAGR",
        ReceiptOutcome.TooLarge => "SIZE",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static ReceiptOutcome? FromCode(string? code) => code switch
    {
        "RECE" => ReceiptOutcome.Received,
        "DUPE" => ReceiptOutcome.Duplicate,
        "BSIG" => ReceiptOutcome.BadSignature,
        "BENV" => ReceiptOutcome.BadEnvelope,
        "USND" => ReceiptOutcome.UnknownSender,
        "NAGR" => ReceiptOutcome.NotAgreed,
        "SIZE" => ReceiptOutcome.TooLarge,
        _ => null,
    };

    /// <summary>True when the receiver holds the envelope, so the sender may stop retrying.</summary>
    public static bool IsAccepted(this ReceiptOutcome outcome) => outcome is ReceiptOutcome.Received or ReceiptOutcome.Duplicate;

    /// <summary>The HTTP status that accompanies the signed receipt (informative only: the signed outcome decides).</summary>
    public static int HttpStatus(this ReceiptOutcome outcome) => outcome switch
    {
        ReceiptOutcome.Received or ReceiptOutcome.Duplicate => 200,
        ReceiptOutcome.UnknownSender => 403,
        ReceiptOutcome.TooLarge => 413,
        _ => 422,
    };
}

/// <summary>The head of an audit chain: the last entry's sequence number and hash (hex). Sequence 0 is the empty chain.</summary>
public sealed record AuditHead(long Sequence, string Hash);

/// <summary>A signed receipt's content.</summary>
/// <param name="Issuer">The receiving node's code (the signer).</param>
/// <param name="Sender">The envelope's claimed sender, when it could be read.</param>
/// <param name="AuditHead">The issuer's audit head after recording this receipt: evidence the sender keeps.</param>
public sealed record Receipt(
    string? EnvelopeId,
    string? EnvelopeDigest,
    ReceiptOutcome Outcome,
    string? Reason,
    string Issuer,
    string? Sender,
    DateTimeOffset IssuedAt,
    AuditHead AuditHead);

/// <summary>A receipt and its signed text: a compact JWS (<c>typ</c> = <c>landsea-receipt+jws</c>) or the batch form
/// (see <see cref="Signing.ReceiptCodec"/>), each verifiable on its own.</summary>
public sealed record SignedReceipt(Receipt Receipt, string Text);
