using System.Data.Common;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Dapper;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;

namespace Landsea.Exchange.Partners;

/// <summary>
/// Partners and their agreements in <c>exchange_partner</c> / <c>exchange_agreement</c>. Agreements are versioned:
/// a change adds a version and never edits an old one; every change is also an audit entry.
/// </summary>
public sealed class PartnerRegistry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;

    public PartnerRegistry(AuditTrail audit, TimeProvider time)
    {
        _audit = audit;
        _time = time;
    }

    /// <summary>Registers a partner or replaces its endpoint and pinned certificate.</summary>
    public async Task SaveAsync(UnitOfWork work, Partner partner, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        if (!NodeCodes.IsValid(partner.Code))
        {
            throw new ArgumentException($"Partner code '{partner.Code}' is not a node code.", nameof(partner));
        }

        string at = StoredTime.IsoMilliseconds(_time.GetUtcNow());
        string? replacedKeyId = await KeepReplacedKeyAsync(work, partner.Code, partner.KeyId, at, at, "re-pinned by an administrator", ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_partner (code, name, endpoint, certificate_pem, key_id, updated_at, tls_certificate_pem, tls_ca_pem)
            VALUES (@code, @name, @endpoint, @pem, @kid, @at, @tlsPem, @caPem)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, endpoint = excluded.endpoint, certificate_pem = excluded.certificate_pem,
                key_id = excluded.key_id, updated_at = excluded.updated_at, tls_certificate_pem = excluded.tls_certificate_pem, tls_ca_pem = excluded.tls_ca_pem
            """,
            new { code = partner.Code, name = partner.Name, endpoint = partner.Endpoint.ToString(), pem = partner.Certificate.ExportCertificatePem(),
                kid = partner.KeyId, at, tlsPem = partner.TlsCertificate?.ExportCertificatePem(), caPem = partner.TlsAuthority?.ExportCertificatePem() },
            transaction, cancellationToken: ct));
        await _audit.AppendAsync(work, new AuditRecord("partner", null, partner.Code, null, partner.KeyId,
            replacedKeyId is null ? partner.Endpoint.ToString() : $"{partner.Endpoint} (replaces key {replacedKeyId})"), ct);
    }

    /// <summary>
    /// Applies a partner's announced key rollover (verified by the receiver under the old key, with the new key's proof of
    /// possession): <paramref name="certificate"/> becomes the pinned one, the old one is kept and accepted until
    /// <paramref name="oldAcceptedUntil"/>. A rollover to the key already pinned changes nothing. Returns the replaced key id.
    /// </summary>
    public static async Task<string?> RollOverAsync(UnitOfWork work, string code, X509Certificate2 certificate, DateTimeOffset oldAcceptedUntil,
        DateTimeOffset now, CancellationToken ct)
    {
        string newKeyId = CertificateThumbprint.Of(certificate);
        string? replaced = await KeepReplacedKeyAsync(work, code, newKeyId, StoredTime.IsoMilliseconds(oldAcceptedUntil), StoredTime.IsoMilliseconds(now),
            "rolled over by the partner", ct);
        if (replaced is not null)
        {
            await work.Connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exchange_partner SET certificate_pem = @pem, key_id = @kid, updated_at = @at WHERE code = @code",
                new { pem = certificate.ExportCertificatePem(), kid = newKeyId, at = StoredTime.IsoMilliseconds(now), code }, work.Transaction, cancellationToken: ct));
        }

        return replaced;
    }

    /// <summary>When the partner is pinned to a key other than <paramref name="newKeyId"/>, keeps that key in exchange_partner_key.</summary>
    private static async Task<string?> KeepReplacedKeyAsync(UnitOfWork work, string code, string newKeyId, string acceptedUntil, string at, string reason, CancellationToken ct)
    {
        List<(string KeyId, string Pem)> current = (await work.Connection.QueryAsync<(string KeyId, string Pem)>(new CommandDefinition(
            "SELECT key_id, certificate_pem FROM exchange_partner WHERE code = @code", new { code }, work.Transaction, cancellationToken: ct))).ToList();
        if (current.Count == 0 || current[0].KeyId == newKeyId)
        {
            return null;
        }

        (string KeyId, string Pem) old = current[0];

        await work.Connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO exchange_partner_key (partner_code, key_id, certificate_pem, accepted_until, recorded_at, reason)
            VALUES (@code, @kid, @pem, @until, @at, @reason) ON CONFLICT (partner_code, key_id) DO NOTHING
            """,
            new { code, kid = old.KeyId, pem = old.Pem, until = acceptedUntil, at, reason }, work.Transaction, cancellationToken: ct));
        return old.KeyId;
    }

    /// <summary>The partner with <paramref name="code"/>, or null.</summary>
    public static Task<Partner?> FindAsync(DbConnection connection, string code, CancellationToken ct) => FindAsync(connection, null, code, ct);

    /// <summary>The partner with <paramref name="code"/>, or null, read inside <paramref name="work"/>.</summary>
    public static Task<Partner?> FindAsync(UnitOfWork work, string code, CancellationToken ct) => FindAsync(work.Connection, work.Transaction, code, ct);

    /// <remarks>One round trip with the past keys (the receiver and the sender look a partner up on every request).</remarks>
    private static async Task<Partner?> FindAsync(DbConnection connection, DbTransaction? transaction, string code, CancellationToken ct)
    {
        List<PartnerRow> rows = (await connection.QueryAsync<PartnerRow>(new CommandDefinition(
            """
            SELECT p.code, p.name, p.endpoint, p.certificate_pem, p.tls_certificate_pem, p.tls_ca_pem, k.certificate_pem AS past_pem, k.accepted_until AS past_until
            FROM exchange_partner p LEFT JOIN exchange_partner_key k ON k.partner_code = p.code
            WHERE p.code = @code ORDER BY k.recorded_at DESC
            """, new { code }, transaction, cancellationToken: ct))).ToList();
        return rows.Count == 0 ? null : rows[0].ToPartner() with
        {
            PastKeys = rows.Where(r => r.past_pem is not null).Select(r => new PastKey(Certificates.GetOrAdd(r.past_pem!), StoredTime.Parse(r.past_until!))).ToList(),
        };
    }

    /// <summary>Every partner, by code.</summary>
    public static Task<List<Partner>> ListAsync(DbConnection connection, CancellationToken ct) => ListAsync(connection, null, ct);

    /// <summary>Every partner, by code, read inside <paramref name="work"/>.</summary>
    public static Task<List<Partner>> ListAsync(UnitOfWork work, CancellationToken ct) => ListAsync(work.Connection, work.Transaction, ct);

    private static async Task<List<Partner>> ListAsync(DbConnection connection, DbTransaction? transaction, CancellationToken ct) =>
        await WithPastKeysAsync(connection, transaction, (await connection.QueryAsync<PartnerRow>(new CommandDefinition(
            "SELECT code, name, endpoint, certificate_pem, tls_certificate_pem, tls_ca_pem FROM exchange_partner ORDER BY code", transaction: transaction, cancellationToken: ct)))
        .Select(r => r.ToPartner()).ToList(), ct);

    /// <summary>The partners with their past keys (one query for all of them; most partners have none).</summary>
    private static async Task<List<Partner>> WithPastKeysAsync(DbConnection connection, DbTransaction? transaction, List<Partner> partners, CancellationToken ct)
    {
        if (partners.Count == 0)
        {
            return partners;
        }

        ILookup<string, PastKey> past = (await connection.QueryAsync<(string Code, string Pem, string Until)>(new CommandDefinition(
                "SELECT partner_code, certificate_pem, accepted_until FROM exchange_partner_key ORDER BY recorded_at DESC", transaction: transaction, cancellationToken: ct)))
            .ToLookup(k => k.Code, k => new PastKey(Certificates.GetOrAdd(k.Pem), StoredTime.Parse(k.Until)), StringComparer.Ordinal);
        return partners.Select(p => past.Contains(p.Code) ? p with { PastKeys = past[p.Code].ToList() } : p).ToList();
    }

    /// <summary>Records a new version of the agreement with <paramref name="partnerCode"/> and returns it.</summary>
    public async Task<SharingAgreement> SetAgreementAsync(UnitOfWork work, string partnerCode,
        IReadOnlyList<OutboundRule> outbound, IReadOnlyList<string> inboundTypes, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        if (await FindAsync(connection, transaction, partnerCode, ct) is null)
        {
            throw new InvalidOperationException($"Partner {partnerCode} is not registered.");
        }

        foreach (OutboundRule rule in outbound)
        {
            if (rule.AllowedFields?.Any(p => !FieldFilter.IsValidPath(p)) == true)
            {
                throw new ArgumentException($"Agreement for {rule.Type} has a field path that does not start with '/'.", nameof(outbound));
            }
        }

        long version = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM exchange_agreement WHERE partner_code = @code", new { code = partnerCode }, transaction, cancellationToken: ct));
        DateTimeOffset now = StoredTime.ToMilliseconds(_time.GetUtcNow());
        var agreement = new SharingAgreement(partnerCode, version, now, outbound, inboundTypes);
        string document = JsonSerializer.Serialize(new AgreementDocument(outbound, inboundTypes), Json);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO exchange_agreement (partner_code, version, document, recorded_at) VALUES (@code, @version, @document, @at)",
            new { code = partnerCode, version, document, at = StoredTime.Iso(now) }, transaction, cancellationToken: ct));
        await _audit.AppendAsync(work,
            new AuditRecord("agreement", null, partnerCode, null, Digests.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(document)), $"version {version}"), ct);
        return agreement;
    }

    /// <summary>The current (highest) version of the agreement, or null when none was ever recorded.</summary>
    public static Task<SharingAgreement?> FindAgreementAsync(DbConnection connection, string partnerCode, CancellationToken ct) => FindAgreementAsync(connection, null, partnerCode, ct);

    /// <summary>The current agreement, read inside <paramref name="work"/>.</summary>
    public static Task<SharingAgreement?> FindAgreementAsync(UnitOfWork work, string partnerCode, CancellationToken ct) => FindAgreementAsync(work.Connection, work.Transaction, partnerCode, ct);

    private static async Task<SharingAgreement?> FindAgreementAsync(DbConnection connection, DbTransaction? transaction, string partnerCode, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<AgreementRow>(new CommandDefinition(
            "SELECT partner_code, version, document, recorded_at FROM exchange_agreement WHERE partner_code = @code ORDER BY version DESC LIMIT 1",
            new { code = partnerCode }, transaction, cancellationToken: ct)))?.ToAgreement();

    /// <summary>Whether <paramref name="partnerCode"/> is registered, and its current agreement: one round trip (the outbox asks on every enqueue).</summary>
    public static async Task<(bool Registered, SharingAgreement? Agreement)> FindRegisteredAgreementAsync(UnitOfWork work, string partnerCode, CancellationToken ct)
    {
        (DbConnection connection, DbTransaction transaction) = (work.Connection, work.Transaction);
        var rows = (await connection.QueryAsync<AgreementRow>(new CommandDefinition(
            """
            SELECT p.code AS partner_code, a.version, a.document, a.recorded_at FROM exchange_partner p
            LEFT JOIN exchange_agreement a ON a.partner_code = p.code
            WHERE p.code = @code ORDER BY a.version DESC LIMIT 1
            """, new { code = partnerCode }, transaction, cancellationToken: ct))).ToList();
        return rows.Count == 0 ? (false, null) : (true, rows[0].document is null ? null : rows[0].ToAgreement());
    }

    /// <summary>Every version, oldest first.</summary>
    public static async Task<List<SharingAgreement>> AgreementHistoryAsync(DbConnection connection, string partnerCode, CancellationToken ct) =>
        (await connection.QueryAsync<AgreementRow>(new CommandDefinition(
            "SELECT partner_code, version, document, recorded_at FROM exchange_agreement WHERE partner_code = @code ORDER BY version",
            new { code = partnerCode }, cancellationToken: ct))).Select(r => r.ToAgreement()).ToList();

    /// <summary>Parsed pinned certificates by PEM text (parsing costs ~0.1 ms; the sender and receiver look partners up on every pass).</summary>
    private static class Certificates
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, X509Certificate2> Parsed = new(StringComparer.Ordinal);

        public static X509Certificate2 GetOrAdd(string pem)
        {
            if (Parsed.TryGetValue(pem, out X509Certificate2? cached))
            {
                return cached;
            }

            if (Parsed.Count >= 1024)
            {
                Parsed.Clear(); // partners are few; a bound keeps replaced certificates from piling up
            }

            return Parsed.GetOrAdd(pem, static text => X509Certificate2.CreateFromPem(text));
        }
    }

