using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Scans;
using Landsea.Shared;

namespace Landsea.Data.Scans;

/// <summary>The answer to lodging a scan.</summary>
/// <param name="ScanId">The scan's identity (hash of its metadata and channels).</param>
/// <param name="Status"><see cref="ScanStore.Lodged"/> or <see cref="ScanStore.Refused"/>.</param>
/// <param name="Duplicate">True when the same scan was lodged before (nothing new was written).</param>
/// <param name="Failure">Why it was refused; null when lodged.</param>
public sealed record ScanLodgeAnswer(string ScanId, string Status, bool Duplicate, Failure? Failure, ScanMetadata? Metadata);

/// <summary>A stored scan's row (table <c>scans</c>, migration 0015).</summary>
public sealed record StoredScan(string ScanId, string Status, string? RefusalCode, string? RefusalReason, string? Mrn, string? ContainerNumber,
    string? Office, DateTimeOffset? TakenAt, int? Width, int? Height, string MetadataHash, string LowHash, string HighHash, DateTimeOffset LodgedAt, string LodgedBy);

/// <summary>A reviewer's verdict (table <c>scan_verdicts</c>): clear or inspect, reason, regions JSON, who, office, when.</summary>
public sealed record StoredVerdict(string VerdictId, string ScanId, string Verdict, string Reason, string RegionsJson, string Reviewer, string Office, DateTimeOffset DecidedAt);

/// <summary>
/// Scans lodged at this node: every received byte string stored once by SHA-256 and never altered (table
/// <c>scan_blobs</c>), one row per distinct scan (table <c>scans</c>), refused ones kept as received with their reason.
/// </summary>
public sealed class ScanStore(NodeDatabase db, TimeProvider time)
{
    public const string Lodged = "lodged";
    public const string Refused = "refused";

    /// <summary>
    /// Lodges a scan: checks it (metadata, the declaration the node holds, both channels) and stores it, lodged or refused,
    /// in one transaction. The same bytes lodged again answer the first outcome and write nothing.
    /// </summary>
    public async Task<ScanLodgeAnswer> LodgeAsync(string lodgedBy, byte[] metadata, byte[] low, byte[] high, CancellationToken ct = default)
    {
        Result<ScanMetadata> meta = ScanLodging.ReadMetadata(metadata);
        Failure? failure = meta.Failure;
        IReadOnlyList<string> chapters = [];
        if (meta.IsValid)
        {
            DeclarationDetail? declaration = await new DeclarationQueries(db).GetAsync(AccessScope.System, meta.Value.Mrn, ct);
            Result<ScanImage> image = ScanLodging.Check(meta.Value, low, high, declaration?.Declaration.Containers);
            failure = image.Failure;
            chapters = ReviewCentre.ChaptersOf(declaration?.Declaration.Items.Select(i => i.CommodityCode?.Subheading) ?? []);
        }

        string metadataHash = ScanLodging.Hash(metadata), lowHash = ScanLodging.Hash(low), highHash = ScanLodging.Hash(high);
        string id = ScanLodging.ScanId(metadata, lowHash, highHash);
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        StoredScan? existing = await FindAsync(c, work.Transaction, id, ct);
        if (existing is not null)
        {
            return new ScanLodgeAnswer(id, existing.Status, true, existing.RefusalCode is null ? null : new Failure(existing.RefusalCode, existing.RefusalReason ?? ""), meta.IsValid ? meta.Value : null);
        }

        ScanMetadata? m = meta.IsValid ? meta.Value : null;
        await StoreAsync(c, work.Transaction, id, failure, m, metadata, low, high, time.GetUtcNow(), lodgedBy, ct);
        if (failure is null)
        {
            await ReviewStore.EnqueueAsync(c, work.Transaction, id, chapters, time.GetUtcNow(), lodgedBy, ct);
        }

        await work.CommitAsync(ct);
        return new ScanLodgeAnswer(id, failure is null ? Lodged : Refused, false, failure, m);
    }

