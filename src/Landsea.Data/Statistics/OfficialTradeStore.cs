using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Statistics;

namespace Landsea.Data.Statistics;

/// <summary>
/// The published aggregates (table <c>official_trade</c>, migration 0010_statistics). <see cref="LoadAsync"/> replaces the
/// rows a file names in one transaction; the caller has already refused a bad file as a whole (<see cref="OfficialTradeFile"/>),
/// so nothing is half-loaded.
/// </summary>
public sealed class OfficialTradeStore(NodeDatabase db, TimeProvider time)
{
    /// <summary>Stores the rows (insert or replace by region, year and period); returns how many were written.</summary>
    public async Task<int> LoadAsync(IReadOnlyList<OfficialTradeRow> rows, string sourceFile, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        string at = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        foreach (OfficialTradeRow r in rows)
        {
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM official_trade WHERE region = @Region AND year = @Year AND period = @Period",
                new { r.Region, r.Year, r.Period }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO official_trade (region, region_zh, year, period, total_bn, exports_bn, imports_bn, total_yoy_pct, exports_yoy_pct,
                    imports_yoy_pct, value_status, source_url, source_note, source_file, loaded_at)
                VALUES (@Region, @RegionZh, @Year, @Period, @TotalBn, @ExportsBn, @ImportsBn, @TotalYoy, @ExportsYoy, @ImportsYoy, @Status,
                    @SourceUrl, @SourceNote, @SourceFile, @At)
                """,
                new
                {
                    r.Region, r.RegionZh, r.Year, r.Period,
                    TotalBn = Text(r.TotalBn), ExportsBn = Text(r.ExportsBn), ImportsBn = Text(r.ImportsBn),
                    TotalYoy = Text(r.TotalYoyPct), ExportsYoy = Text(r.ExportsYoyPct), ImportsYoy = Text(r.ImportsYoyPct),
                    r.Status, r.SourceUrl, r.SourceNote, SourceFile = sourceFile, At = at,
                }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>Every stored aggregate row (a few hundred at most: regions by years by periods).</summary>
    public async Task<IReadOnlyList<OfficialTradeRow>> AllAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<Stored> rows = await c.QueryAsync<Stored>(new CommandDefinition(
            """
            SELECT region AS Region, region_zh AS RegionZh, year AS Year, period AS Period, total_bn AS TotalBn, exports_bn AS ExportsBn,
                imports_bn AS ImportsBn, total_yoy_pct AS TotalYoy, exports_yoy_pct AS ExportsYoy, imports_yoy_pct AS ImportsYoy,
                value_status AS Status, source_url AS SourceUrl, source_note AS SourceNote
            FROM official_trade ORDER BY year, region, period
            """, cancellationToken: ct));
        return [.. rows.Select(s => new OfficialTradeRow(s.Region, s.RegionZh, (int)s.Year, s.Period, Number(s.TotalBn), Number(s.ExportsBn), Number(s.ImportsBn),
            Number(s.TotalYoy), Number(s.ExportsYoy), Number(s.ImportsYoy), s.Status, s.SourceUrl, s.SourceNote))];
    }

    private static string? Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Number(string? s) => s is null ? null : decimal.Parse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private sealed class Stored
    {
        public string Region { get; set; } = "";
        public string? RegionZh { get; set; }
        public long Year { get; set; }
        public string Period { get; set; } = "";
        public string? TotalBn { get; set; }
        public string? ExportsBn { get; set; }
        public string? ImportsBn { get; set; }
        public string? TotalYoy { get; set; }
        public string? ExportsYoy { get; set; }
        public string? ImportsYoy { get; set; }
        public string Status { get; set; } = "";
        public string? SourceUrl { get; set; }
        public string? SourceNote { get; set; }
    }
}
