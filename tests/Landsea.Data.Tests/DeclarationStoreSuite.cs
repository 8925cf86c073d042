using System.Data.Common;
using System.Text;
using Dapper;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests;

/// <summary>
/// The one store test suite, run on SQLite (<see cref="SqliteDeclarationStoreTests"/>) and PostgreSQL
/// (<see cref="PostgresDeclarationStoreTests"/>): both providers must behave the same.
/// </summary>
#pragma warning disable CA1001 // The store is disposed in DisposeAsync (xunit IAsyncLifetime).
public abstract class DeclarationStoreSuite : IAsyncLifetime
#pragma warning restore CA1001
{
    protected const string Office = "CN800001";
    private const string TraderA = "91350100M000100Y43";
    private const string TraderB = "91110000600037341L";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
    private DeclarationWriter _store = null!;
    private DeclarationQueries _queries = null!;
    private NodeDatabase _db = null!;
    private Func<Task> _cleanup = () => Task.CompletedTask;

    private static AccessScope Officer => new("officer.li", Role.Officer, Office);

    private static AccessScope Trader(string id) => new("trader-" + id[..4], Role.Trader, TraderId: id);

    private string? _unavailable;

    protected abstract Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync();

    /// <summary>Why this provider cannot run here, or null.</summary>
    protected virtual string? Unavailable => null;

    public async Task InitializeAsync()
    {
        _unavailable = Unavailable;
        if (_unavailable is not null)
        {
            return;
        }

        (_db, _cleanup) = await CreateDatabaseAsync();
        await _db.MigrateAsync();
        await _db.MigrateAsync(); // idempotent
        _store = new DeclarationWriter(_db, _time, Corridor.FindNode("CNCQI")!);
        _queries = new DeclarationQueries(_db);
    }

    public async Task DisposeAsync()
    {
        if (_unavailable is not null)
        {
            return;
        }

        await _store.DisposeAsync();
        await _cleanup();
    }

    public static string Json(string reference, string declarant, string commodity = "847130", string currency = "CNY", string type = "EXA", string? referencedMrn = null, string function = "9") =>
        $$"""
        {"functionalReference": "{{reference}}", "typeCode": "{{type}}", "functionCode": "{{function}}", {{(referencedMrn is null ? "" : $"\"referencedMrn\": \"{referencedMrn}\",")}}
         "declarant": {"id": "{{declarant}}", "name": "Chongqing Trading Co."},
         "exporter": {"id": "{{declarant}}", "country": "CN"},
         "officeCode": "CN800001", "exportCountry": "CN", "destinationCountry": "SG", "transportMode": "2",
         "invoice": {"amount": 1200.50, "currency": "{{currency}}"},
         "items": [{"sequence": 1, "commodityCode": "{{commodity}}", "description": "Laptops", "originCountry": "CN",
                    "amount": {"amount": 1200.50, "currency": "{{currency}}"}, "grossMassKg": 120, "netMassKg": 100}]}
        """;

    protected NodeDatabase Database => _db;

    protected static AccessScope OfficerScope => Officer;

    protected static string TraderAId => TraderA;

    protected FakeTimeProvider Clock => _time;

    protected Task<LodgeAnswer> Lodge(string json, AccessScope scope)
    {
        Skip.If(_unavailable is not null, _unavailable);
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, new DateOnly(2026, 11, 26));
        return _store.LodgeAsync(new Submission(bytes, format, check, scope, Office));
    }

    [SkippableFact]
    public async Task Lodge_Valid_AcceptedWithMrnAndHistory()
    {
        LodgeAnswer answer = await Lodge(Json("LRN-1", TraderA), Trader(TraderA));

        Assert.Equal(LodgeAnswer.Accepted, answer.Outcome);
        Assert.True(Landsea.Shared.Mrn.Parse(answer.Mrn).IsValid, answer.Mrn);
        Assert.Equal('A', answer.Mrn![16]); // export
        DeclarationDetail detail = (await _queries.GetAsync(Officer, answer.Mrn))!;
        Assert.Equal(DeclarationStatus.Accepted, detail.Summary.Status);
        Assert.Equal([DeclarationEvent.Received, DeclarationEvent.Accepted], detail.History.Select(h => h.Event));
        Assert.All(detail.History, h => Assert.Equal(_time.GetUtcNow(), h.At));
        Assert.Equal("847130", Assert.Single(detail.Declaration.Items).CommodityCode?.Digits);
    }

    [SkippableFact]
    public async Task Lodge_SameSubmissionTwice_ReturnsFirstAnswerAndCreatesNothing()
    {
        LodgeAnswer first = await Lodge(Json("LRN-2", TraderA), Trader(TraderA));
        LodgeAnswer again = await Lodge(Json("LRN-2", TraderA), Trader(TraderA));

        Assert.True(again.Duplicate);
        Assert.Equal(first.Mrn, again.Mrn);
        Assert.Equal(first.SubmissionId, again.SubmissionId);
        Assert.Equal(1, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);
    }

    [SkippableFact]
    public async Task Issue_15_Duplicate_AnswerCarriesTheCurrentStatus()
    {
        LodgeAnswer first = await Lodge(Json("LRN-DUP-NOW", TraderA), Trader(TraderA));
        Assert.True((await _store.ChangeStatusAsync(Officer, first.Mrn!, DeclarationEvent.Released, "checked")).IsValid);

        LodgeAnswer again = await Lodge(Json("LRN-DUP-NOW", TraderA), Trader(TraderA));

        Assert.True(again.Duplicate);
        Assert.Equal(first.Mrn, again.Mrn);
        Assert.Equal(DeclarationStatus.Accepted, first.Status);
        Assert.Equal(DeclarationStatus.Released, again.Status);
    }

    [SkippableFact]
    public async Task Issue_15_AnotherTradersExactBytes_RefusedWithoutTheirMrnAndTheirHistoryUntouched()
    {
        string json = Json("LRN-DUP-OTHER", TraderA);
        LodgeAnswer first = await Lodge(json, Trader(TraderA));

        LodgeAnswer byB = await Lodge(json, Trader(TraderB));
        LodgeAnswer byAAgain = await Lodge(json, Trader(TraderA));

        Assert.Equal(LodgeAnswer.Rejected, byB.Outcome);
        Assert.False(byB.Duplicate);
        Assert.Null(byB.Mrn);
        Assert.Equal(ErrorCodes.PartyMissing, Assert.Single(byB.Errors).Code);
        Assert.DoesNotContain(first.Mrn!, System.Text.Json.JsonSerializer.Serialize(byB), StringComparison.Ordinal);
        Assert.True(byAAgain.Duplicate);
        Assert.Equal(first.SubmissionId, byAAgain.SubmissionId);
    }

    [SkippableFact]
    public async Task Issue_15_AnotherTraderFirst_DoesNotBecomeTheDeclarantsPrecedent()
    {
        string json = Json("LRN-DUP-FIRST", TraderA);
        LodgeAnswer byB = await Lodge(json, Trader(TraderB));

        LodgeAnswer byA = await Lodge(json, Trader(TraderA));

        Assert.Equal(LodgeAnswer.Rejected, byB.Outcome);
        Assert.Equal(LodgeAnswer.Accepted, byA.Outcome);
        Assert.False(byA.Duplicate);
        Assert.NotNull(byA.Mrn);
    }

    [SkippableFact]
    public async Task Lodge_SameReferenceDifferentContent_RefusedAsConflict()
    {
        await Lodge(Json("LRN-3", TraderA), Trader(TraderA));
        LodgeAnswer conflict = await Lodge(Json("LRN-3", TraderA, commodity: "847150"), Trader(TraderA));

        Assert.Equal(LodgeAnswer.Conflict, conflict.Outcome);
        Assert.Equal(ErrorCodes.DuplicateConflict, Assert.Single(conflict.Errors).Code);
        Assert.Equal(1, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);
    }

    [SkippableFact]
    public async Task Lodge_Invalid_RejectedAndRawBytesKept()
    {
        string json = Json("LRN-4", TraderA, commodity: "970200", currency: "XYZ");
        LodgeAnswer answer = await Lodge(json, Trader(TraderA));

        Assert.Equal(LodgeAnswer.Rejected, answer.Outcome);
        Assert.Null(answer.Mrn);
        Assert.Contains(answer.Errors, e => e.Code == ErrorCodes.CommodityUnknown && e.Pointer == "/items/0/commodityCode");
        Assert.Contains(answer.Errors, e => e.Code == ErrorCodes.CurrencyUnknown && e.Pointer == "/invoice/currency");
        SubmissionRecord stored = (await _queries.GetSubmissionAsync(Officer, answer.SubmissionId))!;
        Assert.Equal(json, Encoding.UTF8.GetString(stored.Bytes));
        Assert.Equal(LodgeAnswer.Rejected, stored.Outcome);
        Assert.Equal(0, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);
    }

    [SkippableFact]
    public async Task List_Trader_SeesOnlyOwnDeclarations()
    {
        await Lodge(Json("A-1", TraderA), Trader(TraderA));
        await Lodge(Json("A-2", TraderA, commodity: "030211", type: "IMA"), Trader(TraderA));
        LodgeAnswer b = await Lodge(Json("B-1", TraderB), Trader(TraderB));

        Page<DeclarationSummary> mine = await _queries.ListAsync(Trader(TraderA), new DeclarationFilter());
        Assert.Equal(2, mine.Total);
        Assert.All(mine.Items, d => Assert.Equal(TraderA, d.DeclarantId));
        Assert.Null(await _queries.GetAsync(Trader(TraderA), b.Mrn!));
        Assert.Equal(3, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);
        Assert.Equal(1, (await _queries.ListAsync(Officer, new DeclarationFilter(Chapter: "03"))).Total);
        Assert.Equal(1, (await _queries.ListAsync(Officer, new DeclarationFilter(TraderId: TraderB))).Total);
        Assert.Equal(0, (await _queries.ListAsync(new AccessScope("sg", Role.Partner, PartnerCode: "SGSIN"), new DeclarationFilter())).Total);
    }

    [SkippableFact]
    public async Task Lodge_TraderForSomeoneElse_Rejected()
    {
        LodgeAnswer answer = await Lodge(Json("X-1", TraderB), Trader(TraderA));

        Assert.Equal(LodgeAnswer.Rejected, answer.Outcome);
        DeclarationError error = Assert.Single(answer.Errors);
        Assert.Equal(ErrorCodes.PartyMissing, error.Code);
        Assert.Equal("/declarant/id", error.Pointer); // where the JSON form carries the declarant
    }

    [SkippableFact]
    public async Task ChangeStatus_Officer_RecordsWhoWhenWhereAndRefusesInvalidTransition()
    {
        LodgeAnswer lodged = await Lodge(Json("S-1", TraderA), Trader(TraderA));
        _time.Advance(TimeSpan.FromHours(2));

        var released = await _store.ChangeStatusAsync(Officer, lodged.Mrn!, DeclarationEvent.Released, "seals checked");
        Assert.True(released.IsValid, released.Failure?.Reason);
        StatusChange last = released.Value.History[^1];
        Assert.Equal(("officer.li", Office, DeclarationStatus.Released, _time.GetUtcNow()), (last.Actor, last.OfficeCode, last.Status, last.At));

        var invalid = await _store.ChangeStatusAsync(Officer, lodged.Mrn!, DeclarationEvent.Invalidated, null);
        Assert.Equal(ErrorCodes.InvalidTransition, invalid.Failure?.Code);
        var byTrader = await _store.ChangeStatusAsync(Trader(TraderA), lodged.Mrn!, DeclarationEvent.Cleared, null);
        Assert.Equal(Landsea.Shared.AccessErrorCodes.Forbidden, byTrader.Failure?.Code);
    }

    /// <summary>
    /// Issue 9: a COR amendment that adds a goods item carries only that item (numbered 2 after the lodged item 1); it was
    /// rejected with LS040 ("Goods item 1 is numbered '2'") because numbering was checked against the amendment alone.
    /// It is now checked against the declaration as amended: item 2 is accepted, an item 3 that leaves a gap is not.
    /// </summary>
    [SkippableFact]
    public async Task Issue_9_amendment_adding_goods_item_rejected_as_misnumbered()
    {
        LodgeAnswer lodged = await Lodge(Json("ADD-1", TraderA), Trader(TraderA));
        string adding = Json("ADD-1-COR", TraderA, type: "COR", function: "13", referencedMrn: lodged.Mrn).Replace("\"sequence\": 1", "\"sequence\": 2", StringComparison.Ordinal);
        string gap = Json("ADD-1-COR2", TraderA, type: "COR", function: "13", referencedMrn: lodged.Mrn).Replace("\"sequence\": 1", "\"sequence\": 4", StringComparison.Ordinal);

        LodgeAnswer added = await Lodge(adding, Trader(TraderA));
        LodgeAnswer gapped = await Lodge(gap, Trader(TraderA));

        Assert.True(added.Outcome == LodgeAnswer.Accepted, string.Join("; ", added.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        Assert.Equal(lodged.Mrn, added.Mrn);
        DeclarationError error = Assert.Single(gapped.Errors);
        Assert.Equal((ErrorCodes.ItemNumbering, "/items/0/sequence"), (error.Code, error.Pointer));
    }

    [SkippableFact]
    public async Task Lodge_AmendmentThenCancellation_AppliedToDeclaration()
    {
        LodgeAnswer lodged = await Lodge(Json("M-1", TraderA), Trader(TraderA));

        LodgeAnswer amended = await Lodge(Json("M-1-COR", TraderA, type: "COR", function: "13", referencedMrn: lodged.Mrn), Trader(TraderA));
        LodgeAnswer cancelled = await Lodge(Json("M-1-INV", TraderA, type: "INV", function: "13", referencedMrn: lodged.Mrn), Trader(TraderA));
        LodgeAnswer unknown = await Lodge(Json("M-2-INV", TraderA, type: "INV", function: "13", referencedMrn: "26CNCQI000009999A0"), Trader(TraderA));

        Assert.Equal((LodgeAnswer.Accepted, lodged.Mrn), (amended.Outcome, amended.Mrn));
        Assert.Equal(DeclarationStatus.Invalidated, cancelled.Status);
        DeclarationDetail detail = (await _queries.GetAsync(Officer, lodged.Mrn!))!;
        Assert.Equal(2, detail.Summary.Version);
        Assert.Equal(DeclarationEvent.Invalidated, detail.History[^1].Event);
        Assert.Equal(ErrorCodes.UnknownDeclaration, Assert.Single(unknown.Errors).Code);
    }

    [SkippableFact]
    public async Task Lodge_SameSubmissionConcurrently_OneDeclarationOneAnswer()
    {
        LodgeAnswer[] answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? Lodge(Json("SAME-1", TraderA), Trader(TraderA))
            : Lodge(Json($"OTHER-{i}", TraderA), Trader(TraderA))));

        LodgeAnswer[] same = answers.Where((_, i) => i % 2 == 0).ToArray();
        Assert.Single(same.Select(a => a.Mrn).Distinct());
        Assert.Single(same, a => !a.Duplicate);
        Assert.Equal(21, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);

        LodgeAnswer[] conflicting = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Lodge(Json("CONFLICT-1", TraderA, commodity: i % 2 == 0 ? "847130" : "847150"), Trader(TraderA))));
        Assert.Single(conflicting.Where(a => a.Outcome == LodgeAnswer.Accepted).Select(a => a.Mrn).Distinct());
        Assert.All(conflicting.Where(a => a.Outcome != LodgeAnswer.Accepted), a => Assert.Equal(LodgeAnswer.Conflict, a.Outcome));
    }

    [SkippableFact]
    public async Task Lodge_TwoInstancesSameSubmissions_OneDeclarationEachNoErrors()
    {
        // Two stateless instances of a node over one database, receiving the same submissions at the same moment.
        Skip.If(_unavailable is not null, _unavailable);
        await using var second = new DeclarationWriter(_db, _time, Corridor.FindNode("CNCQI")!);
        var lodges = new List<Task<LodgeAnswer>>();
        for (int i = 0; i < 30; i++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(Json($"RACE-{i % 10}", TraderA));
            (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, new DateOnly(2026, 11, 26));
            DeclarationWriter store = i % 2 == 0 ? _store : second;
            lodges.Add(store.LodgeAsync(new Submission(bytes, format, check, Trader(TraderA), Office)));
        }

        LodgeAnswer[] answers = await Task.WhenAll(lodges);

        Assert.All(answers, a => Assert.Equal(LodgeAnswer.Accepted, a.Outcome));
        Assert.Equal(10, answers.Select(a => a.Mrn).Distinct().Count());
        Assert.Equal(10, (await _queries.ListAsync(Officer, new DeclarationFilter())).Total);

        // A clash with the other instance is decided again as a whole batch, never a failed batch or an error.
        Assert.Equal(0, _store.WriteStatistics.BatchFailures + second.WriteStatistics.BatchFailures);
    }

    [SkippableFact]
    public async Task Lodge_ManyConcurrent_AllStoredWithDistinctMrns()
    {
        LodgeAnswer[] answers = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Lodge(Json($"C-{i}", TraderA), Trader(TraderA))));

        Assert.All(answers, a => Assert.Equal(LodgeAnswer.Accepted, a.Outcome));
        Assert.Equal(300, answers.Select(a => a.Mrn).Distinct().Count());
        Assert.Equal(300, (await _queries.ListAsync(Officer, new DeclarationFilter(PageSize: 10))).Total);
        foreach (LodgeAnswer a in answers.Take(20))
        {
            DeclarationDetail d = (await _queries.GetAsync(Officer, a.Mrn!))!;
            Assert.Equal(a.SubmissionId, d.SubmissionId);
            Assert.Equal([DeclarationEvent.Received, DeclarationEvent.Accepted], d.History.Select(h => h.Event));
            Assert.Equal(a.Mrn, (await _queries.GetSubmissionAsync(Officer, a.SubmissionId))!.Mrn);
        }

        // The concurrent lodgements were written in batches, and no batch fell back to one-by-one writing.
        Assert.True(_store.WriteStatistics.Batched > 0, $"batched {_store.WriteStatistics.Batched}");
        Assert.Equal(0, _store.WriteStatistics.BatchFailures);

        LodgeAnswer later = await Lodge(Json("C-LATER", TraderA), Trader(TraderA));
        Assert.DoesNotContain(later.Mrn, answers.Select(a => a.Mrn));
    }
}

