using System.Text.Json;
using Landsea.CorridorSupervision;
using Landsea.Data;
using Landsea.Data.CorridorSupervision;

namespace Landsea.Cli.Tests.CorridorSupervision;

/// <summary>Issue 11 item 3: "landsea events export" prints the node's events as one JSON array of DCSA objects, stdout only JSON.</summary>
public class EventsExportTests
{
    [Fact]
    public async Task Export_OneJsonArray_WithTheDcsaFields_SinceFilters()
    {
        string file = Path.Combine(Path.GetTempPath(), "landsea-tests", $"events-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var db = NodeDatabase.FromArgument(file);
        await db.MigrateAsync();
        var store = new CorridorStore(db, TimeProvider.System, RouteBook.Shipped);
        DateTimeOffset departure = DateTimeOffset.UtcNow.AddHours(-10);
        Consignment c = ConsignmentRules.Check(new ConsignmentRequest("EXP-1", "TDEXP1", "ILSTC-RAIL-SEA", departure,
            [new EquipmentRequest("CSQU3054383", ["S1"])], []), RouteBook.Shipped, "t").OrThrow();
        await store.AddConsignmentAsync(c);
        await store.RecordCustomsAsync("EXP-1", CustomsEventKind.Released, "CN800002", departure);
        await store.RecordCustomsAsync("EXP-1", CustomsEventKind.Arrival, "CN720001", departure.AddHours(5));

        var (exit, output, _) = await CliHarness.Run("events", "export", "--db", file);
        Assert.Equal(0, exit);
        JsonElement[] events = [.. JsonDocument.Parse(output).RootElement.EnumerateArray()];
        Assert.Equal(2, events.Length);
        Assert.Equal("RELS", events[0].GetProperty("shipmentEventTypeCode").GetString());
        Assert.Equal("ARRI", events[1].GetProperty("transportEventTypeCode").GetString());
        foreach (string field in new[] { "eventID", "eventType", "eventClassifierCode", "eventDateTime", "eventCreatedDateTime" })
        {
            Assert.All(events, e => Assert.True(e.TryGetProperty(field, out _), field));
        }

        var (_, later, _) = await CliHarness.Run("events", "export", "--db", file, "--since", departure.AddHours(1).ToString("O"));
        Assert.Single(JsonDocument.Parse(later).RootElement.EnumerateArray());
        Assert.Equal(2, (await CliHarness.Run("events", "export", "--db", file, "--since", "yesterday")).Exit);
    }
}