#pragma warning disable IDE1006, CA1812 // Dapper row types: column names as in SQL; instantiated by Dapper.
    private sealed class PartnerRow
    {
        public string code { get; set; } = "";
        public string name { get; set; } = "";
        public string endpoint { get; set; } = "";
        public string certificate_pem { get; set; } = "";
        public string? tls_certificate_pem { get; set; }
        public string? tls_ca_pem { get; set; }
        public string? past_pem { get; set; }
        public string? past_until { get; set; }

        public Partner ToPartner() => new(code, name, new Uri(endpoint), Certificates.GetOrAdd(certificate_pem))
        {
            TlsCertificate = tls_certificate_pem is null ? null : Certificates.GetOrAdd(tls_certificate_pem),
            TlsAuthority = tls_ca_pem is null ? null : Certificates.GetOrAdd(tls_ca_pem),
        };
    }

    /// <summary>An agreement version; <see cref="document"/> is null only for a partner without one (the left join).</summary>
    private sealed class AgreementRow
    {
        public string partner_code { get; set; } = "";
        public long version { get; set; }
        public string? document { get; set; }
        public string? recorded_at { get; set; }

        public SharingAgreement ToAgreement()
        {
            AgreementDocument doc = JsonSerializer.Deserialize<AgreementDocument>(document ?? "null", Json)
                ?? throw new InvalidDataException("Empty agreement document.");
            return new SharingAgreement(partner_code, version, StoredTime.Parse(recorded_at!), doc.Outbound, doc.Inbound);
        }
    }
#pragma warning restore IDE1006, CA1812

    private sealed record AgreementDocument(IReadOnlyList<OutboundRule> Outbound, IReadOnlyList<string> Inbound);
}