    /// <summary>Stores the three byte strings once by hash and the scan's row, lodged or refused, in the caller's transaction.</summary>
    internal static async Task StoreAsync(DbConnection c, DbTransaction tx, string id, Failure? failure, ScanMetadata? m, byte[] metadata, byte[] low, byte[] high,
        DateTimeOffset at, string lodgedBy, CancellationToken ct)
    {
        string metadataHash = ScanLodging.Hash(metadata), lowHash = ScanLodging.Hash(low), highHash = ScanLodging.Hash(high);
        string now = Text(at);
        foreach ((string hash, byte[] bytes) in new[] { (metadataHash, metadata), (lowHash, low), (highHash, high) })
        {
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO scan_blobs (hash, bytes, size_bytes, stored_at) VALUES (@hash, @bytes, @size, @now) ON CONFLICT (hash) DO NOTHING",
                new { hash, bytes, size = (long)bytes.Length, now }, tx, cancellationToken: ct));
        }

        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO scans (scan_id, status, refusal_code, refusal_reason, mrn, container_number, office, scanner, taken_at, width, height,
                metadata_hash, low_hash, high_hash, lodged_at, lodged_by)
            VALUES (@id, @status, @code, @reason, @mrn, @container, @office, @scanner, @taken, @width, @height, @metadataHash, @lowHash, @highHash, @now, @lodgedBy)
            """,
            new
            {
                id, status = failure is null ? Lodged : Refused, code = failure?.Code, reason = failure?.Reason,
                mrn = m?.Mrn, container = m?.ContainerNumber, office = m?.Office, scanner = m?.Scanner, taken = m is null ? null : Text(m.TakenAt),
                width = m?.Width, height = m?.Height, metadataHash, lowHash, highHash, now, lodgedBy,
            }, tx, cancellationToken: ct));
    }

    /// <summary>The scan, or null.</summary>
    public async Task<StoredScan?> FindAsync(string scanId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await FindAsync(c, null, scanId, ct);
    }

    /// <summary>The scans lodged for a declaration, oldest first.</summary>
    public async Task<IReadOnlyList<StoredScan>> ForMrnAsync(string mrn, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM scans WHERE mrn = @mrn ORDER BY lodged_at, scan_id", new { mrn }, cancellationToken: ct))).Select(ToRecord)];
    }

    /// <summary>A stored blob's bytes, or null.</summary>
    public async Task<byte[]?> BlobAsync(string hash, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition("SELECT bytes FROM scan_blobs WHERE hash = @hash", new { hash }, cancellationToken: ct));
    }

    /// <summary>How many blobs and scans are stored (for tests and the operator).</summary>
    public async Task<(long Blobs, long Scans, long Lodged)> CountsAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        long blobs = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM scan_blobs", cancellationToken: ct));
        long scans = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM scans", cancellationToken: ct));
        long lodged = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM scans WHERE status = 'lodged'", cancellationToken: ct));
        return (blobs, scans, lodged);
    }

    /// <summary>Records a reviewer's verdict on a lodged scan; null when there is no lodged scan with that id.</summary>
    public async Task<StoredVerdict?> AddVerdictAsync(string scanId, string verdict, string reason, string regionsJson, string reviewer, string office, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        StoredScan? scan = await FindAsync(c, work.Transaction, scanId, ct);
        if (scan is null || scan.Status != Lodged)
        {
            return null;
        }

        StoredVerdict v = await InsertVerdictAsync(c, work.Transaction, scanId, verdict, reason, regionsJson, reviewer, office, time.GetUtcNow(), ct);
        await work.CommitAsync(ct);
        return v;
    }

    /// <summary>Adds a verdict row in the caller's transaction (the review workflow's, <see cref="ReviewStore.RecordVerdictAsync"/>).</summary>
    internal static async Task<StoredVerdict> InsertVerdictAsync(DbConnection c, DbTransaction tx, string scanId, string verdict, string reason, string regionsJson, string reviewer, string office,
        DateTimeOffset at, CancellationToken ct)
    {
        string id = ScanLodging.Hash(System.Text.Encoding.UTF8.GetBytes($"{scanId}|{reviewer}|{Text(at)}|{verdict}"));
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO scan_verdicts (verdict_id, scan_id, verdict, reason, regions, reviewer, office, decided_at) VALUES (@id, @scanId, @verdict, @reason, @regionsJson, @reviewer, @office, @at)",
            new { id, scanId, verdict, reason, regionsJson, reviewer, office, at = Text(at) }, tx, cancellationToken: ct));
        return new StoredVerdict(id, scanId, verdict, reason, regionsJson, reviewer, office, at);
    }

    /// <summary>The verdicts on a scan, oldest first.</summary>
    public async Task<IReadOnlyList<StoredVerdict>> VerdictsAsync(string scanId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<(string, string, string, string, string, string, string, string)>(new CommandDefinition(
            "SELECT verdict_id, scan_id, verdict, reason, regions, reviewer, office, decided_at FROM scan_verdicts WHERE scan_id = @scanId ORDER BY decided_at, verdict_id",
            new { scanId }, cancellationToken: ct))).Select(r => new StoredVerdict(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7, Time(r.Item8)))];
    }

    /// <summary>The lodged scans, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<StoredScan>> LodgedAsync(int limit, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM scans WHERE status = 'lodged' ORDER BY lodged_at DESC, scan_id LIMIT @limit", new { limit }, cancellationToken: ct))).Select(ToRecord)];
    }

    private const string Columns = """
        scan_id AS ScanId, status AS Status, refusal_code AS RefusalCode, refusal_reason AS RefusalReason, mrn AS Mrn, container_number AS ContainerNumber,
        office AS Office, taken_at AS TakenAt, width AS Width, height AS Height, metadata_hash AS MetadataHash, low_hash AS LowHash, high_hash AS HighHash,
        lodged_at AS LodgedAt, lodged_by AS LodgedBy
        """;

    internal static async Task<StoredScan?> FindAsync(DbConnection c, DbTransaction? tx, string scanId, CancellationToken ct) =>
        (await c.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM scans WHERE scan_id = @scanId", new { scanId }, tx, cancellationToken: ct))).Select(ToRecord).FirstOrDefault();

    private static string Text(DateTimeOffset t) => StoredTime.Iso(t);

    private static DateTimeOffset Time(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static StoredScan ToRecord(Row r) => new(r.ScanId, r.Status, r.RefusalCode, r.RefusalReason, r.Mrn, r.ContainerNumber, r.Office,
        r.TakenAt is null ? null : Time(r.TakenAt), r.Width is null ? null : (int)r.Width, r.Height is null ? null : (int)r.Height,
        r.MetadataHash, r.LowHash, r.HighHash, Time(r.LodgedAt), r.LodgedBy);

    private sealed class Row
    {
        public string ScanId { get; set; } = "";
        public string Status { get; set; } = "";
        public string? RefusalCode { get; set; }
        public string? RefusalReason { get; set; }
        public string? Mrn { get; set; }
        public string? ContainerNumber { get; set; }
        public string? Office { get; set; }
        public string? TakenAt { get; set; }
        public long? Width { get; set; }
        public long? Height { get; set; }
        public string MetadataHash { get; set; } = "";
        public string LowHash { get; set; } = "";
        public string HighHash { get; set; } = "";
        public string LodgedAt { get; set; } = "";
        public string LodgedBy { get; set; } = "";
    }
}
