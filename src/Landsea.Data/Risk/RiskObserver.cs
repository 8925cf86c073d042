using System.Data.Common;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Risk;

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
/// When a declaration is accepted, reads what its decision needs (current rules, the promoted model, the office's
/// counts of the day) inside the transaction that accepts it, lets <see cref="RiskAssessment.Decide"/> decide, and
/// stores the decision with its reasons. A declaration is decided once; later status changes leave it alone.
/// </summary>
public sealed class RiskObserver(ModelCache models, RiskSettings settings, RiskRandom random, CustomsNode node) : IDeclarationObserver
{
    /// <summary>
    /// Rules and model as read in one transaction: the declaration store accepts a whole batch in one transaction,
    /// and neither changes inside it, so they are read once per batch rather than once per declaration.
    /// </summary>
    private TransactionView? _perTransaction;

    public async Task OnChangedAsync(UnitOfWork work, DeclarationDetail declaration, StatusChange change, CancellationToken ct)
    {
        if (change.Event != DeclarationEvent.Accepted || await RiskStore.DecisionAsync(work, declaration.Summary.Mrn) is not null)
        {
            return;
        }

        RiskDecision decision = await DecideAsync(work, declaration, change.At);
        await RiskStore.InsertDecisionAsync(work, decision);
    }

    /// <summary>The decision for <paramref name="declaration"/> accepted at <paramref name="at"/>, not yet stored.</summary>
    public async Task<RiskDecision> DecideAsync(UnitOfWork work, DeclarationDetail declaration, DateTimeOffset at)
    {
        string mrn = declaration.Summary.Mrn;
        string officeCode = declaration.Summary.OfficeCode;
        DateOnly day = Corridor.FindOffice(officeCode) is { } office
            ? office.LocalDay(at)
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(node.TimeZoneId)).DateTime);
        IReadOnlyList<RiskCase> cases = RiskCases.From(mrn, declaration.Declaration, officeCode, day);
        TransactionView? cached = _perTransaction;
        if (cached is null || !ReferenceEquals(cached.Work.Transaction, work.Transaction))
        {
            RiskRule[] all = [.. (await RiskStore.CurrentRulesAsync(work)).Select(r => r.Rule)];
            (IRiskModel? promoted, string? problem) = await models.PromotedAsync(work);
            cached = new TransactionView(work, all, promoted, problem);
            _perTransaction = cached;
        }

        DayCounts today = await RiskStore.DayCountsAsync(work, officeCode, day);
        return RiskAssessment.Decide(mrn, officeCode, day, at, cases, cached.Rules, cached.Model, cached.Problem, today, settings, random.Next());
    }

    private sealed record TransactionView(UnitOfWork Work, RiskRule[] Rules, IRiskModel? Model, string? Problem);
}

/// <summary>Keeps every inspection outcome (local or from a partner) for retraining.</summary>
public sealed class RiskOutcomeSink : IInspectionOutcomeSink
{
    public Task RecordAsync(UnitOfWork work, InspectionOutcome outcome, CancellationToken ct) =>
        RiskStore.InsertOutcomeAsync(work, outcome);
}

/// <summary>The channel and outcomes of a declaration, for the release decision (<see cref="Release"/>).</summary>
public sealed class RiskControlState : IControlStateSource
{
    public async Task<ControlState> StateAsync(UnitOfWork work, string mrn, CancellationToken ct)
    {
        RiskDecision? decision = await RiskStore.DecisionAsync(work, mrn);
        return new ControlState(decision?.Channel, decision is null ? 0 : await RiskStore.OutcomeCountAsync(work, mrn));
    }
}

/// <summary>
/// Records an officer's outcome: one transaction, on the node's clock <paramref name="time"/>, in which every registered sink
/// (risk's own included) receives it.
/// </summary>
public sealed class InspectionRecording(NodeDatabase db, TimeProvider time, IEnumerable<IInspectionOutcomeSink> sinks)
{
    public async Task RecordAsync(InspectionOutcome outcome, CancellationToken ct = default)
    {
        await using DbConnection c = await db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct);
        foreach (IInspectionOutcomeSink sink in sinks)
        {
            await sink.RecordAsync(work, outcome, ct);
        }

        await work.CommitAsync(ct);
    }
}
