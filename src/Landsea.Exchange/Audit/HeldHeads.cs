using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dapper;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;

namespace Landsea.Exchange;

/// <summary>
/// Evidence a partner holds of this node's audit trail (issue 17 item 3): every receipt this node signs carries its audit head
/// after the receipt's entry, and the partner keeps the receipts of its deliveries. A node asks a partner for the newest such
/// head with a query it signs (<see cref="QueryJwsType"/>, payload <c>{"from","to","iat"}</c>); the partner answers with the
/// receipt itself, which the asking node verifies against its own certificate: the evidence needs no trust in the partner,
/// only its keeping. Served at <c>POST /exchange/held-head</c> beside the partner's envelope endpoint.
/// </summary>
public static class HeldHeads
{
    /// <summary><c>typ</c> of a held-head query.</summary>
    public const string QueryJwsType = "landsea-held-head-query+jws";

    /// <summary>How far a query's <c>iat</c> may lie from the answering node's clock.</summary>
    public static readonly TimeSpan QuerySkew = TimeSpan.FromMinutes(5);

    /// <summary>The held-head URL of a partner whose envelope endpoint is <paramref name="envelopes"/> (…/envelopes → …/held-head).</summary>
    public static Uri EndpointBeside(Uri envelopes)
    {
        ArgumentNullException.ThrowIfNull(envelopes);
        string path = envelopes.AbsolutePath;
        int slash = path.LastIndexOf('/');
        return new UriBuilder(envelopes) { Path = path[..(slash + 1)] + "held-head", Query = "" }.Uri;
    }

    /// <summary>A query from <paramref name="self"/> to <paramref name="partner"/>, signed now.</summary>
    public static string SignQuery(NodeIdentity self, string partner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(self);
        return self.Sign(QueryJwsType, JsonSerializer.SerializeToUtf8Bytes(new QueryPayload(self.Code, partner, now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))));
    }

    /// <summary>
    /// Checks a query addressed to <paramref name="self"/>: returns the asking partner when the JWS is a query from a registered
    /// partner, signed with its pinned key, for this node, issued within <see cref="QuerySkew"/>; otherwise the reason.
    /// </summary>
    public static async Task<(Partner? Asker, string? Refusal)> CheckQueryAsync(DbConnection connection, string query, string self, DateTimeOffset now, CancellationToken ct)
    {
        JwsParts? parts = query.Length <= 4096 ? Jws.TryParse(query) : null;
        if (parts is null || parts.Type != QueryJwsType || ReadPayload(parts.Payload) is not { } payload)
        {
            return (null, "not a held-head query");
        }

        if (payload.To != self)
        {
            return (null, $"addressed to {payload.To}, not {self}");
        }

        if (!NodeCodes.IsValid(payload.From) || await PartnerRegistry.FindAsync(connection, payload.From, ct) is not { } partner)
        {
            return (null, "the asking node is not a registered partner");
        }

        X509Certificate2 pinned = partner.Keys.ForNew(parts.KeyId, now);
        using var key = pinned.GetECDsaPublicKey();
        if (key is null || parts.KeyId != CertificateThumbprint.Of(pinned) || !Jws.Verify(parts, key))
        {
            return (null, "the query's signature does not verify against the partner's pinned certificate");
        }

        if (!DateTimeOffset.TryParse(payload.IssuedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset iat) || (iat - now).Duration() > QuerySkew)
        {
            return (null, "the query was not issued within 5 minutes of this node's clock");
        }

        return (partner, null);
    }

    /// <summary>
    /// The receipt, among those this node keeps from <paramref name="partner"/> (its deliveries to it, dead letters included),
    /// that carries the highest audit head and verifies against the partner's pinned certificate; null when there is none.
    /// </summary>
    public static async Task<(string Receipt, AuditHead Head)?> NewestFromAsync(DbConnection connection, Partner partner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(partner);
        // The newest 500 receipts, deliveries and dead letters together.
        IEnumerable<string> receipts = await connection.QueryAsync<string>(new CommandDefinition("""
            SELECT receipt FROM (SELECT receipt, delivered_at AS at FROM exchange_outbox WHERE recipient = @code AND receipt IS NOT NULL
                                 UNION ALL SELECT receipt, dead_at AS at FROM exchange_dead_letter WHERE recipient = @code AND receipt IS NOT NULL) r
            ORDER BY at DESC LIMIT 500
            """, new { code = partner.Code }, cancellationToken: ct));
        (string Receipt, AuditHead Head)? best = null;
        using var verifier = new BatchVerifier();
        foreach (string text in receipts)
        {
            if (Signing.ReceiptCodec.Verify(text, partner.Keys.ForStored(Signing.ReceiptCodec.SignerKeyId(text)), verifier) is { } receipt && receipt.Issuer == partner.Code
                && (best is null || receipt.AuditHead.Sequence > best.Value.Head.Sequence))
            {
                best = (text, receipt.AuditHead);
            }
        }

        return best;
    }

    private static QueryPayload? ReadPayload(byte[] json)
    {
        try
        {
            QueryPayload? p = JsonSerializer.Deserialize<QueryPayload>(json);
            return p is { From: not null, To: not null, IssuedAt: not null } ? p : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record QueryPayload(
        [property: System.Text.Json.Serialization.JsonPropertyName("from")] string From,
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("iat")] string IssuedAt);
}

/// <summary>The answer of <c>POST /exchange/held-head</c>: the newest receipt the partner holds from the asking node (null when none).</summary>
public sealed record HeldHeadAnswer(string? Receipt);
