using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Data.Origin;

/// <summary>A stored certificate of origin (table <c>origin_certificates</c>, migration 0012).</summary>
/// <param name="TargetHash">The document's target hash (lower-case hex).</param>
/// <param name="Number">The certificate number.</param>
/// <param name="IssuerNode">The node that issued it: this node's code, or the partner's it came from.</param>
/// <param name="Source"><see cref="CertificateStore.Issued"/> or <see cref="CertificateStore.Received"/>.</param>
/// <param name="Form">RCEP or ACFTA-E.</param>
/// <param name="MerkleRoot">The batch's merkle root.</param>
/// <param name="IssuedAt">When it was issued (UTC).</param>
/// <param name="Office">The issuing office, when known.</param>
/// <param name="ExportingCountry">The exporting party.</param>
/// <param name="ImportingCountry">The importing party.</param>
/// <param name="Document">The wrapped OA v2 document (JSON).</param>
/// <param name="RevokedAt">When it was revoked; null while valid.</param>
/// <param name="RevokeReason">Why it was revoked.</param>
public sealed record StoredCertificate(string TargetHash, string Number, string IssuerNode, string Source, string Form, string MerkleRoot,
    DateTimeOffset IssuedAt, string? Office, string ExportingCountry, string ImportingCountry, string Document, DateTimeOffset? RevokedAt, string? RevokeReason);

/// <summary>
/// Certificates of origin issued by this node or received from partners. Writes join the caller's unit of work, so an
/// issued certificate and the envelope that shares it commit together (transactional outbox).
/// </summary>
public static class CertificateStore
{
    /// <summary>Issued by this node.</summary>
    public const string Issued = "issued";

    /// <summary>Received from a partner over the exchange.</summary>
    public const string Received = "received";

    private const string Columns = """
        target_hash AS TargetHash, number AS Number, issuer_node AS IssuerNode, source AS Source, form AS Form, merkle_root AS MerkleRoot,
        issued_at AS IssuedAt, office AS Office, exporting_country AS ExportingCountry, importing_country AS ImportingCountry,
        document AS Document, revoked_at AS RevokedAt, revoke_reason AS RevokeReason
        """;

