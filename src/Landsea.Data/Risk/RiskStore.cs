using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Risk;

namespace Landsea.Data.Risk;

/// <summary>A stored version of a rule, with when it was saved.</summary>
public sealed record StoredRule(RiskRule Rule, DateTimeOffset SavedAt);

/// <summary>A model in the registry. <see cref="Promoted"/> is true for the one the node scores with.</summary>
public sealed record ModelEntry(string ModelId, DateTimeOffset CreatedAt, string CreatedBy, int Cases, int Irregular, bool Promoted, JsonElement Manifest);

/// <summary>A promotion or roll-back, in order.</summary>
public sealed record ModelEvent(long Id, string? ModelId, string Action, DateTimeOffset At, string Actor);

/// <summary>
/// Risk tables: versioned rules, decisions, inspection outcomes, model registry. Methods taking a <see cref="UnitOfWork"/>
/// read and write inside the caller's transaction (the declaration store's, or an outcome recording's).
/// </summary>
public sealed class RiskStore(NodeDatabase db)
{
    public NodeDatabase Database => db;

    // ---- rules ----

    /// <summary>The latest version of every rule, by id.</summary>
    public static Task<IReadOnlyList<StoredRule>> CurrentRulesAsync(UnitOfWork work) => CurrentRulesAsync(work.Connection, work);

