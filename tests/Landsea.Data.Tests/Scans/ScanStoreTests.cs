using System.Text;
using Landsea.Data.Declarations;
using Landsea.Data.Scans;
using Landsea.Data.Tests.Statistics;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Scans;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Data.Tests.Scans;

/// <summary>Issue 12 item 1: scans lodged against the node's declarations, stored once by hash, refused ones kept as received.</summary>
public abstract class ScanStoreSuite : MigratedStoreSuite
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero));

    private async Task<(string Mrn, string Container)> DeclarationWithContainerAsync()
    {
        string container = ScanSimulator.ContainerOf(4242);
        string json = TradeLineStoreSuite.Json("SC-1", "EXA", "VN", "3", "CNY", ("610910", "CN", 5000m)).TrimEnd().TrimEnd('}') + $", \"containers\": [\"{container}\"]}}";
        await using var writer = new DeclarationWriter(Db, _time, Corridor.FindNode("CNCQI")!);
        LodgeAnswer answer = await TradeLineStoreSuite.LodgeAsync(writer, json, new DateOnly(2026, 3, 2));
        return (answer.Mrn!, container);
    }

    private static (byte[] Metadata, byte[] Low, byte[] High) Scan(string mrn, string container, long index = 1)
    {
        SimulatedScan s = ScanSimulator.Simulate(9, index, ScanScenario.AsDeclared, 128, 64, "610910");
        ScanMetadata meta = ScanMetadata.ForSimulated(s, index, "scan") with { Mrn = mrn, ContainerNumber = container };
        return (Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(meta, ScanMetadata.Json)),
            ScanPng.Encode(s.Image.Low, 128, 64), ScanPng.Encode(s.Image.High, 128, 64));
    }

    [SkippableFact]
    public async Task Lodge_KnownMrnAndContainer_Lodged_AgainIsOneScan()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string mrn, string container) = await DeclarationWithContainerAsync();
        (byte[] m, byte[] l, byte[] h) = Scan(mrn, container);
        var store = new ScanStore(Db, _time);

        ScanLodgeAnswer first = await store.LodgeAsync("officer.qin", m, l, h);
        ScanLodgeAnswer again = await store.LodgeAsync("officer.qin", m, l, h);

        Assert.True(first.Status == ScanStore.Lodged, first.Failure?.Reason);
        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.ScanId, again.ScanId);
        Assert.Equal((3L, 1L, 1L), await store.CountsAsync());
        Assert.Equal(h, await store.BlobAsync(ScanLodging.Hash(h)));
        StoredScan stored = Assert.Single(await store.ForMrnAsync(mrn));
        Assert.Equal((container, "CN720002", 128, 64), (stored.ContainerNumber, stored.Office, stored.Width!.Value, stored.Height!.Value));
    }

    [SkippableFact]
    public async Task Lodge_UnknownMrn_RefusedLS946_KeptAsReceived_NotLodged()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (byte[] m, byte[] l, byte[] h) = Scan("26CN000000000001A3", ScanSimulator.ContainerOf(1));
        var store = new ScanStore(Db, _time);

        ScanLodgeAnswer answer = await store.LodgeAsync("officer.qin", m, l, h);

        Assert.Equal((ScanStore.Refused, ScanErrorCodes.MrnUnknown), (answer.Status, answer.Failure!.Code));
        Assert.Equal((3L, 1L, 0L), await store.CountsAsync());
        Assert.Equal(m, await store.BlobAsync(ScanLodging.Hash(m)));
    }

    [SkippableFact]
    public async Task Lodge_ContainerNotOfTheDeclaration_RefusedLS945()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string mrn, _) = await DeclarationWithContainerAsync();
        (byte[] m, byte[] l, byte[] h) = Scan(mrn, ScanSimulator.ContainerOf(77));

        ScanLodgeAnswer answer = await new ScanStore(Db, _time).LodgeAsync("officer.qin", m, l, h);

        Assert.Equal(ScanErrorCodes.ContainerInvalid, answer.Failure!.Code);
        Assert.Contains("is not a container of declaration", answer.Failure.Reason, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Lodge_UndecodableChannel_RefusedLS941NamingTheChannel_SharedChannelStoredOnce()
    {
        Skip.If(Unavailable is not null, Unavailable);
        (string mrn, string container) = await DeclarationWithContainerAsync();
        (byte[] m, byte[] l, _) = Scan(mrn, container);
        var store = new ScanStore(Db, _time);

        ScanLodgeAnswer answer = await store.LodgeAsync("officer.qin", m, l, "not a png"u8.ToArray());
        ScanLodgeAnswer other = await store.LodgeAsync("officer.qin", m, l, "still not a png"u8.ToArray());

        Assert.Equal(ScanErrorCodes.ImageUndecodable, answer.Failure!.Code);
        Assert.StartsWith("highChannel:", answer.Failure.Reason, StringComparison.Ordinal);
        Assert.NotEqual(answer.ScanId, other.ScanId);
        Assert.Equal((4L, 2L, 0L), await store.CountsAsync());
    }
}

public sealed class SqliteScanStoreTests : ScanStoreSuite
{
    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() =>
        Task.FromResult((StoreTestDatabases.NewSqlite(nameof(SqliteScanStoreTests)), (Func<Task>)(() => Task.CompletedTask)));
}

public sealed class PostgresScanStoreTests : ScanStoreSuite
{
    protected override string? Unavailable => StoreTestDatabases.PostgresUnavailable;

    protected override Task<(NodeDatabase Db, Func<Task> Cleanup)> CreateDatabaseAsync() => StoreTestDatabases.NewPostgresAsync("scans");
}
