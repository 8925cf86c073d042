using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Transit;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Transit;

/// <summary>The transit store, one suite on SQLite and PostgreSQL.</summary>
public abstract class TransitStoreSuite : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero));
    private NodeDatabase _db = null!;
    private Func<Task> _cleanup = () => Task.CompletedTask;
    private string? _unavailable;

    private static AccessScope Officer => new("officer.cq", Role.Officer, "CN800001");

    private static AccessScope Holder => new("trader.uk", Role.Trader, TraderId: TransitMessages.Holder);

    private static AccessScope OtherTrader => new("trader.a", Role.Trader, TraderId: "91350100M000100Y43");

    protected abstract Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync();

    protected virtual string? Unavailable => null;

    public async Task InitializeAsync()
    {
        _unavailable = Unavailable;
        if (_unavailable is null)
        {
            (_db, _cleanup) = await CreateDatabaseAsync();
            await _db.MigrateAsync();
            await _db.MigrateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_unavailable is null)
        {
            await _cleanup();
        }
    }

    private TransitStore Store(TransitControlSettings? control = null)
    {
        Skip.If(_unavailable is not null, _unavailable);
        return new TransitStore(_db, _time, Corridor.FindNode("CNCQI")!, control ?? TransitControlSettings.None);
    }

    private static async Task Register(TransitStore store, decimal amount = 50_000m) =>
        Assert.True((await store.RegisterGuaranteeAsync(Guarantees.Register(TransitMessages.Grn, GuaranteeKind.Comprehensive, TransitMessages.Holder, "AB12",
            new Money(amount, CurrencyCode.Parse("CNY").Value)).Value)).IsValid);

    [SkippableFact]
    public async Task Lodge_Declaration_AllocatesMrnReservesAndReleases()
    {
        TransitStore store = Store();
        await Register(store);
        TransitLodged lodged = await store.LodgeAsync(TransitMessages.Declaration("LRN-1", "M1"), Holder);

        Assert.Equal(TransitOutcome.Accepted, lodged.Outcome.Status);
        Assert.Equal(["IE028", "IE029"], lodged.Outcome.Answers.Select(a => a.Type));
        string mrn = lodged.Outcome.Movement!.Mrn!.Value.Value;
        Assert.StartsWith("26CNCQI", mrn, StringComparison.Ordinal);
        Assert.Equal('J', mrn[16]);

        MovementView view = (await store.FindAsync(mrn, Holder))!;
        Assert.Equal("Released", view.Movement.State);
        Assert.Equal(["IE015", "IE028", "GUA", "IE029"], view.Transitions.Select(t => t.Message));
        // The IE015, the IE028 and IE029 answers, and the IE001 for Qinzhou (another node's office of destination), kept
        // though this store has no outbox to send it through.
        Assert.Equal([("in", "CC015C"), ("out", "CC028C"), ("out", "CC029C"), ("out", "IE001")], view.Messages.Select(m => (m.Direction, m.MessageType)));
        Assert.Equal("CNNNG (not sent: no agreement)", view.Messages[^1].Actor);
        Assert.Equal("40000 CNY", view.Guarantee!.Available);
        Assert.Null(await store.FindAsync(mrn, OtherTrader));
        Assert.Single(await store.ListAsync(Officer, new MovementFilter(State: "Released", Office: "CN800001")));
        Assert.Empty(await store.ListAsync(OtherTrader, new MovementFilter()));
        Assert.Empty(await store.ListAsync(Officer, new MovementFilter(State: "WrittenOff")));

        // What the node wrote validates against the schema.
        byte[] ie029 = (await store.MessageBodyAsync(mrn, view.Messages[2].Id, Holder))!;
        Assert.Empty(NctsReader.Read(ie029).Errors);
    }

    [SkippableFact]
    public async Task Lodge_PreLodgedThenPresented_GetsItsMrnFirstAndTheGuaranteeAndReleaseAtPresentation()
    {
        TransitStore store = Store();
        await Register(store);

        TransitLodged pre = await store.LodgeAsync(TransitMessages.PreLodged("PRE-1", "P1"), Holder);
        Assert.Equal((TransitOutcome.Accepted, MovementState.PreLodged), (pre.Outcome.Status, pre.Outcome.Movement!.State));
        Assert.Equal(["IE028"], pre.Outcome.Answers.Select(a => a.Type));
        string mrn = pre.Outcome.Movement.Mrn!.Value.Value;
        Assert.Equal("50000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);

        TransitLodged presented = await store.LodgeAsync(TransitMessages.Presentation("PRE-1", "P2"), Holder);

        Assert.True(presented.Outcome.Status == TransitOutcome.Accepted, string.Join("; ", presented.Outcome.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        Assert.Equal(["IE029"], presented.Outcome.Answers.Select(a => a.Type));
        MovementView view = (await store.FindAsync(mrn, Holder))!;
        Assert.Equal(("Released", "40000 CNY"), (view.Movement.State, view.Guarantee!.Available));
        Assert.Equal(["IE015", "IE028", "PRE", "IE170", "GUA", "IE029"], view.Transitions.Select(t => t.Message));

        // A second presentation is out of sequence, and an IE170 for an LRN nobody pre-lodged names no movement.
        Assert.Equal(TransitErrorCodes.OutOfSequence, (await store.LodgeAsync(TransitMessages.Presentation("PRE-1", "P3"), Holder)).Outcome.Errors.Single().Code);
        Assert.Equal(TransitErrorCodes.UnknownMovement, (await store.LodgeAsync(TransitMessages.Presentation("PRE-9", "P4"), Holder)).Outcome.Errors.Single().Code);
    }

    [SkippableFact]
    public async Task Lodge_SameDeclarationRacedEightTimes_OneMovementTheOthersRefusedNotErrors()
    {
        TransitStore store = Store();
        await Register(store);
        byte[] declaration = TransitMessages.Declaration("RACE-1", "RACE-M1");

        TransitLodged[] all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.LodgeAsync(declaration, Holder))));

        Assert.Single(all, l => l.Outcome.Status == TransitOutcome.Accepted);
        Assert.All(all.Where(l => l.Outcome.Status != TransitOutcome.Accepted), l =>
            Assert.Contains(l.Outcome.Errors.Single().Code, new[] { TransitErrorCodes.DuplicateMessage, TransitErrorCodes.LrnInUse }));
        Assert.Single(await store.ListAsync(Officer, new MovementFilter()));
        Assert.Equal("40000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);
    }

    [SkippableFact]
    public async Task Lodge_ManyAtOnceOnTwoNodeInstances_EachDecidedAsAlone()
    {
        // Two instances of the node on one database; the same declaration raced on both, and thirty others at the same
        // time, all reserving on one comprehensive guarantee.
        TransitStore one = Store(), two = Store();
        await Register(one, 1_000_000m);
        byte[] raced = TransitMessages.Declaration("RACE-2", "RACE-M2");
        IEnumerable<Task<TransitLodged>> racing = Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).LodgeAsync(raced, Holder)));
        IEnumerable<Task<TransitLodged>> others = Enumerable.Range(0, 30).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).LodgeAsync(TransitMessages.Declaration($"MANY-{i}", $"MANY-M{i}"), Holder)));

        TransitLodged[] race = await Task.WhenAll(racing);
        TransitLodged[] many = await Task.WhenAll(others);

        Assert.Single(race, l => l.Outcome.Status == TransitOutcome.Accepted);
        Assert.All(race.Where(l => l.Outcome.Status != TransitOutcome.Accepted), l =>
            Assert.Contains(l.Outcome.Errors.Single().Code, new[] { TransitErrorCodes.DuplicateMessage, TransitErrorCodes.LrnInUse }));
        Assert.All(many, l => Assert.Equal(MovementState.Released, l.Outcome.Movement!.State));
        Assert.Equal(30, many.Select(l => l.Outcome.Movement!.Mrn!.Value.Value).Distinct().Count());
        Assert.Equal(36, race.Concat(many).Select(l => l.MessageId).Distinct().Count());
        Assert.Equal(31, (await one.ListAsync(Officer, new MovementFilter())).Count);
        Assert.Equal("690000 CNY", (await two.BalanceAsync(TransitMessages.Grn, Officer))!.Available);
    }

    [SkippableFact]
    public async Task Lodge_DeclarationARiskRuleHits_UnderControlWithTheRuleInTheIe060_OthersReleased()
    {
        TransitStore store = Store();
        await Register(store);
        await new Landsea.Data.Risk.RiskStore(_db).SaveRuleAsync(new Landsea.Risk.RiskRule
        {
            Id = "R-BATT", Title = "lithium batteries from Vietnam", Author = "officer.cq", ValidFrom = new DateOnly(2026, 1, 1),
            Conditions = new Landsea.Risk.RuleConditions { HsPrefixes = ["8507"], OriginCountries = ["VN"] }, FixedChannel = Landsea.Risk.Channel.Red,
        }, _time.GetUtcNow());
        static byte[] Goods(byte[] declaration, string hs, string dispatch) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(declaration)
            .Replace("<declarationGoodsItemNumber>25</declarationGoodsItemNumber>", $"<declarationGoodsItemNumber>25</declarationGoodsItemNumber><countryOfDispatch>{dispatch}</countryOfDispatch>", StringComparison.Ordinal)
            .Replace("</descriptionOfGoods>", $"</descriptionOfGoods><CommodityCode><harmonizedSystemSubHeadingCode>{hs}</harmonizedSystemSubHeadingCode></CommodityCode>", StringComparison.Ordinal));

        TransitLodged hit = await store.LodgeAsync(Goods(TransitMessages.Declaration("RISK-1", "RISK-M1"), "850760", "VN"), Holder);
        TransitLodged miss = await store.LodgeAsync(Goods(TransitMessages.Declaration("RISK-2", "RISK-M2"), "850760", "TH"), Holder);

        Assert.Equal(MovementState.UnderControl, hit.Outcome.Movement!.State);
        TransitAnswer ie060 = Assert.Single(hit.Outcome.Answers, a => a.Type == "IE060");
        Assert.Contains("R-BATT v1 'lithium batteries from Vietnam'", ie060.Xml.ToString(), StringComparison.Ordinal);
        Assert.Equal("risk", hit.Outcome.Movement.History[^1].Actor);
        Assert.Equal(MovementState.Released, miss.Outcome.Movement!.State);
    }

    [SkippableFact]
    public async Task Lodge_UnloadingConform_WritesOffAndReleasesTheGuarantee()
    {
        TransitStore store = Store();
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-2", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(TransitOutcome.Accepted, (await store.LodgeAsync(TransitMessages.Arrival(mrn, "A1"), Holder)).Outcome.Status);
        Assert.Equal("Arrived", (await store.FindAsync(mrn, Officer))!.Movement.State);
        TransitLodged done = await store.LodgeAsync(TransitMessages.UnloadingRemarks(mrn, "M2", conform: true), Holder);

        Assert.Equal(TransitOutcome.Accepted, done.Outcome.Status);
        Assert.Equal("IE045", Assert.Single(done.Outcome.Answers).Type);
        MovementView view = (await store.FindAsync(mrn, Officer))!;
        Assert.Equal("WrittenOff", view.Movement.State);
        Assert.Equal("CN800002", view.Transitions[^1].Office);
        Assert.Equal("50000 CNY", view.Guarantee!.Available);
    }

    [SkippableFact]
    public async Task Lodge_Discrepancies_ResolvedByOfficer()
    {
        TransitStore store = Store();
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-3", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        await store.LodgeAsync(TransitMessages.Arrival(mrn, "A1"), Holder);
        Assert.Equal("IE019", Assert.Single((await store.LodgeAsync(TransitMessages.UnloadingRemarks(mrn, "M2", conform: false), Holder)).Outcome.Answers).Type);
        Assert.Equal("40000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);

        TransitOutcome resolved = (await store.ActAsync(mrn, "resolve", "", Officer))!;
        Assert.Equal(TransitOutcome.Accepted, resolved.Status);
        Assert.Equal("WrittenOff", (await store.FindAsync(mrn, Officer))!.Movement.State);
        Assert.Equal("50000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Holder))!.Available);
        Assert.Null(await store.BalanceAsync(TransitMessages.Grn, OtherTrader));
    }

    [SkippableFact]
    public async Task Lodge_Invalid_KeptAsReceivedAndChangesNothing()
    {
        TransitStore store = Store();
        byte[] bad = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TransitMessages.Declaration("LRN-4", "M1")).Replace("NTA.CN", "NTA.SG", StringComparison.Ordinal));
        TransitLodged lodged = await store.LodgeAsync(bad, Holder);

        Assert.Equal(TransitOutcome.Rejected, lodged.Outcome.Status);
        Assert.Equal("IE056", Assert.Single(lodged.Outcome.Answers).Type);
        Assert.Contains(lodged.Outcome.Errors, e => e.Code == TransitErrorCodes.RecipientNotThisAdministration);
        Assert.True(lodged.MessageId > 0);
        Assert.Empty(await store.ListAsync(Officer, new MovementFilter()));
    }

    [SkippableFact]
    public async Task Lodge_SameMessageIdTwice_Refused26()
    {
        TransitStore store = Store();
        await Register(store);
        await store.LodgeAsync(TransitMessages.Declaration("LRN-5", "M1"), Holder);
        TransitLodged again = await store.LodgeAsync(TransitMessages.Declaration("LRN-6", "M1"), Holder);

        Assert.Equal(TransitOutcome.Refused, again.Outcome.Status);
        Assert.Equal(TransitErrorCodes.DuplicateMessage, Assert.Single(again.Outcome.Errors).Code);
        Assert.Single(await store.ListAsync(Officer, new MovementFilter()));
    }

    [SkippableFact]
    public async Task Lodge_InvalidationAfterReleaseBeforeTheGoodsLeft_CancelsAndReleasesTheGuarantee()
    {
        TransitStore store = Store();
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-7", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        TransitLodged cancelled = await store.LodgeAsync(TransitMessages.Invalidation(mrn, "M2"), Holder);

        Assert.Equal(TransitOutcome.Accepted, cancelled.Outcome.Status);
        Assert.Equal("IE009", Assert.Single(cancelled.Outcome.Answers).Type);
        Assert.Equal(OfficeRecord.Cancellation, Assert.Single(cancelled.Outcome.Records).Ncts);
        MovementView view = (await store.FindAsync(mrn, Officer))!;
        Assert.Equal(("Cancelled", "50000 CNY"), (view.Movement.State, view.Guarantee!.Available));
    }

    [SkippableFact]
    public async Task Lodge_NotCovered_Ie055AndWaits()
    {
        TransitStore store = Store();
        await Register(store, amount: 1_000m);
        TransitLodged lodged = await store.LodgeAsync(TransitMessages.Declaration("LRN-8", "M1"), Holder);

        Assert.Equal(["IE028", "IE055"], lodged.Outcome.Answers.Select(a => a.Type));
        Assert.Equal("MrnAllocated", (await store.FindAsync(lodged.Outcome.Movement!.Mrn!.Value.Value, Officer))!.Movement.State);
        Assert.Equal("1000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);
    }

    [SkippableFact]
    public async Task Lodge_ControlledHolder_UnderControlThenInvalidatedReleasesNothingReserved()
    {
        TransitStore store = Store(new TransitControlSettings(new HashSet<string> { TransitMessages.Holder }));
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-9", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        Assert.Equal("UnderControl", (await store.FindAsync(mrn, Officer))!.Movement.State);
        Assert.Equal("40000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);

        TransitLodged cancelled = await store.LodgeAsync(TransitMessages.Invalidation(mrn, "M2"), Holder);
        Assert.Equal("IE009", Assert.Single(cancelled.Outcome.Answers).Type);
        Assert.Equal("Cancelled", (await store.FindAsync(mrn, Officer))!.Movement.State);
        Assert.Equal("50000 CNY", (await store.BalanceAsync(TransitMessages.Grn, Officer))!.Available);
    }

    [SkippableFact]
    public async Task MarkOverdue_AfterTheTimeLimit_Enquiry()
    {
        TransitStore store = Store();
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-11", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        _time.Advance(TimeSpan.FromDays(7));
        Assert.Empty(await store.MarkOverdueAsync(Officer));
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal([mrn], await store.MarkOverdueAsync(Officer));
        Assert.Equal("Enquiry", (await store.FindAsync(mrn, Officer))!.Movement.State);
        Assert.Empty(await store.MarkOverdueAsync(Officer));
    }

    /// <summary>
    /// The notification feed carries the NCTS messages the node sent about movements beside declarations' status changes,
    /// under one cursor in the order they happened: declarations before, between and after; the holder sees its own
    /// movement's messages and the rejection of its refused declaration, another trader sees none; pages of one entry
    /// read the same feed without a gap or a repeat.
    /// </summary>
    [SkippableFact]
    public async Task Feed_MovementMessagesBesideDeclarations_OneCursorInOrder_EachTraderItsOwn()
    {
        TransitStore store = Store();
        await Register(store);
        await using var writer = new DeclarationWriter(_db, _time, Corridor.FindNode("CNCQI")!);
        var feed = new NotificationFeed(_db, _time);
        Task<LodgeAnswer> Declare(string reference)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(DeclarationStoreSuite.Json(reference, OtherTrader.TraderId!));
            (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, new DateOnly(2026, 11, 26));
            return writer.LodgeAsync(new Submission(bytes, format, check, OtherTrader, "CN800001"));
        }

        LodgeAnswer first = await Declare("FEED-D1");
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("FEED-1", "F1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        LodgeAnswer second = await Declare("FEED-D2");
        byte[] bad = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(TransitMessages.Declaration("FEED-2", "F2")).Replace("NTA.CN", "NTA.SG", StringComparison.Ordinal));
        TransitLodged refused = await store.LodgeAsync(bad, Holder);

        FeedPage all = await feed.ReadAsync(Officer, 0, 100);
        string Line(FeedEntry e) => e.Kind == FeedKinds.Movement ? $"{e.Movement!.MessageType} {e.Mrn} {e.FunctionalReference} {e.Movement.State}" : e.Mrn;
        Assert.Equal([first.Mrn!, $"CC028C {mrn} FEED-1 Released", $"CC029C {mrn} FEED-1 Released", second.Mrn!, "CC056C  FEED-2 "],
            all.Items.Select(Line).Distinct());
        Assert.Equal(all.Items.Select(e => e.Cursor).Order(), all.Items.Select(e => e.Cursor));
        Assert.Equal(all.Items.Count, all.Items.Select(e => e.Cursor).Distinct().Count());
        Assert.Equal(all.Cursor, await feed.LatestAsync());
        FeedEntry rejection = all.Items[^1];
        Assert.Equal(("rejection", refused.MessageId, "CN800001"), (rejection.Movement!.Meaning, rejection.Movement.InReplyTo, rejection.OfficeCode));
        Assert.Null(rejection.Event);

        FeedPage holders = await feed.ReadAsync(Holder, 0, 100);
        Assert.Equal(["CC028C", "CC029C", "CC056C"], holders.Items.Select(e => e.Movement!.MessageType));
        Assert.DoesNotContain((await feed.ReadAsync(OtherTrader, 0, 100)).Items, e => e.Kind == FeedKinds.Movement);
        Assert.Equal(3, (await feed.ReadAsync(Officer, 0, 100, FeedKinds.Movement)).Items.Count);
        Assert.DoesNotContain((await feed.ReadAsync(Officer, 0, 100, FeedKinds.Declaration)).Items, e => e.Kind == FeedKinds.Movement);

        var paged = new List<long>();
        for (long cursor = 0; ;)
        {
            FeedPage page = await feed.ReadAsync(Officer, cursor, 1);
            paged.AddRange(page.Items.Select(e => e.Cursor));
            cursor = page.Cursor;
            if (!page.More)
            {
                break;
            }
        }

        Assert.Equal(all.Items.Select(e => e.Cursor), paged);
    }

    [SkippableFact]
    public async Task Act_ReleaseAfterControl_Released()
    {
        TransitStore store = Store(new TransitControlSettings(new HashSet<string> { TransitMessages.Holder }));
        await Register(store);
        string mrn = (await store.LodgeAsync(TransitMessages.Declaration("LRN-10", "M1"), Holder)).Outcome.Movement!.Mrn!.Value.Value;
        TransitOutcome released = (await store.ActAsync(mrn, "release", "", Officer))!;
        Assert.Equal("IE029", Assert.Single(released.Answers).Type);
        MovementView view = (await store.FindAsync(mrn, Officer))!;
        Assert.Equal("Released", view.Movement.State);
        Assert.Equal("officer.cq", view.Transitions[^1].Actor);
        Assert.Equal(TransitOutcome.Refused, (await store.ActAsync(mrn, "release", "", Officer))!.Status);
    }
}

public sealed class SqliteTransitStoreTests : TransitStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteTransitStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresTransitStoreTests : TransitStoreSuite
{
    protected override string? Unavailable => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES"))
        ? "PostgreSQL not configured: set LANDSEA_TEST_POSTGRES to a connection string (bash .ci/run does)."
        : null;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("transit");
}