    public async Task<IReadOnlyList<StoredRule>> CurrentRulesAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await CurrentRulesAsync(c, null);
    }

    private static async Task<IReadOnlyList<StoredRule>> CurrentRulesAsync(DbConnection c, UnitOfWork? work)
    {
        IEnumerable<RuleRow> rows = await c.QueryAsync<RuleRow>(
            "SELECT rule_json, saved_at FROM risk_rules r WHERE version = (SELECT MAX(version) FROM risk_rules x WHERE x.rule_id = r.rule_id) ORDER BY rule_id", transaction: work?.Transaction);
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>Every version of one rule, oldest first; empty when the id is unknown.</summary>
    public async Task<IReadOnlyList<StoredRule>> RuleVersionsAsync(string ruleId, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<RuleRow> rows = await c.QueryAsync<RuleRow>("SELECT rule_json, saved_at FROM risk_rules WHERE rule_id = @ruleId ORDER BY version", new { ruleId });
        return [.. rows.Select(r => r.ToStored())];
    }

    /// <summary>
    /// Stores <paramref name="rule"/> as the next version of its id (1 for a new id); the version in the input is
    /// ignored. The caller has validated the rule.
    /// </summary>
    public async Task<StoredRule> SaveRuleAsync(RiskRule rule, DateTimeOffset at, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        long latest = await c.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM risk_rules WHERE rule_id = @id", new { id = rule.Id }, tx) ?? 0;
        RiskRule saved = rule with { Version = checked((int)latest + 1) };
        await c.ExecuteAsync(
            "INSERT INTO risk_rules (rule_id, version, title, author, valid_from, valid_to, rule_json, saved_at) VALUES (@Id, @Version, @Title, @Author, @from, @to, @json, @at)",
            new { saved.Id, saved.Version, saved.Title, saved.Author, from = Day(saved.ValidFrom), to = saved.ValidTo is { } t ? Day(t) : null, json = RuleSetJson.Serialize(saved), at = Iso(at) }, tx);
        await tx.CommitAsync(ct);
        return new StoredRule(saved, at);
    }

    // ---- decisions ----

    public static Task<RiskDecision?> DecisionAsync(UnitOfWork work, string mrn) => DecisionAsync(work.Connection, work, mrn);

    private static async Task<RiskDecision?> DecisionAsync(DbConnection c, UnitOfWork? work, string mrn)
    {
        DecisionRow? row = await c.QuerySingleOrDefaultAsync<DecisionRow>("SELECT * FROM risk_decisions WHERE mrn = @mrn", new { mrn }, work?.Transaction);
        return row?.ToDecision();
    }

    public async Task<RiskDecision?> DecisionAsync(string mrn, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await DecisionAsync(c, null, mrn);
    }

    /// <summary>What <paramref name="officeCode"/> decided so far on <paramref name="day"/>.</summary>
    public static async Task<DayCounts> DayCountsAsync(UnitOfWork work, string officeCode, DateOnly day)
    {
        CountRow? row = await work.Connection.QuerySingleOrDefaultAsync<CountRow>(
            "SELECT decided, red, random, yellow FROM risk_day_counts WHERE office_code = @officeCode AND local_day = @day",
            new { officeCode, day = Day(day) }, work.Transaction);
        return row is null ? new DayCounts(0, 0, 0, 0) : new DayCounts((int)row.decided, (int)row.red, (int)row.yellow, (int)row.random);
    }

    /// <summary>Stores a decision and counts it in its office's day, in the caller's transaction.</summary>
    public static async Task InsertDecisionAsync(UnitOfWork work, RiskDecision d)
    {
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO risk_decisions (mrn, office_code, local_day, decided_at, channel, basis, score, model_score, model_id, reasons_json)
            VALUES (@Mrn, @OfficeCode, @day, @at, @channel, @basis, @Score, @ModelScore, @ModelId, @reasons)
            """,
            new
            {
                d.Mrn, d.OfficeCode, day = Day(d.Day), at = Iso(d.DecidedAt), channel = d.Channel.ToString(), basis = d.Basis.ToString(), d.Score, d.ModelScore, d.ModelId,
                reasons = JsonSerializer.Serialize(d.Reasons, StoreJson.Options),
            }, work.Transaction);
        bool byScore = d.Basis.ToString() == "Score";
        await work.Connection.ExecuteAsync(
            """
            INSERT INTO risk_day_counts (office_code, local_day, decided, red, random, yellow) VALUES (@OfficeCode, @day, 1, @red, @random, @yellow)
            ON CONFLICT (office_code, local_day) DO UPDATE SET decided = risk_day_counts.decided + 1, red = risk_day_counts.red + @red,
                random = risk_day_counts.random + @random, yellow = risk_day_counts.yellow + @yellow
            """,
            new
            {
                d.OfficeCode, day = Day(d.Day),
                red = byScore && d.Channel.ToString() == "Red" ? 1 : 0,
                random = d.Basis.ToString() == "Random" ? 1 : 0,
                yellow = byScore && d.Channel.ToString() == "Yellow" ? 1 : 0,
            }, work.Transaction);
    }

    // ---- outcomes ----

    public static async Task InsertOutcomeAsync(UnitOfWork work, InspectionOutcome o) =>
        await work.Connection.ExecuteAsync(
            "INSERT INTO risk_outcomes (mrn, found, what, source, from_partner, at, recorded_by) VALUES (@Mrn, @found, @What, @Source, @partner, @at, @RecordedBy)",
            new { o.Mrn, found = o.Found ? 1 : 0, o.What, o.Source, partner = o.FromPartner ? 1 : 0, at = Iso(o.At), o.RecordedBy }, work.Transaction);

    /// <summary>How many outcomes one declaration has, in the caller's transaction.</summary>
    public static async Task<int> OutcomeCountAsync(UnitOfWork work, string mrn) =>
        (int)await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM risk_outcomes WHERE mrn = @mrn", new { mrn }, work.Transaction);

    /// <summary>Outcomes of one declaration, oldest first.</summary>
    public async Task<IReadOnlyList<InspectionOutcome>> OutcomesAsync(string mrn, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<OutcomeRow> rows = await c.QueryAsync<OutcomeRow>("SELECT * FROM risk_outcomes WHERE mrn = @mrn ORDER BY id", new { mrn });
        return [.. rows.Select(r => r.ToOutcome())];
    }

    /// <summary>
    /// Every declaration of this node with at least one outcome (only controlled declarations teach the model),
    /// as cases labelled irregular when any outcome found something. Declarations without an outcome are left out.
    /// </summary>
    public async Task<IReadOnlyList<LabelledCase>> TrainingCasesAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        IEnumerable<TrainingRow> rows = await c.QueryAsync<TrainingRow>(
            """
            SELECT d.mrn, d.office_code, d.lodged_at, d.model_json, rd.local_day, MAX(o.found) AS found
            FROM declarations d JOIN risk_outcomes o ON o.mrn = d.mrn LEFT JOIN risk_decisions rd ON rd.mrn = d.mrn
            GROUP BY d.mrn, d.office_code, d.lodged_at, d.model_json, rd.local_day
            ORDER BY d.mrn
            """);
        var cases = new List<LabelledCase>();
        foreach (TrainingRow r in rows)
        {
            Declaration d = JsonSerializer.Deserialize<Declaration>(r.model_json, StoreJson.Options)!;
            DateOnly day = r.local_day is { } ld ? DateOnly.ParseExact(ld, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(StoredTime.Parse(r.lodged_at).UtcDateTime);
            cases.AddRange(RiskCases.From(r.mrn, d, r.office_code, day).Select(x => new LabelledCase(x, r.found > 0)));
        }

        return cases;
    }

    // ---- models ----

    public async Task AddModelAsync(TrainedModel model, DateTimeOffset at, string actor, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO risk_models (model_id, created_at, created_by, cases, irregular, manifest_json, bytes)
            SELECT @ModelId, @at, @actor, @Cases, @Irregular, @ManifestJson, @Bytes WHERE NOT EXISTS (SELECT 1 FROM risk_models WHERE model_id = @ModelId)
            """,
            new { model.ModelId, at = Iso(at), actor, model.Cases, model.Irregular, model.ManifestJson, model.Bytes });
    }

    public async Task<IReadOnlyList<ModelEntry>> ModelsAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        string? promoted = await PromotedModelIdAsync(c, null);
        IEnumerable<ModelRow> rows = await c.QueryAsync<ModelRow>("SELECT model_id, created_at, created_by, cases, irregular, manifest_json FROM risk_models ORDER BY created_at, model_id");
        return [.. rows.Select(r => new ModelEntry(r.model_id, Instant(r.created_at), r.created_by, (int)r.cases, (int)r.irregular, r.model_id == promoted, JsonDocument.Parse(r.manifest_json).RootElement.Clone()))];
    }

    public static async Task<byte[]?> ModelBytesAsync(UnitOfWork work, string modelId) =>
        await work.Connection.QuerySingleOrDefaultAsync<byte[]>("SELECT bytes FROM risk_models WHERE model_id = @modelId", new { modelId }, work.Transaction);

    public async Task<IReadOnlyList<ModelEvent>> ModelEventsAsync(CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        return await EventsAsync(c, null);
    }

    /// <summary>
    /// The model the node scores with: promotions push onto a stack and roll-backs pop it, so a roll-back returns to
    /// the model promoted before. Null when nothing is promoted (rules only).
    /// </summary>
    public static Task<string?> PromotedModelIdAsync(UnitOfWork work) => PromotedModelIdAsync(work.Connection, work.Transaction);

    private static async Task<string?> PromotedModelIdAsync(DbConnection c, DbTransaction? tx)
    {
        var stack = new Stack<string>();
        foreach (ModelEvent e in await EventsAsync(c, tx))
        {
            if (e.Action == "promote" && e.ModelId is not null)
            {
                stack.Push(e.ModelId);
            }
            else if (e.Action == "rollback" && stack.Count > 0)
            {
                stack.Pop();
            }
        }

        return stack.Count > 0 ? stack.Peek() : null;
    }

    /// <summary>Promotes a registered model; false when the id is unknown.</summary>
    public async Task<bool> PromoteAsync(string modelId, DateTimeOffset at, string actor, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM risk_models WHERE model_id = @modelId", new { modelId }, tx) == 0)
        {
            return false;
        }

        await c.ExecuteAsync("INSERT INTO risk_model_events (model_id, action, at, actor) VALUES (@modelId, 'promote', @at, @actor)", new { modelId, at = Iso(at), actor }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Returns to the model promoted before the current one (or to rules only); the new current id, or a failure when nothing is promoted.</summary>
    public async Task<(bool RolledBack, string? Current)> RollBackAsync(DateTimeOffset at, string actor, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        string? current = await PromotedModelIdAsync(c, tx);
        if (current is null)
        {
            return (false, null);
        }

        await c.ExecuteAsync("INSERT INTO risk_model_events (model_id, action, at, actor) VALUES (@current, 'rollback', @at, @actor)", new { current, at = Iso(at), actor }, tx);
        string? now = await PromotedModelIdAsync(c, tx);
        await tx.CommitAsync(ct);
        return (true, now);
    }

    private static async Task<IReadOnlyList<ModelEvent>> EventsAsync(DbConnection c, DbTransaction? tx)
    {
        IEnumerable<EventRow> rows = await c.QueryAsync<EventRow>("SELECT id, model_id, action, at, actor FROM risk_model_events ORDER BY id", transaction: tx);
        return [.. rows.Select(r => new ModelEvent(r.id, r.model_id, r.action, Instant(r.at), r.actor))];
    }

    internal static string Iso(DateTimeOffset at) => StoredTime.Iso(at);

    private static DateTimeOffset Instant(string text) => StoredTime.Parse(text);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

#pragma warning disable IDE1006, CA1812 // Dapper row types: column names as in SQL; instantiated by Dapper.
    private sealed class RuleRow
    {
        public string rule_json { get; set; } = "";
        public string saved_at { get; set; } = "";

        public StoredRule ToStored() => new(JsonSerializer.Deserialize<RiskRule>(rule_json, RuleSetJson.Options)!, Instant(saved_at));
    }

    private sealed class CountRow
    {
        public long decided { get; set; }
        public long red { get; set; }
        public long yellow { get; set; }
        public long random { get; set; }
    }

    private sealed class DecisionRow
    {
        public string mrn { get; set; } = "";
        public string office_code { get; set; } = "";
        public string local_day { get; set; } = "";
        public string decided_at { get; set; } = "";
        public string channel { get; set; } = "";
        public string basis { get; set; } = "";
        public double score { get; set; }
        public double? model_score { get; set; }
        public string? model_id { get; set; }
        public string reasons_json { get; set; } = "";

        public RiskDecision ToDecision() => new(mrn, office_code, DateOnly.ParseExact(local_day, "yyyy-MM-dd", CultureInfo.InvariantCulture), Instant(decided_at),
            Enum.Parse<Channel>(channel), Enum.Parse<SelectionBasis>(basis), score, model_score, model_id,
            JsonSerializer.Deserialize<List<DecisionReason>>(reasons_json, StoreJson.Options) ?? []);
    }

    private sealed class OutcomeRow
    {
        public long id { get; set; }
        public string mrn { get; set; } = "";
        public long found { get; set; }
        public string? what { get; set; }
        public string source { get; set; } = "";
        public long from_partner { get; set; }
        public string at { get; set; } = "";
        public string recorded_by { get; set; } = "";

        public InspectionOutcome ToOutcome() => new(mrn, found != 0, what, source, from_partner != 0, Instant(at), recorded_by);
    }

    private sealed class TrainingRow
    {
        public string mrn { get; set; } = "";
        public string office_code { get; set; } = "";
        public string lodged_at { get; set; } = "";
        public string model_json { get; set; } = "";
        public string? local_day { get; set; }
        public long found { get; set; }
    }

    private sealed class ModelRow
    {
        public string model_id { get; set; } = "";
        public string created_at { get; set; } = "";
        public string created_by { get; set; } = "";
        public long cases { get; set; }
        public long irregular { get; set; }
        public string manifest_json { get; set; } = "";
    }

    private sealed class EventRow
    {
        public long id { get; set; }
        public string? model_id { get; set; }
        public string action { get; set; } = "";
        public string at { get; set; } = "";
        public string actor { get; set; } = "";
    }
#pragma warning restore IDE1006, CA1812
}
