using System.Text.Json.Nodes;
using Landsea.CorridorSupervision;

namespace Landsea.Domain.Tests.CorridorSupervision;

/// <summary>Issue 11 item 3: carrier events are checked against the DCSA T&amp;T 2.2.0 schema, faults named by JSON Pointer.</summary>
public class CarrierEventsTests
{
    private static readonly DateTimeOffset Now = CorridorSamples.Departure.AddHours(10);

    [Fact]
    public void Read_ValidTransportEvent_GivesItsReferences()
    {
        var r = CarrierEvents.Read(CorridorSamples.Transport("DEPA", "CNCQI", Now.AddHours(-1)).ToJsonString(), Now, out var faults);
        Assert.True(r.IsValid, r.Failure?.Reason);
        Assert.Empty(faults);
        Assert.Equal("DEPA", r.Value.TypeCode);
        Assert.Equal("CNCQI", r.Value.Locode);
        Assert.Equal("TRDCQ0001", r.Value.TransportDocumentReference);
    }

    [Fact]
    public void Read_EquipmentEventWithSeals_GivesSealsAndEquipment()
    {
        JsonObject e = CorridorSamples.Equipment("INSP", "CSQU3054383", "CNQZH", Now);
        e["seals"] = new JsonArray(new JsonObject { ["sealNumber"] = "SEAL001", ["sealType"] = "BLT" });
        var r = CarrierEvents.Read(e.ToJsonString(), Now, out _);
        Assert.True(r.IsValid, r.Failure?.Reason);
        Assert.Equal(["SEAL001"], r.Value.Seals);
        Assert.Equal("CSQU3054383", r.Value.EquipmentReference);
    }

    [Theory]
    [InlineData("transportEventTypeCode", "LAND", "/transportEventTypeCode")]
    [InlineData("eventClassifierCode", "GUESS", "/eventClassifierCode")]
    [InlineData("eventDateTime", "yesterday", "/eventDateTime")]
    [InlineData("eventType", "PARTY", "/eventType")]
    public void Read_SchemaFault_LS911NamesTheField(string field, string value, string pointer)
    {
        JsonObject e = CorridorSamples.Transport("DEPA", "CNCQI", Now);
        e[field] = value;
        var r = CarrierEvents.Read(e.ToJsonString(), Now, out var faults);
        Assert.Equal(CorridorErrorCodes.EventSchema, r.Failure?.Code);
        Assert.Contains(faults, f => f.Pointer == pointer);
    }

    [Fact]
    public void Read_MissingTransportCall_LS911()
    {
        JsonObject e = CorridorSamples.Transport("DEPA", "CNCQI", Now);
        e.Remove("transportCall");
        var r = CarrierEvents.Read(e.ToJsonString(), Now, out var faults);
        Assert.Equal(CorridorErrorCodes.EventSchema, r.Failure?.Code);
        Assert.Contains(faults, f => f.Reason.Contains("transportCall", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WrongModeInsideTransportCall_PointsIntoTheObject()
    {
        JsonObject e = CorridorSamples.Transport("DEPA", "CNCQI", Now, mode: "CAMEL");
        CarrierEvents.Read(e.ToJsonString(), Now, out var faults);
        Assert.Contains(faults, f => f.Pointer == "/transportCall/modeOfTransport");
    }

    [Fact]
    public void Read_ActualEventFarInTheFuture_LS914()
    {
        var r = CarrierEvents.Read(CorridorSamples.Transport("ARRI", "CNQZH", Now.AddDays(2)).ToJsonString(), Now, out var faults);
        Assert.Equal(CorridorErrorCodes.EventFuture, r.Failure?.Code);
        Assert.Equal("/eventDateTime", faults[0].Pointer);
    }

    [Fact]
    public void Read_EstimatedEventInTheFuture_IsFine()
    {
        JsonObject e = CorridorSamples.Transport("ARRI", "CNQZH", Now.AddDays(2));
        e["eventClassifierCode"] = "EST";
        e["eventCreatedDateTime"] = Now.ToString("O");
        Assert.True(CarrierEvents.Read(e.ToJsonString(), Now, out _).IsValid);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public void Read_NotAnObject_LS910(string text) =>
        Assert.Equal(CorridorErrorCodes.EventMalformed, CarrierEvents.Read(text, Now, out _).Failure?.Code);

    [Fact]
    public void CustomsEvents_AreValidDcsaEvents()
    {
        Consignment c = CorridorSamples.RailSea();
        Place qinzhou = RouteBook.Shipped.Places["CNQZH"];
        foreach (CustomsEventKind kind in Enum.GetValues<CustomsEventKind>())
        {
            CorridorEvent e = CustomsEvents.Of(Guid.NewGuid(), c, kind, qinzhou, Now, Now);
            var back = CarrierEvents.Read(e.Body, Now, out var faults);
            Assert.True(back.IsValid, $"{kind}: {string.Join("; ", faults.Select(f => f.Pointer + " " + f.Reason))}");
        }
    }

    [Fact]
    public void Retraction_NamesTheRetractedEventAndReadsBack()
    {
        Consignment c = CorridorSamples.RailSea();
        CorridorEvent e = CustomsEvents.Of(Guid.NewGuid(), c, CustomsEventKind.Arrival, RouteBook.Shipped.Places["CNQZH"], Now, Now);
        CorridorEvent r = CustomsEvents.Retraction(Guid.NewGuid(), e, Now);
        var back = CarrierEvents.Read(r.Body, Now, out _);
        Assert.Equal(e.EventId, back.Value.RetractsEventId);
    }
}