public sealed class SqliteDeclarationStoreTests : DeclarationStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteDeclarationStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresDeclarationStoreTests : DeclarationStoreSuite
{
    protected override string? Unavailable => string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES"))
        ? "PostgreSQL not configured: set LANDSEA_TEST_POSTGRES to a connection string (bash .ci/run does)."
        : null;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("store");

    /// <summary>
    /// Issue 15: on PostgreSQL event ids come from a sequence, so without care a later status change could commit before an
    /// earlier one, and a reader whose cursor moved past it would never see the earlier one. Writers assign event ids under
    /// a transaction-level advisory lock (<see cref="DeclarationWriter.EventOrderLock"/>): ids follow commit order. Here a
    /// second writer holds it with an uncommitted change; the writer's lodging waits, and the feed never shows a gap.
    /// (SQLite has one writer at a time; the race cannot happen there.)
    /// </summary>
    [SkippableFact]
    public async Task Feed_EventIdsFollowCommitOrder_SoNoCursorSkipsAnEarlierChange()
    {
        Skip.If(Unavailable is not null, Unavailable);
        LodgeAnswer first = await Lodge(Json("RACE-1", TraderAId), OfficerScope);
        var feed = new NotificationFeed(Database, Clock);
        await using DbConnection held = await Database.OpenAsync();
        await using DbTransaction open = await held.BeginTransactionAsync();
        await held.ExecuteAsync($"SELECT pg_advisory_xact_lock({DeclarationWriter.EventOrderLock})", transaction: open);
        long earlier = await held.ExecuteScalarAsync<long>(
            """
            INSERT INTO declaration_events (declaration_id, event, status, at, office_code, actor)
            SELECT id, 'Released', 'Released', updated_at, office_code, 'officer.li' FROM declarations WHERE mrn = @mrn RETURNING id
            """, new { mrn = first.Mrn }, open);
        Task<LodgeAnswer> second = Lodge(Json("RACE-2", TraderAId), OfficerScope);
        await Task.WhenAny(second, WaitingForTheLockAsync()); // either it waits for the lock, or (without the lock) it has committed

        FeedPage whileOpen = await feed.ReadAsync(OfficerScope, 0, 100);
        bool secondDoneWhileOpen = second.IsCompleted;
        await open.CommitAsync();
        LodgeAnswer lodged = await second;
        FeedPage afterCommit = await feed.ReadAsync(OfficerScope, whileOpen.Cursor, 100);

        Assert.Equal([first.Mrn, first.Mrn], whileOpen.Items.Select(e => e.Mrn));
        Assert.False(secondDoneWhileOpen);
        Assert.Equal([earlier, earlier + 1, earlier + 2], afterCommit.Items.Select(e => e.Cursor));
        Assert.Equal([first.Mrn, lodged.Mrn!, lodged.Mrn!], afterCommit.Items.Select(e => e.Mrn));
    }

    /// <summary>Returns once another session waits for the event-order lock (polls pg_locks, at most 30 s).</summary>
    private async Task WaitingForTheLockAsync()
    {
        await using DbConnection c = await Database.OpenAsync();
        for (int i = 0; i < 1500; i++)
        {
            long waiting = await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = @key",
                new { key = DeclarationWriter.EventOrderLock });
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}
