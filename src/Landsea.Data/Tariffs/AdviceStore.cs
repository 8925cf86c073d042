using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Landsea.Data.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Tariffs;

namespace Landsea.Data.Tariffs;

/// <summary>The advice stored with a declaration: who asked, when, for which day's rates, and the advice per goods item.</summary>
public sealed record DeclarationAdvice(string Mrn, string AskedBy, DateTimeOffset AskedAt, DateOnly Date, IReadOnlyList<ItemAdvice> Items);

/// <summary>
/// Owner of declaration_advice (migration 0011). Callers check access (the declaration's scope) before they save or read:
/// the store is keyed by MRN only.
/// </summary>
public sealed class AdviceStore(NodeDatabase db)
{
    /// <summary>Stores the advice, replacing what was stored for the declaration before.</summary>
    public async Task SaveAsync(DeclarationAdvice advice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(advice);
        await using DbConnection c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO declaration_advice (mrn, asked_by, asked_at, advice_date, item_count, advice_json)
            VALUES (@mrn, @by, @at, @date, @count, @json)
            ON CONFLICT (mrn) DO UPDATE SET asked_by = excluded.asked_by, asked_at = excluded.asked_at,
                advice_date = excluded.advice_date, item_count = excluded.item_count, advice_json = excluded.advice_json
            """,
            new
            {
                mrn = advice.Mrn, by = advice.AskedBy, at = StoredTime.Iso(advice.AskedAt),
                date = advice.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), count = advice.Items.Count,
                json = JsonSerializer.Serialize(advice.Items, StoreJson.Options),
            }, cancellationToken: ct));
    }

    /// <summary>The stored advice for the declaration, or null.</summary>
    public async Task<DeclarationAdvice?> GetAsync(string mrn, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        Row? r = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT mrn AS Mrn, asked_by AS AskedBy, asked_at AS AskedAt, advice_date AS AdviceDate, advice_json AS Json FROM declaration_advice WHERE mrn = @mrn",
            new { mrn }, cancellationToken: ct));
        return r is null
            ? null
            : new DeclarationAdvice(r.Mrn, r.AskedBy, StoredTime.Parse(r.AskedAt), DateOnly.ParseExact(r.AdviceDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<List<ItemAdvice>>(r.Json, StoreJson.Options) ?? []);
    }

    private sealed class Row
    {
        public string Mrn { get; set; } = "";
        public string AskedBy { get; set; } = "";
        public string AskedAt { get; set; } = "";
        public string AdviceDate { get; set; } = "";
        public string Json { get; set; } = "";
    }
}
