using System.Text.Json.Nodes;
using Landsea.CorridorSupervision;
using Landsea.Data.CorridorSupervision;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.CorridorSupervision;

/// <summary>
/// Issue 11 items 2-6 on SQLite and PostgreSQL: events are joined to their consignment or refused and kept as received;
/// corrections retract; the DCSA filters page; seal mismatches and overdue consignments raise each alert once.
/// </summary>
public abstract class CorridorStoreSuite : MigratedStoreSuite
{
    protected static readonly DateTimeOffset Departure = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Departure);

    protected CorridorStore Store => new(Db, Clock, RouteBook.Shipped);

    protected static Consignment RailSea(string id = "CQ-0001") => ConsignmentRules.Check(new ConsignmentRequest(
        id, "TRD" + id.Replace("-", "", StringComparison.Ordinal), "ILSTC-RAIL-SEA", Departure,
        [new EquipmentRequest("CSQU3054383", ["SEAL001"]), new EquipmentRequest("MSKU6011672", ["SEAL002"])], []), RouteBook.Shipped, "trader").OrThrow();

    protected static JsonObject Transport(string code, string locode, DateTimeOffset at, string document = "TRDCQ0001") => new()
    {
        ["eventID"] = Guid.NewGuid().ToString(),
        ["eventType"] = "TRANSPORT",
        ["eventClassifierCode"] = "ACT",
        ["eventDateTime"] = at.ToString("O"),
        ["eventCreatedDateTime"] = at.ToString("O"),
        ["transportEventTypeCode"] = code,
        ["transportCall"] = new JsonObject { ["transportCallID"] = "TC-" + locode, ["UNLocationCode"] = locode, ["modeOfTransport"] = "RAIL" },
        ["documentReferences"] = new JsonArray(new JsonObject { ["documentReferenceType"] = "TRD", ["documentReferenceValue"] = document }),
    };

    protected static JsonObject Equipment(string code, string equipment, string locode, DateTimeOffset at) => new()
    {
        ["eventType"] = "EQUIPMENT",
        ["eventClassifierCode"] = "ACT",
        ["eventDateTime"] = at.ToString("O"),
        ["eventCreatedDateTime"] = at.ToString("O"),
        ["equipmentEventTypeCode"] = code,
        ["equipmentReference"] = equipment,
        ["emptyIndicatorCode"] = "LADEN",
        ["eventLocation"] = new JsonObject { ["UNLocationCode"] = locode },
    };

    [SkippableFact]
    public async Task AddConsignment_SameAgainIsFine_OtherContentIsLS909()
    {
        Skip.If(Unavailable is not null, Unavailable);
        Assert.True((await Store.AddConsignmentAsync(RailSea())).IsValid);
        Assert.True((await Store.AddConsignmentAsync(RailSea())).IsValid);
        var other = RailSea() with { RouteId = "GUOYUAN-RAIL-SEA" };
        Assert.Equal(CorridorErrorCodes.ConsignmentConflict, (await Store.AddConsignmentAsync(other)).Failure?.Code);
    }

    [SkippableFact]
    public async Task Ingest_JoinsByDocumentOrEquipment_RefusesUnknownAndKeepsThemAsReceived()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(3));
        string bad = Transport("DEPA", "CNCQI", Departure.AddHours(1), document: "NOPE").ToJsonString();
        string unknownBox = Equipment("LOAD", "TGHU9999995", "CNCQI", Departure.AddHours(1)).ToJsonString();
        string future = Transport("ARRI", "CNQZH", Departure.AddDays(3)).ToJsonString();
        string schema = Transport("LAND", "CNQZH", Departure.AddHours(1)).ToJsonString();
        var outcomes = await Store.IngestAsync([
            Transport("DEPA", "CNCQI", Departure.AddHours(1)).ToJsonString(),
            Equipment("LOAD", "MSKU6011672", "CNCQI", Departure.AddHours(1)).ToJsonString(),
            bad, unknownBox, future, schema]);

        Assert.True(outcomes[0].Accepted);
        Assert.Equal("CQ-0001", outcomes[1].ConsignmentId);
        Assert.Equal(CorridorErrorCodes.EventUnknownConsignment, outcomes[2].Faults[0].Code);
        Assert.Equal(CorridorErrorCodes.EventUnknownEquipment, outcomes[3].Faults[0].Code);
        Assert.Equal("/equipmentReference", outcomes[3].Faults[0].Pointer);
        Assert.Equal(CorridorErrorCodes.EventFuture, outcomes[4].Faults[0].Code);
        Assert.Equal(CorridorErrorCodes.EventSchema, outcomes[5].Faults[0].Code);

        Assert.Equal(2, (await Store.EventsOfAsync("CQ-0001")).Count);
        var refused = await Store.RefusedAsync();
        Assert.Equal(4, refused.Count);
        Assert.Contains(refused, r => r.Body == bad);
        Assert.Contains(refused, r => r.Body == future);
    }

    [SkippableFact]
    public async Task Ingest_SameEventTwice_OneRow_OtherContentUnderItsIdIsLS915()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(3));
        JsonObject e = Transport("DEPA", "CNCQI", Departure.AddHours(1));
        await Store.IngestAsync([e.ToJsonString()]);
        Assert.True((await Store.IngestAsync([e.ToJsonString()]))[0].Accepted);
        e["transportCall"]!["UNLocationCode"] = "CNQZH";
        Assert.Equal(CorridorErrorCodes.EventIdConflict, (await Store.IngestAsync([e.ToJsonString()]))[0].Faults[0].Code);
        Assert.Single(await Store.EventsOfAsync("CQ-0001"));
    }

    [SkippableFact]
    public async Task Correction_IsANewEventThatRetracts_TheOldStaysStruckInTheTimeline()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(3));
        JsonObject wrong = Transport("ARRI", "CNPIN", Departure.AddHours(2));
        await Store.IngestAsync([wrong.ToJsonString()]);
        JsonObject fix = Transport("ARRI", "CNPIN", Departure.AddHours(2));
        fix["retractedEventID"] = wrong["eventID"]!.GetValue<string>();
        Assert.True((await Store.IngestAsync([fix.ToJsonString()]))[0].Accepted);
        Assert.Equal(CorridorErrorCodes.RetractUnknown, (await Store.IngestAsync([fix.ToJsonString().Replace(fix["eventID"]!.GetValue<string>(), Guid.NewGuid().ToString(), StringComparison.Ordinal)]))[0].Faults[0].Code);

        Timeline t = (await Store.TimelineAsync("CQ-0001"))!;
        Assert.Equal(2, t.Entries.Count);
        Assert.Contains(t.Entries, e => e.Retracted && e.EventId == wrong["eventID"]!.GetValue<string>());
        Assert.Empty(await Store.ScanAlertsAsync(new AlertSettings()));
    }

    [SkippableFact]
    public async Task Events_DcsaFilters_AndCursorPages()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        await Store.AddConsignmentAsync(RailSea("CQ-0002"));
        Clock.Advance(TimeSpan.FromHours(5));
        var bodies = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            bodies.Add(Transport("DEPA", "CNCQI", Departure.AddMinutes(i), i % 2 == 0 ? "TRDCQ0001" : "TRDCQ0002").ToJsonString());
        }

        bodies.Add(Equipment("LOAD", "CSQU3054383", "CNCQI", Departure.AddMinutes(9)).ToJsonString());
        await Store.IngestAsync(bodies);

        Assert.Equal(4, (await Store.EventsAsync(new EventQuery(TransportDocumentReference: "TRDCQ0001"))).Events.Count);
        Assert.Single((await Store.EventsAsync(new EventQuery(EquipmentReference: "CSQU3054383"))).Events);
        Assert.Single((await Store.EventsAsync(new EventQuery(EventTypes: ["EQUIPMENT"]))).Events);
        Assert.Equal(3, (await Store.EventsAsync(new EventQuery(CreatedFrom: Departure.AddMinutes(2), CreatedTo: Departure.AddMinutes(4)))).Events.Count);

        EventPage first = await Store.EventsAsync(new EventQuery(Limit: 4));
        Assert.Equal(4, first.Events.Count);
        EventPage second = await Store.EventsAsync(new EventQuery(After: first.NextCursor!.Value, Limit: 4));
        Assert.Equal(2, second.Events.Count);
        Assert.Null(second.NextCursor);
        Assert.Empty(first.Events.Select(e => e.Seq).Intersect(second.Events.Select(e => e.Seq)));
    }

    [SkippableFact]
    public async Task SealBroken_RaisesOneAlert_EvenAfterARestart()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(50));
        await Store.RecordCustomsAsync("CQ-0001", CustomsEventKind.Arrival, "CN720001", Departure.AddHours(49));
        var check = await Store.RecordSealCheckAsync("CQ-0001", "CN720001", "CSQU3054383", SealOutcome.Broken, [], [], Departure.AddHours(49.5));
        Assert.True(check.Value.Mismatch);

        Alert a = Assert.Single(await Store.ScanAlertsAsync(new AlertSettings()));
        Assert.Equal(AlertKind.SealMismatch, a.Kind);
        Assert.Equal(["CN720001", "CN800002"], a.Notify);
        // A new store over the same database (a restarted node) raises nothing again.
        Assert.Empty(await new CorridorStore(Db, Clock, RouteBook.Shipped).ScanAlertsAsync(new AlertSettings()));
        Assert.Single(await Store.AlertsAsync("CQ-0001"));

        Assert.True((await Store.AcknowledgeAsync(a.Key, "officer1")).IsValid);
        Assert.Equal(CorridorErrorCodes.AlertUnknown, (await Store.AcknowledgeAsync(a.Key, "officer1")).Failure?.Code);
        Assert.Equal("officer1", (await Store.AlertsAsync("CQ-0001")).Single().AcknowledgedBy);
    }

    [SkippableFact]
    public async Task Overdue_RaisedOnceAtTheNextOffice_ArrivalMarksArrived()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(1));
        await Store.RecordCustomsAsync("CQ-0001", CustomsEventKind.Released, "CN800002", Departure);
        Clock.Advance(TimeSpan.FromHours(70));
        Alert late = Assert.Single(await Store.ScanAlertsAsync(new AlertSettings()));
        Assert.Equal((AlertKind.Overdue, "CN720001"), (late.Kind, late.Place));
        Assert.Empty(await Store.ScanAlertsAsync(new AlertSettings()));

        await Store.RecordCustomsAsync("CQ-0001", CustomsEventKind.Arrival, "CN720001", Clock.GetUtcNow());
        await Store.RecordCustomsAsync("CQ-0001", CustomsEventKind.Arrival, "SG000001", Clock.GetUtcNow());
        await Store.ScanAlertsAsync(new AlertSettings());
        Assert.Empty(await Store.ConsignmentsAsync(openOnly: true));
    }

    [SkippableFact]
    public async Task Timeline_JoinsCustomsCarrierSealsAndContributors_InTimeOrderWithLocalTimes()
    {
        Skip.If(Unavailable is not null, Unavailable);
        var store = new CorridorStore(Db, Clock, RouteBook.Shipped, [new ScanSource()]);
        await store.AddConsignmentAsync(RailSea());
        Clock.Advance(TimeSpan.FromHours(60));
        await store.RecordCustomsAsync("CQ-0001", CustomsEventKind.Released, "CN800002", Departure);
        await store.IngestAsync([Transport("DEPA", "CNCQI", Departure.AddHours(1)).ToJsonString(), Transport("ARRI", "CNQZH", Departure.AddHours(47)).ToJsonString()]);
        await store.RecordSealCheckAsync("CQ-0001", "CN720001", "CSQU3054383", SealOutcome.Intact, ["SEAL001"], [], Departure.AddHours(48));

        Timeline t = (await store.TimelineAsync("CQ-0001"))!;
        Assert.Equal(["customs", "carrier", "carrier", "scan", "customs", "seal"], t.Entries.Select(e => e.Source));
        TimelineEntry arrival = t.Entries[2];
        Assert.Equal("CN720001", arrival.OfficeCode);
        Assert.Equal("2026-12-03 07:00 +08:00", arrival.LocalTime);
        Assert.Equal("Asia/Shanghai", arrival.TimeZoneId);
        Assert.Equal("stopped", t.State);
    }

    private sealed class ScanSource : ITimelineContributor
    {
        public Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Consignment consignment, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<TimelineEntry>>([new TimelineEntry(Departure.AddHours(47.5), "x", null, "CN720001", "CNQZH", "scan", "scan verdict", "clear", null, false)]);
    }

    [SkippableFact]
    public async Task Subscription_CursorMovesOnlyOnDelivery_FailuresBackOff()
    {
        Skip.If(Unavailable is not null, Unavailable);
        await Store.AddConsignmentAsync(RailSea());
        var s = (await Store.SubscribeAsync(new Uri("https://example.org/hook"), new byte[32], ["TRANSPORT"], null, null, "trader")).Value;
        Clock.Advance(TimeSpan.FromHours(3));
        await Store.IngestAsync([Transport("DEPA", "CNCQI", Departure.AddHours(1)).ToJsonString(), Equipment("LOAD", "CSQU3054383", "CNCQI", Departure.AddHours(1)).ToJsonString()]);
        EventPage pending = await Store.EventsAsync(s.Query(100));
        Assert.Single(pending.Events);
        await Store.FailedAsync(s.Id, "HTTP 503");
        Assert.Empty(await Store.DueSubscriptionsAsync(Clock.GetUtcNow()));
        Assert.Single(await Store.DueSubscriptionsAsync(Clock.GetUtcNow().AddSeconds(6)));
        await Store.DeliveredAsync(s.Id, pending.Events[^1].Seq);
        EventSubscription after = (await Store.SubscriptionsAsync()).Single();
        Assert.Empty((await Store.EventsAsync(after.Query(100))).Events);
        Assert.Equal(0, after.Attempts);
        Assert.Equal(CorridorErrorCodes.SubscriptionInvalid, (await Store.SubscribeAsync(new Uri("https://example.org/hook"), new byte[8], [], null, null, "t")).Failure?.Code);
    }
}

public sealed class SqliteCorridorStoreTests : CorridorStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteCorridorStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresCorridorStoreTests : CorridorStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("corridor");
}
