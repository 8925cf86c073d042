using System.Data.Common;
using System.Text;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Data.Scans;
using Landsea.Data.Tests.Statistics;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Offices;
using Landsea.Risk;
using Landsea.Scans;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Scans;

/// <summary>Issue 12 item 2: the review centre's queue, assignment, timers and second review, stored (SQLite and PostgreSQL).</summary>
public abstract class ReviewStoreSuite : MigratedStoreSuite
{
    private static readonly ReviewTimers Timers = ReviewTimers.Default;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));

    /// <summary>Lodges a T-shirt declaration for a container and a simulated scan of it; returns the scan id and the MRN.</summary>
    private async Task<(string ScanId, string Mrn)> LodgeAsync(int n, string hs = "610910")
    {
        string container = ScanSimulator.ContainerOf(5000 + n);
        string json = TradeLineStoreSuite.Json($"RV-{n}", "EXA", "VN", "3", "CNY", (hs, "CN", 5000m)).TrimEnd().TrimEnd('}') + $", \"containers\": [\"{container}\"]}}";
        await using var writer = new DeclarationWriter(Db, _time, Corridor.FindNode("CNCQI")!);
        LodgeAnswer answer = await TradeLineStoreSuite.LodgeAsync(writer, json, new DateOnly(2026, 3, 2));
        SimulatedScan s = ScanSimulator.Simulate(9, n, ScanScenario.AsDeclared, 96, 64, hs);
        ScanMetadata meta = ScanMetadata.ForSimulated(s, n, "scan") with { Mrn = answer.Mrn!, ContainerNumber = container };
        ScanLodgeAnswer lodged = await new ScanStore(Db, _time).LodgeAsync("officer.px", Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(meta, ScanMetadata.Json)),
            ScanPng.Encode(s.Image.Low, 96, 64), ScanPng.Encode(s.Image.High, 96, 64));
        Assert.True(lodged.Status == ScanStore.Lodged, lodged.Failure?.Reason);
        return (lodged.ScanId, answer.Mrn!);
    }

    private async Task DecideAsync(string mrn, Channel channel, double score)
    {
        await using DbConnection c = await Db.OpenAsync();
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, _time, default);
        await RiskStore.InsertDecisionAsync(work, new RiskDecision(mrn, "CN720002", new DateOnly(2026, 3, 2), _time.GetUtcNow(), channel, SelectionBasis.Score, score, null, null, []));
        await work.CommitAsync(default);
    }

    private sealed class LaneFor(string mrn) : IScanPriority
    {
        public ValueTask<bool> IsPriorityAsync(string? m, string? container, CancellationToken ct) => ValueTask.FromResult(m == mrn);
    }

    /// <summary>The node's priority lane for the queue is the corridor's flag: a scan whose declaration covers a consignment flagged priority comes first.</summary>
    [SkippableFact]
    public async Task Queue_DeclarationOnAConsignmentFlaggedPriority_ComesFirst()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string older, _) = await LodgeAsync(11);
        _time.Advance(TimeSpan.FromMinutes(1));
        (string newer, string newerMrn) = await LodgeAsync(12);
        var corridor = new Landsea.Data.CorridorSupervision.CorridorStore(Db, _time, Landsea.CorridorSupervision.RouteBook.Shipped);
        var store = new ReviewStore(Db, _time, new CorridorScanPriority(corridor));
        Assert.Equal([older, newer], (await store.QueueAsync(Timers)).Select(e => e.Item.ScanId));

        Landsea.CorridorSupervision.Consignment consignment = Landsea.CorridorSupervision.ConsignmentRules.Check(new Landsea.CorridorSupervision.ConsignmentRequest(
            "CQ-SCAN-1", "TRDCQSCAN1", "ILSTC-RAIL-SEA", _time.GetUtcNow(), [new Landsea.CorridorSupervision.EquipmentRequest(ScanSimulator.ContainerOf(5012), ["SEAL-S1"])],
            [newerMrn], true), Landsea.CorridorSupervision.RouteBook.Shipped, "91350100M000100Y43").OrThrow();
        await corridor.AddConsignmentAsync(consignment, new Landsea.CorridorSupervision.PriorityChange("CQ-SCAN-1", true, "officer.qz", "officer", null, "medicines for a hospital", _time.GetUtcNow()));

        Assert.Equal([newer, older], (await store.QueueAsync(Timers)).Select(e => e.Item.ScanId));
    }

    [SkippableFact]
    public async Task Queue_OrderedByLaneThenRiskThenAge_AssignedByWorkloadAndSkill()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string green, string greenMrn) = await LodgeAsync(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        (string red, string redMrn) = await LodgeAsync(2);
        _time.Advance(TimeSpan.FromMinutes(1));
        (string none, _) = await LodgeAsync(3, "847130");
        await DecideAsync(greenMrn, Channel.Green, 0.1);
        await DecideAsync(redMrn, Channel.Red, 0.7);
        var store = new ReviewStore(Db, _time);

        Assert.Equal([red, green, none], (await store.QueueAsync(Timers)).Select(e => e.Item.ScanId));
        Assert.Equal([green, red, none], (await new ReviewStore(Db, _time, new LaneFor(greenMrn)).QueueAsync(Timers)).Select(e => e.Item.ScanId));

        Assert.True((await store.RegisterReviewerAsync("rev.textiles", "CN800001", "61,62", "officer.cq")).IsValid);
        Assert.True((await store.RegisterReviewerAsync("rev.any", "CN800001", "*", "officer.cq")).IsValid);
        Assert.Equal(ScanErrorCodes.SkillsInvalid, (await store.RegisterReviewerAsync("rev.bad", "CN800001", "6109", "officer.cq")).Failure!.Code);
        IReadOnlyList<(string ScanId, string Reviewer)> made = await store.AssignWaitingAsync(Timers);

        // red first: both free, the textile specialist wins the tie; green: rev.any has fewer; the machine (84) only rev.any may take.
        Assert.Equal([(red, "rev.textiles"), (green, "rev.any"), (none, "rev.any")], made);
        Assert.Equal([("rev.any", 2), ("rev.textiles", 1)], (await store.ReviewersAsync()).Select(r => (r.User, r.OpenAssignments)));
        Assert.Empty(await store.AssignWaitingAsync(Timers));
        Assert.Equal(ScanErrorCodes.NoReviewer, (await store.AssignAsync(none, "rev.textiles", "officer.cq")).Failure!.Code);
        Assert.Equal(ScanErrorCodes.ReviewerUnknown, (await store.AssignAsync(none, "rev.nobody", "officer.cq")).Failure!.Code);
        Assert.Equal("rev.textiles", (await store.AssignAsync(green, "rev.textiles", "officer.cq")).Value);
        Assert.Contains(await store.EventsAsync(green), e => e.Action == "assigned" && e.Actor == "officer.cq" && e.Detail.Contains("was rev.any", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Timers_RaiseEachAlertOnce_AlsoAfterARestart()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string scan, _) = await LodgeAsync(4);
        var store = new ReviewStore(Db, _time);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(await store.ScanAlertsAsync(Timers));
        _time.Advance(TimeSpan.FromMinutes(1));
        ReviewAlert unassigned = Assert.Single(await store.ScanAlertsAsync(Timers));
        Assert.Equal((scan, ReviewCentre.AlertUnassigned), (unassigned.ScanId, unassigned.Kind));
        Assert.Empty(await new ReviewStore(Db, _time).ScanAlertsAsync(Timers));

        await store.RegisterReviewerAsync("rev.any", "CN800001", "*", "officer.cq");
        Assert.Single(await store.AssignWaitingAsync(Timers));
        _time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Empty(await store.ScanAlertsAsync(Timers));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ReviewCentre.AlertUndecided, Assert.Single(await new ReviewStore(Db, _time).ScanAlertsAsync(Timers)).Kind);
        Assert.Empty(await store.ScanAlertsAsync(Timers));

        QueueEntry entry = Assert.Single(await store.QueueAsync(Timers));
        Assert.Equal([ReviewCentre.AlertUnassigned, ReviewCentre.AlertUndecided], entry.Alerts);
        Assert.Equal(2, (await store.EventsAsync(scan)).Count(e => e.Action == "alert" && e.Actor == ReviewStore.System));
    }

    [SkippableFact]
    public async Task Verdict_DisagreeingWithTheMachine_SecondReviewByAnother_Decides_EveryActionRecorded()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string scan, _) = await LodgeAsync(5);
        (string agreed, _) = await LodgeAsync(6);
        var store = new ReviewStore(Db, _time);
        await store.RegisterReviewerAsync("rev.a", "CN800001", "61", "officer.cq");
        await store.RegisterReviewerAsync("rev.b", "CN800001", "*", "officer.cq");

        VerdictRecorded ok = (await store.RecordVerdictAsync(agreed, "clear", "as declared", "[]", "rev.a", "CN800001", machineAlarm: false)).Value;
        Assert.True(ok.Effect.Decided);

        _time.Advance(TimeSpan.FromMinutes(3));
        VerdictRecorded first = (await store.RecordVerdictAsync(scan, "clear", "looks like T-shirts", "[]", "rev.a", "CN800001", machineAlarm: true)).Value;
        Assert.False(first.Effect.Decided);
        Assert.Equal("rev.b", first.SecondReviewer);
        Assert.Equal((ReviewStage.SecondAssigned, "rev.a", "rev.b"), ((await store.StateAsync(scan))!.Stage, (await store.StateAsync(scan))!.FirstReviewer, (await store.StateAsync(scan))!.AssignedTo));

        var again = await store.RecordVerdictAsync(scan, "clear", "still fine", "[]", "rev.a", "CN800001", machineAlarm: true);
        Assert.Equal(ScanErrorCodes.SameReviewer, again.Failure!.Code);
        Assert.Single(await new ScanStore(Db, _time).VerdictsAsync(scan));

        _time.Advance(TimeSpan.FromMinutes(10));
        VerdictRecorded second = (await store.RecordVerdictAsync(scan, "inspect", "dense block behind the cartons", """[{"x":10,"y":5,"width":20,"height":9,"note":"block"}]""", "rev.b", "CN800001", machineAlarm: true)).Value;
        Assert.True(second.Effect.Decided);
        ReviewState decided = (await store.StateAsync(scan))!;
        Assert.Equal((ReviewStage.Decided, second.Verdict.VerdictId, first.Verdict.VerdictId), (decided.Stage, decided.DecidedVerdictId, decided.FirstVerdictId));
        Assert.Equal(ScanErrorCodes.ReviewClosed, (await store.RecordVerdictAsync(scan, "clear", "late", "[]", "rev.c", "CN800001", false)).Failure!.Code);
        Assert.Empty(await store.QueueAsync(Timers));

        IReadOnlyList<ReviewEvent> events = await store.EventsAsync(scan);
        Assert.Equal(["queued", "verdict", "second-review-requested", "assigned", "verdict", "decided"], events.Select(e => e.Action));
        Assert.Equal(["officer.px", "rev.a", "system", "system", "rev.b", "rev.b"], events.Select(e => e.Actor));
        Assert.Equal(_time.GetUtcNow(), events[^1].At);

        // The deciding verdict is on the timeline of a consignment carrying the container, at the office that scanned it.
        var timeline = new ScanVerdictTimeline(Db);
        StoredScan stored = (await new ScanStore(Db, _time).FindAsync(scan))!;
        var consignment = new Landsea.CorridorSupervision.Consignment("C-5", "TDC5", "ILSTC-RAIL-SEA", _time.GetUtcNow().AddDays(-1),
            [new Landsea.CorridorSupervision.Equipment(ScanSimulator.ContainerOf(5005), [])], [], false, "trader.b");
        Landsea.CorridorSupervision.TimelineEntry entry = Assert.Single(await timeline.EntriesAsync(consignment, default));
        Assert.Equal(("scan verdict", stored.Office, _time.GetUtcNow()), (entry.Kind, entry.OfficeCode, entry.At));
        Assert.Contains("inspect physically, by rev.b", entry.Text, StringComparison.Ordinal);
        Assert.Empty(await timeline.EntriesAsync(consignment with { Equipment = [new Landsea.CorridorSupervision.Equipment(ScanSimulator.ContainerOf(77), [])] }, default));
    }
}

public sealed class SqliteReviewStoreTests : ReviewStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteReviewStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresReviewStoreTests : ReviewStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("scanreview");
}
