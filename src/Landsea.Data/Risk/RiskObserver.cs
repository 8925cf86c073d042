using System.Data.Common;
using System.Globalization;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;

namespace Landsea.Data.Risk;

/// <summary>Uniform numbers in [0, 1) for the random share; seeded in tests. Thread-safe.</summary>
public sealed class RiskRandom(int? seed = null)
{
    private readonly Random _random = seed is { } s ? new Random(s) : new Random();
    private readonly Lock _gate = new();

    public double Next()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }
}

/// <summary>
/// Scores a declaration when it is accepted (rules and the promoted model), chooses its channel under the accepting
/// office's daily budget (<see cref="OnlineSelection"/>) and stores the decision with its reasons, inside the
/// transaction that accepts the declaration. A declaration is decided once; later status changes leave it alone.
/// </summary>
public sealed class RiskObserver(ModelCache models, RiskSettings settings, RiskRandom random, CustomsNode node) : IDeclarationObserver
{
    /// <summary>
    /// Rules and model as read in one transaction: the declaration store accepts a whole batch in one transaction,
    /// and neither changes inside it, so they are read once per batch rather than once per declaration.
    /// </summary>
    private TransactionView? _perTransaction;

    public async Task OnChangedAsync(DbConnection connection, DbTransaction transaction, DeclarationDetail declaration, StatusChange change, CancellationToken ct)
    {
        if (change.Event != DeclarationEvent.Accepted || await RiskStore.DecisionAsync(connection, transaction, declaration.Summary.Mrn) is not null)
        {
            return;
        }

        RiskDecision decision = await DecideAsync(connection, transaction, declaration, change.At);
        await RiskStore.InsertDecisionAsync(connection, transaction, decision);
    }

    /// <summary>The decision for <paramref name="declaration"/> accepted at <paramref name="at"/>, not yet stored.</summary>
    public async Task<RiskDecision> DecideAsync(DbConnection c, DbTransaction tx, DeclarationDetail declaration, DateTimeOffset at)
    {
        string mrn = declaration.Summary.Mrn;
        string officeCode = declaration.Summary.OfficeCode;
        DateOnly day = Corridor.FindOffice(officeCode) is { } office
            ? office.LocalDay(at)
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(node.TimeZoneId)).DateTime);
        IReadOnlyList<RiskCase> cases = RiskCases.From(mrn, declaration.Declaration, officeCode, day);
        TransactionView? cached = _perTransaction;
        if (cached is null || !ReferenceEquals(cached.Tx, tx))
        {
            RiskRule[] all = [.. (await RiskStore.CurrentRulesAsync(c, tx)).Select(r => r.Rule)];
            (IRiskModel? promoted, string? problem) = await models.PromotedAsync(c, tx);
            cached = new TransactionView(tx, all, promoted, problem);
            _perTransaction = cached;
        }

        RiskRule[] rules = [.. cached.Rules.Where(r => r.IsActiveOn(day))];
        (IRiskModel? model, string? modelProblem) = (cached.Model, cached.Problem);

        var reasons = new List<DecisionReason>();
        if (modelProblem is not null)
        {
            reasons.Add(new("note", modelProblem));
        }

        double best = 0;
        double? bestModel = null;
        RiskCase? bestCase = null;
        Channel? forced = null;
        var seenRules = new HashSet<(string, int)>();
        foreach (RiskCase rc in cases)
        {
            double m = 0;
            if (model is not null)
            {
                try
                {
                    m = model.Score(rc);
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    reasons.Add(new("note", $"model {model.ModelId} could not score item {rc.Id}: {e.Message}"));
                }
            }

            double keep = 1 - m;
            RuleSubject subject = rc.ToRuleSubject();
            foreach (RiskRule rule in rules.Where(r => r.Matches(subject, model is null ? null : model.TypicalUnitValue)))
            {
                if (rule.FixedChannel is { } fixedChannel)
                {
                    forced = forced is { } f && f > fixedChannel ? f : fixedChannel;
                }
                else
                {
                    keep *= 1 - rule.Weight!.Value;
                }

                if (seenRules.Add((rule.Id, rule.Version)))
                {
                    string effect = rule.FixedChannel is { } fc ? $"channel {fc}" : string.Create(CultureInfo.InvariantCulture, $"weight {rule.Weight:0.###}");
                    reasons.Add(new("rule", $"{rule.Id} v{rule.Version} '{rule.Title}' by {rule.Author}: {effect} (item {rc.Id[(mrn.Length + 1)..]})"));
                }
            }

            double score = 1 - keep;
            if (bestCase is null || score > best)
            {
                (best, bestCase) = (score, rc);
                bestModel = model is null ? null : m;
            }
        }

        if (model is not null && bestCase is not null && settings.Factors > 0)
        {
            foreach (ModelReason r in model.Explain(bestCase, settings.Factors))
            {
                reasons.Add(new("model", string.Create(CultureInfo.InvariantCulture, $"{r.Text} (+{r.Contribution:0.###})")));
            }
        }

        if (cases.Count == 0)
        {
            reasons.Add(new("note", "no goods items: nothing to score"));
        }

        DayCounts today = await RiskStore.DayCountsAsync(c, tx, officeCode, day);
        (Channel channel, SelectionBasis basis, string why) = OnlineSelection.Choose(best, forced, today, settings, random.Next());
        reasons.Insert(0, new(basis switch { SelectionBasis.Random => "random", SelectionBasis.Rule => "rule", _ => "budget" }, why));
        return new RiskDecision(mrn, officeCode, day, at, channel, basis, best, bestModel, model?.ModelId, reasons);
    }

    private sealed record TransactionView(DbTransaction Tx, RiskRule[] Rules, IRiskModel? Model, string? Problem);
}

/// <summary>Keeps every inspection outcome (local or from a partner) for retraining.</summary>
public sealed class RiskOutcomeSink : IInspectionOutcomeSink
{
    public Task RecordAsync(DbConnection connection, DbTransaction transaction, InspectionOutcome outcome, CancellationToken ct) =>
        RiskStore.InsertOutcomeAsync(connection, transaction, outcome);
}

/// <summary>Records an officer's outcome: one transaction in which every registered sink (risk's own included) receives it.</summary>
public sealed class InspectionRecording(NodeDatabase db, IEnumerable<IInspectionOutcomeSink> sinks)
{
    public async Task RecordAsync(InspectionOutcome outcome, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using DbTransaction tx = await c.BeginTransactionAsync(ct);
        foreach (IInspectionOutcomeSink sink in sinks)
        {
            await sink.RecordAsync(c, tx, outcome, ct);
        }

        await tx.CommitAsync(ct);
    }
}
