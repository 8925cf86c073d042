using System.Data.Common;
using System.Globalization;
using Dapper;
using Landsea.Exchange.Storage;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Data.Tariffs;

/// <summary>What one load stored.</summary>
public sealed record TariffLoad(string LoadId, string FileName, string FileSha256, int LineCount, DateTimeOffset LoadedAt);

/// <summary>
/// Owner of tariff_lines and tariff_loads (migration 0008). A load stores all lines of a checked file in one transaction:
/// a line with the same importer, agreement, schedule, tariff line and effective date replaces the stored one.
/// </summary>
public sealed class TariffStore(NodeDatabase db, TimeProvider time)
{
    public async Task<TariffLoad> LoadAsync(string fileName, string fileSha256, IReadOnlyList<TariffLine> lines, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        var load = new TariffLoad(Guid.NewGuid().ToString("N"), fileName, fileSha256, lines.Count, time.GetUtcNow());
        await c.ExecuteAsync(
            "INSERT INTO tariff_loads (load_id, file_name, file_sha256, line_count, loaded_at) VALUES (@LoadId, @FileName, @FileSha256, @LineCount, @at)",
            new { load.LoadId, load.FileName, load.FileSha256, load.LineCount, at = StoredTime.Iso(load.LoadedAt) }, work.Transaction);
        foreach (TariffLine l in lines)
        {
            await c.ExecuteAsync(
                """
                INSERT INTO tariff_lines (importer, agreement, schedule, hs_edition, tariff_line, rate_kind, ad_valorem_percent,
                    specific_amount, specific_currency, specific_unit, effective_from, sample, source, load_id)
                VALUES (@importer, @agreement, @schedule, @edition, @line, @kind, @percent, @amount, @currency, @unit, @from, @sample, @source, @loadId)
                ON CONFLICT (importer, agreement, schedule, tariff_line, effective_from) DO UPDATE SET
                    hs_edition = excluded.hs_edition, rate_kind = excluded.rate_kind, ad_valorem_percent = excluded.ad_valorem_percent,
                    specific_amount = excluded.specific_amount, specific_currency = excluded.specific_currency,
                    specific_unit = excluded.specific_unit, sample = excluded.sample, source = excluded.source, load_id = excluded.load_id
                """,
                new
                {
                    importer = l.Importer.Value, agreement = l.Agreement, schedule = l.Schedule, edition = l.HsEdition, line = l.TariffCode.Digits,
                    kind = l.Rate.Kind.ToString(), percent = Text(l.Rate.AdValoremPercent), amount = Text(l.Rate.SpecificAmount),
                    currency = l.Rate.SpecificCurrency?.Value, unit = l.Rate.SpecificUnit, from = l.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    sample = l.Sample ? 1 : 0, source = l.Source, loadId = load.LoadId,
                }, work.Transaction);
        }

        await work.CommitAsync(ct);
        return load;
    }

    /// <summary>All stored lines, as a book for duty questions.</summary>
    public async Task<TariffBook> BookAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<Row> rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT importer AS Importer, agreement AS Agreement, schedule AS Schedule, hs_edition AS HsEdition, tariff_line AS TariffLine,
                rate_kind AS RateKind, ad_valorem_percent AS Percent, specific_amount AS Amount, specific_currency AS Currency,
                specific_unit AS Unit, effective_from AS EffectiveFrom, sample AS Sample, source AS Source
            FROM tariff_lines
            """, cancellationToken: ct));
        return new TariffBook(rows.Select(r => new TariffLine(
            CountryCode.Parse(r.Importer).OrThrow(), r.Agreement, r.Schedule, (int)r.HsEdition, HsCode.Parse(r.TariffLine).OrThrow(),
            new TariffRate(Enum.Parse<RateKind>(r.RateKind), Number(r.Percent), Number(r.Amount),
                r.Currency is null ? null : CurrencyCode.Parse(r.Currency).OrThrow(), r.Unit),
            DateOnly.ParseExact(r.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Sample != 0, r.Source)));
    }

    private static string? Text(decimal? d) => d?.ToString(CultureInfo.InvariantCulture);

    private static decimal? Number(string? s) => s is null ? null : decimal.Parse(s, CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public string Importer { get; set; } = "";
        public string Agreement { get; set; } = "";
        public string Schedule { get; set; } = "";
        public long HsEdition { get; set; }
        public string TariffLine { get; set; } = "";
        public string RateKind { get; set; } = "";
        public string? Percent { get; set; }
        public string? Amount { get; set; }
        public string? Currency { get; set; }
        public string? Unit { get; set; }
        public string EffectiveFrom { get; set; } = "";
        public long Sample { get; set; }
        public string Source { get; set; } = "";
    }
}