    /// <summary>
    /// Stores certificates in the caller's unit of work; fails with LS713 (nothing written by this call) when a number is
    /// already stored for the same issuing node, or a target hash is already stored.
    /// </summary>
    public static async Task<Result<int>> AddAsync(UnitOfWork work, IReadOnlyList<StoredCertificate> certificates, CancellationToken ct)
    {
        foreach (StoredCertificate c in certificates)
        {
            long existing = await work.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM origin_certificates WHERE (issuer_node = @IssuerNode AND number = @Number) OR target_hash = @TargetHash",
                new { c.IssuerNode, c.Number, c.TargetHash }, work.Transaction, cancellationToken: ct));
            if (existing > 0)
            {
                return Result<int>.Fail(OriginErrorCodes.DuplicateNumber, $"certificateNumber: {c.Number} of {c.IssuerNode} is already stored; nothing was issued");
            }
        }

        string now = Text(work.Time.GetUtcNow());
        foreach (StoredCertificate c in certificates)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO origin_certificates (target_hash, number, issuer_node, source, form, merkle_root, issued_at, office,
                    exporting_country, importing_country, document, recorded_at, revoked_at, revoke_reason)
                VALUES (@TargetHash, @Number, @IssuerNode, @Source, @Form, @MerkleRoot, @IssuedAt, @Office, @ExportingCountry,
                    @ImportingCountry, @Document, @Now, @RevokedAt, @RevokeReason)
                """,
                new
                {
                    c.TargetHash, c.Number, c.IssuerNode, c.Source, c.Form, c.MerkleRoot, IssuedAt = Text(c.IssuedAt), c.Office,
                    c.ExportingCountry, c.ImportingCountry, c.Document, Now = now,
                    RevokedAt = c.RevokedAt is { } r ? Text(r) : null, c.RevokeReason,
                }, work.Transaction, cancellationToken: ct));
        }

        return certificates.Count;
    }

    /// <summary>
    /// Revokes the certificate <paramref name="number"/> issued by <paramref name="issuerNode"/>: LS714 when there is none,
    /// LS715 when it is revoked already (the first revocation stands).
    /// </summary>
    /// <param name="work">The caller's unit of work.</param>
    /// <param name="issuerNode">The node that issued it.</param>
    /// <param name="number">The certificate number.</param>
    /// <param name="reason">Why.</param>
    /// <param name="at">When.</param>
    /// <param name="targetHash">When given, the certificate must also have this target hash.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<Result<StoredCertificate>> RevokeAsync(UnitOfWork work, string issuerNode, string number, string reason, DateTimeOffset at,
        CancellationToken ct, string? targetHash = null)
    {
        StoredCertificate? found = (await work.Connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM origin_certificates WHERE issuer_node = @issuerNode AND number = @number",
            new { issuerNode, number }, work.Transaction, cancellationToken: ct))).Select(ToRecord)
            .FirstOrDefault(c => targetHash is null || string.Equals(c.TargetHash, targetHash, StringComparison.OrdinalIgnoreCase));
        if (found is null)
        {
            return Result<StoredCertificate>.Fail(OriginErrorCodes.CertificateNotFound, $"--number: no certificate {number} issued by {issuerNode} is stored");
        }

        if (found.RevokedAt is not null)
        {
            return Result<StoredCertificate>.Fail(OriginErrorCodes.AlreadyRevoked, $"--number: certificate {number} was revoked already ({Text(found.RevokedAt.Value)}: {found.RevokeReason})");
        }

        await work.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE origin_certificates SET revoked_at = @at, revoke_reason = @reason WHERE target_hash = @hash AND revoked_at IS NULL",
            new { at = Text(at), reason, hash = found.TargetHash }, work.Transaction, cancellationToken: ct));
        return found with { RevokedAt = at, RevokeReason = reason };
    }

    /// <summary>The certificates with this number (one per issuing node; this node's own first).</summary>
    public static async Task<IReadOnlyList<StoredCertificate>> FindByNumberAsync(DbConnection connection, string number, CancellationToken ct) =>
        [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM origin_certificates WHERE number = @number ORDER BY CASE source WHEN 'issued' THEN 0 ELSE 1 END, issuer_node",
            new { number }, cancellationToken: ct))).Select(ToRecord)];

    /// <summary>The certificate with this target hash, or null.</summary>
    public static async Task<StoredCertificate?> FindByTargetHashAsync(DbConnection connection, string targetHash, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM origin_certificates WHERE target_hash = @targetHash",
            new { targetHash = targetHash.ToLowerInvariant() }, cancellationToken: ct))).Select(ToRecord).FirstOrDefault();

    /// <summary>Every revoked certificate, issued or received, oldest revocation first.</summary>
    public static async Task<IReadOnlyList<StoredCertificate>> RevokedAsync(DbConnection connection, string? issuerNode, CancellationToken ct) =>
        [.. (await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM origin_certificates WHERE revoked_at IS NOT NULL{(issuerNode is null ? "" : " AND issuer_node = @issuerNode")} ORDER BY revoked_at, number",
            new { issuerNode = issuerNode ?? "" }, cancellationToken: ct))).Select(ToRecord)];

    /// <summary>Revoked target hashes with their reason, for <see cref="VerificationContext"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RevokedHashesAsync(DbConnection connection, CancellationToken ct) =>
        (await RevokedAsync(connection, null, ct)).ToDictionary(c => c.TargetHash,
            c => string.Create(CultureInfo.InvariantCulture, $"certificate {c.Number} of {c.IssuerNode} revoked on {c.RevokedAt:yyyy-MM-dd}: {c.RevokeReason}"), StringComparer.Ordinal);

    private static string Text(DateTimeOffset t) => StoredTime.Iso(t);

    private static DateTimeOffset Time(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static StoredCertificate ToRecord(Row r) => new(r.TargetHash, r.Number, r.IssuerNode, r.Source, r.Form, r.MerkleRoot, Time(r.IssuedAt), r.Office,
        r.ExportingCountry, r.ImportingCountry, r.Document, r.RevokedAt is null ? null : Time(r.RevokedAt), r.RevokeReason);

    private sealed class Row
    {
        public string TargetHash { get; set; } = "";
        public string Number { get; set; } = "";
        public string IssuerNode { get; set; } = "";
        public string Source { get; set; } = "";
        public string Form { get; set; } = "";
        public string MerkleRoot { get; set; } = "";
        public string IssuedAt { get; set; } = "";
        public string? Office { get; set; }
        public string ExportingCountry { get; set; } = "";
        public string ImportingCountry { get; set; } = "";
        public string Document { get; set; } = "";
        public string? RevokedAt { get; set; }
        public string? RevokeReason { get; set; }
    }
}
