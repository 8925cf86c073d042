using System.Security.Cryptography;

namespace Landsea.Exchange;

/// <summary>
/// One message between two nodes. The exchange knows nothing of its content: the payload is bytes with a type and a version.
/// </summary>
/// <param name="Id">Globally unique envelope id; the receiver deduplicates on it.</param>
/// <param name="Conversation">The conversation reference, for example an MRN; hand-over is in order within (sender, conversation).</param>
/// <param name="Sequence">1-based position in the conversation, assigned by the sender's outbox.</param>
/// <param name="CreatedAt">UTC creation time; receivers refuse envelopes older than their replay window.</param>
public sealed record Envelope(
    string Id,
    string Type,
    string Version,
    string Sender,
    string Recipient,
    string Conversation,
    long Sequence,
    DateTimeOffset CreatedAt,
    ReadOnlyMemory<byte> Payload)
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Payload"/>, as carried in the signed header.</summary>
    public string PayloadDigest => Digests.Sha256Hex(Payload.Span);
}

/// <summary>An envelope with its compact JWS (whose payload is the envelope header including the payload digest).</summary>
/// <param name="Jws">Compact JWS, ES256, <c>typ</c> = <c>landsea-envelope+jws</c>.</param>
/// <param name="Digest">Hex SHA-256 of the envelope header bytes: names this envelope in receipts and the audit trail.</param>
public sealed record SignedEnvelope(Envelope Envelope, string Jws, string Digest);

/// <summary>An envelope committed to the outbox and its digest (hex SHA-256 of its header bytes). It is signed at enqueue
/// (<see cref="Signing.SigningMode.PerItem"/>) or by the sender together with the others of its request (<see cref="Signing.SigningMode.Batch"/>).</summary>
public sealed record QueuedEnvelope(Envelope Envelope, string Digest);

/// <summary>What the node hands to the outbox: the recipient, type/version, conversation and the payload bytes.</summary>
public sealed record OutgoingMessage(string Recipient, string Type, string Version, string Conversation, ReadOnlyMemory<byte> Payload);

internal static class Digests
{
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
