using System.Text;
using Landsea.CorridorSupervision;
using Landsea.Data.Access;
using Landsea.Data.CorridorSupervision;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Declarations;
using Landsea.Exchange.Storage;
using Landsea.Risk;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.CorridorSupervision;

/// <summary>
/// Issue 11 item 7 on SQLite and PostgreSQL: lane changes are recorded with who, why and when and never silently;
/// "is this MRN or container on a priority consignment"; pre-clearance on pre-arrival data from the declarations and
/// risk tables; clearance samples per lane; the officers' work queue puts open priority declarations first.
/// </summary>
public abstract class PriorityLaneStoreSuite : MigratedStoreSuite
{
    private const string Trader = "91350100M000100Y43";

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Authorised = [Trader];

    /// <summary>A well-formed MRN the node does not hold.</summary>
    private static readonly string Unknown = "26CN000000000099A" + Landsea.Shared.Iso6346.CheckDigit("26CN000000000099A").ToString(System.Globalization.CultureInfo.InvariantCulture);

    private FakeTimeProvider Clock { get; } = new(Start);

    private CorridorStore Store => new(Db, Clock, RouteBook.Shipped);

    private static PriorityActor Officer => new("officer.qz", true, null);

    private static Consignment Declared(string id, IReadOnlyList<string> mrns, bool priority = false, string box = "CSQU3054383") => ConsignmentRules.Check(new ConsignmentRequest(
        id, "TRD" + id.Replace("-", "", StringComparison.Ordinal), "ILSTC-RAIL-SEA", Start,
        [new EquipmentRequest(box, ["SEAL-" + id])], mrns, priority), RouteBook.Shipped, Trader).OrThrow();

    private PriorityChange Flag(string id) => new(id, true, "officer.qz", "officer", null, "vaccines for a hospital", Clock.GetUtcNow());

    /// <summary>Lodges an accepted export declaration at CN800001 and stores its risk channel; returns its MRN.</summary>
    private async Task<string> LodgeAsync(string reference, Channel? channel)
    {
        await using var writer = new DeclarationWriter(Db, Clock, Landsea.Offices.Corridor.FindNode("CNCQI")!);
        byte[] bytes = Encoding.UTF8.GetBytes(DeclarationStoreSuite.Json(reference, Trader));
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, new DateOnly(2026, 12, 1));
        LodgeAnswer answer = await writer.LodgeAsync(new Submission(bytes, format, check, new AccessScope("trader.a", Role.Trader, TraderId: Trader), "CN800001"));
        Assert.Equal(LodgeAnswer.Accepted, answer.Outcome);
        if (channel is { } ch)
        {
            await using System.Data.Common.DbConnection conn = await Db.OpenAsync();
            await using UnitOfWork work = await UnitOfWork.BeginAsync(conn, Clock, default);
            await RiskStore.InsertDecisionAsync(work, new RiskDecision(answer.Mrn!, "CN800001", new DateOnly(2026, 12, 1), Clock.GetUtcNow(), ch, SelectionBasis.Score, 0.1, null, null, []));
            await work.CommitAsync(default);
        }

        return answer.Mrn!;
    }

    [SkippableFact]
    public async Task Lane_FlaggedAndUnflagged_WithWhoWhyWhen_NeverSilently_AndAskedByMrnOrContainer()
    {
        Skip.If(Unavailable is not null, Unavailable);
        string mrn = await LodgeAsync("LRN-P1", Channel.Green);
        await Store.AddConsignmentAsync(Declared("CQ-P1", [mrn]));
        Assert.False(await Store.IsPriorityAsync(mrn));

        Clock.Advance(TimeSpan.FromMinutes(5));
        var trader = new PriorityActor("trader.a", false, Trader);
        Assert.Equal(CorridorErrorCodes.PriorityReason, (await Store.ChangePriorityAsync("CQ-P1", true, trader, " ", Authorised)).Failure?.Code);
        Assert.Equal(CorridorErrorCodes.PriorityNotAuthorised, (await Store.ChangePriorityAsync("CQ-P1", true, trader, "urgent", [])).Failure?.Code);
        Assert.Empty(await Store.PriorityHistoryAsync("CQ-P1"));

        Assert.True((await Store.ChangePriorityAsync("CQ-P1", true, trader, "insulin for Singapore General", Authorised)).IsValid);
        Assert.Equal(CorridorErrorCodes.PriorityUnchanged, (await Store.ChangePriorityAsync("CQ-P1", true, Officer, "again", Authorised)).Failure?.Code);
        Assert.True(await Store.IsPriorityAsync(mrn));
        Assert.True(await Store.IsPriorityAsync("csqu3054383"));
        Assert.False(await Store.IsPriorityAsync("MSKU6011672"));

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.True((await Store.ChangePriorityAsync("CQ-P1", false, Officer, "not urgent after all: the hospital has stock", Authorised)).IsValid);
        Assert.False(await Store.IsPriorityAsync(mrn));
        Assert.False((await Store.FindConsignmentAsync("CQ-P1"))!.Priority);

        IReadOnlyList<PriorityChange> history = await Store.PriorityHistoryAsync("CQ-P1");
        Assert.Equal([true, false], history.Select(h => h.Priority));
        Assert.Equal(("trader.a", "authorised trader", Trader), (history[0].By, history[0].Role, history[0].TraderId));
        Assert.Equal(("officer.qz", "officer", Start.AddMinutes(65)), (history[1].By, history[1].Role, history[1].At));
        Timeline t = (await Store.TimelineAsync("CQ-P1"))!;
        Assert.Equal(2, t.Entries.Count(e => e.Source == "lane"));
        Assert.Contains(t.Entries, e => e.Text.Contains("insulin for Singapore General", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task PreClearance_GreenAcceptedBeforeArrival_MarkedOnce_RedOrAfterArrivalOrNormalLaneIsNot()
    {
        Skip.If(Unavailable is not null, Unavailable);
        Clock.Advance(TimeSpan.FromHours(2));
        string green = await LodgeAsync("LRN-G", Channel.Green);
        string red = await LodgeAsync("LRN-R", Channel.Red);
        string unscored = await LodgeAsync("LRN-N", null);
        await Store.AddConsignmentAsync(Declared("CQ-GREEN", [green], priority: true), Flag("CQ-GREEN"));
        await Store.AddConsignmentAsync(Declared("CQ-RED", [red], priority: true, box: "MSKU6011672"), Flag("CQ-RED"));
        await Store.AddConsignmentAsync(Declared("CQ-NONE", [unscored, Unknown], priority: true, box: "TGHU9999995"), Flag("CQ-NONE"));
        await Store.AddConsignmentAsync(Declared("CQ-NORMAL", [green], box: "CSQU3054383"));

        // Goods that reached CN800001 before their declaration was accepted were not declared on pre-arrival data.
        string late = await LodgeAsync("LRN-L", Channel.Green);
        await Store.AddConsignmentAsync(Declared("CQ-LATE", [late], priority: true, box: "CSQU3054383"), Flag("CQ-LATE"));
        await Store.RecordCustomsAsync("CQ-LATE", CustomsEventKind.Arrival, "CN800001", Start.AddHours(1));

        Assert.Equal(["CQ-GREEN"], await Store.PreClearPendingAsync());
        Assert.Empty(await Store.PreClearPendingAsync());
        Assert.NotNull(await Store.PreClearedAsync("CQ-GREEN"));
        Assert.Contains((await Store.TimelineAsync("CQ-GREEN"))!.Entries, e => e.Kind == "pre-cleared");

        Assert.Equal([CorridorErrorCodes.PreClearanceNotGreen], (await Store.PreClearanceAsync("CQ-RED"))!.Reasons.Select(r => r.Code));
        Assert.Equal([CorridorErrorCodes.PreClearanceNotGreen, CorridorErrorCodes.PreClearanceUnknownMrn], (await Store.PreClearanceAsync("CQ-NONE"))!.Reasons.Select(r => r.Code));
        Assert.Equal([CorridorErrorCodes.PreClearanceNotPriority], (await Store.PreClearanceAsync("CQ-NORMAL"))!.Reasons.Select(r => r.Code));
        Assert.Equal([CorridorErrorCodes.PreClearanceAfterArrival], (await Store.PreClearanceAsync("CQ-LATE"))!.Reasons.Select(r => r.Code));

        // Unflagging drops the mark: a consignment out of the lane is not pre-cleared.
        Assert.True((await Store.ChangePriorityAsync("CQ-GREEN", false, Officer, "flagged by mistake", [])).IsValid);
        Assert.Null(await Store.PreClearedAsync("CQ-GREEN"));
    }

    [SkippableFact]
    public async Task WorkQueue_OpenPriorityDeclarationsFirst_AndTheLaneFilter()
    {
        Skip.If(Unavailable is not null, Unavailable);
        string red = await LodgeAsync("LRN-Q1", Channel.Red);
        Clock.Advance(TimeSpan.FromMinutes(1));
        string green = await LodgeAsync("LRN-Q2", Channel.Green);
        await Store.AddConsignmentAsync(Declared("CQ-Q", [green], priority: true), Flag("CQ-Q"));
        var queries = new DeclarationQueries(Db);
        var officer = new AccessScope("officer.li", Role.Officer, "CN800001");

        Page<DeclarationSummary> queue = await queries.ListAsync(officer, new DeclarationFilter { Sort = DeclarationSort.Queue });
        Assert.Equal([green, red], queue.Items.Select(d => d.Mrn));
        Assert.Equal([green], (await queries.ListAsync(officer, new DeclarationFilter { PriorityLane = true })).Items.Select(d => d.Mrn));
        Assert.Equal([red], (await queries.ListAsync(officer, new DeclarationFilter { PriorityLane = false })).Items.Select(d => d.Mrn));
    }

    [SkippableFact]
    public async Task ClearanceSamples_FromTheOfficesOwnEvents_InTheLaneAtRelease()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(Declared("CQ-FAST", [], priority: true), Flag("CQ-FAST"));
        await Store.AddConsignmentAsync(Declared("CQ-SLOW", [], box: "MSKU6011672"));
        Clock.Advance(TimeSpan.FromHours(60));
        await Store.RecordCustomsAsync("CQ-FAST", CustomsEventKind.Arrival, "CN720001", Start.AddHours(48));
        await Store.RecordCustomsAsync("CQ-FAST", CustomsEventKind.Released, "CN720001", Start.AddHours(48.5));
        await Store.RecordCustomsAsync("CQ-SLOW", CustomsEventKind.Arrival, "CN720001", Start.AddHours(48));
        await Store.RecordCustomsAsync("CQ-SLOW", CustomsEventKind.Released, "CN720001", Start.AddHours(54));

        IReadOnlyList<ClearanceSample> samples = await Store.ClearanceSamplesAsync();
        Assert.Equal([("CQ-FAST", Lane.Priority, 0.5), ("CQ-SLOW", Lane.Normal, 6.0)], samples.OrderBy(s => s.ConsignmentId).Select(s => (s.ConsignmentId, s.Lane, s.Hours)));
        Assert.Empty(await Store.ClearanceSamplesAsync(Start.AddHours(55), null));
        Assert.Equal(new DateOnly(2026, 12, 3), samples[0].LocalDay);
    }
}

public sealed class SqlitePriorityLaneStoreTests : PriorityLaneStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqlitePriorityLaneStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresPriorityLaneStoreTests : PriorityLaneStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("corridorlane");
}
