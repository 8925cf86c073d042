using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Declarations;

public class LodgingTests
{
    private static Declaration Original(string? declarant = "GB123456789000", string reference = "LRN-1", params Party[] parties) => new()
    {
        FunctionalReference = reference,
        TypeCode = "IMA",
        FunctionCode = "9",
        Kind = SubmissionKind.Original,
        Direction = DeclarationDirection.Import,
        DeclarantId = declarant is null ? null : TraderId.Parse(declarant).OrThrow(),
        Parties = [.. parties, .. declarant is null ? Array.Empty<Party>() : [new Party("Declarant", TraderId.Parse(declarant).OrThrow(), null, null)]],
    };

    private static Declaration Request(SubmissionKind kind, string type) => Original() with { Kind = kind, TypeCode = type, FunctionCode = "13", ReferencedId = "26CNCQI000000001R4" };

    [Fact]
    public void Precedent_SameBytes_RepeatsFirstSuchSubmission()
    {
        EarlierSubmission[] earlier = [new("aa", false), new("bb", true), new("bb", true)];

        Result<int?> precedent = Lodging.Precedent("GB1", "LRN-1", "bb", earlier, valid: true);

        Assert.Equal(1, precedent.Value);
    }

    [Fact]
    public void Precedent_OtherContentAfterAcceptance_ReturnsDuplicateConflict()
    {
        Result<int?> precedent = Lodging.Precedent("GB1", "LRN-1", "cc", [new("aa", true)], valid: true);

        Assert.Equal(ErrorCodes.DuplicateConflict, precedent.Failure?.Code);
        Assert.Contains("LRN-1", precedent.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Precedent_OtherContentAfterRejectionOnly_IsNew()
    {
        Assert.Null(Lodging.Precedent("GB1", "LRN-1", "cc", [new("aa", false)], valid: true).Value);
    }

    [Fact]
    public void Precedent_InvalidSubmissionAfterAcceptance_IsNewNotAConflict()
    {
        Assert.Null(Lodging.Precedent("GB1", "LRN-1", "cc", [new("aa", true)], valid: false).Value);
    }

    [Fact]
    public void NamesLodgingTrader_TraderNotNamed_ReturnsPartyMissing()
    {
        Result<Declaration> named = Lodging.NamesLodgingTrader(Original(), "CN91350100M000100Y43");

        Assert.Equal(ErrorCodes.PartyMissing, named.Failure?.Code);
    }

    [Fact]
    public void NamesLodgingTrader_TraderNamedAsImporterInOtherCase_Passes()
    {
        Declaration d = Original(parties: new Party("Importer", TraderId.Parse("sg201912345z").OrThrow(), null, CountryCode.Parse("SG").OrThrow()));

        Assert.True(Lodging.NamesLodgingTrader(d, "SG201912345Z").IsValid);
        Assert.True(Lodging.NamesLodgingTrader(d, null).IsValid);
    }

    [Fact]
    public void IdentifiesOriginal_NoDeclarant_ReturnsPartyMissing()
    {
        Assert.Equal(ErrorCodes.PartyMissing, Lodging.IdentifiesOriginal(Original(declarant: null)).Failure?.Code);
        Assert.Equal(ErrorCodes.PartyMissing, Lodging.IdentifiesOriginal(Original(reference: "")).Failure?.Code);
        Assert.True(Lodging.IdentifiesOriginal(Request(SubmissionKind.Cancellation, "INV") with { DeclarantId = null }).IsValid);
    }

    [Fact]
    public void IsPlainOriginal_OnlyValidNamedOriginals()
    {
        Assert.True(Lodging.IsPlainOriginal(new DeclarationCheck(Original(), []), "GB123456789000"));
        Assert.False(Lodging.IsPlainOriginal(new DeclarationCheck(Original(), []), "GB999"));
        Assert.False(Lodging.IsPlainOriginal(new DeclarationCheck(Original(), [new("/", ErrorCodes.Schema, "x")]), null));
        Assert.False(Lodging.IsPlainOriginal(new DeclarationCheck(Request(SubmissionKind.Amendment, "COR"), []), null));
    }

    [Fact]
    public void RequestedEvent_EachKind()
    {
        Assert.Equal(DeclarationEvent.AmendmentAccepted, Lodging.RequestedEvent(Request(SubmissionKind.Amendment, "COR")).Value);
        Assert.Equal(DeclarationEvent.Invalidated, Lodging.RequestedEvent(Request(SubmissionKind.Cancellation, "INV")).Value);
        Assert.Equal(ErrorCodes.InvalidTransition, Lodging.RequestedEvent(Request(SubmissionKind.OtherRequest, "GPR")).Failure?.Code);
    }

    [Fact]
    public void UnknownTarget_ReturnsUnknownDeclaration()
    {
        Assert.Equal(ErrorCodes.UnknownDeclaration, Lodging.UnknownTarget("26CNCQI000000001R4").Code);
    }

    [Fact]
    public void ApplyRequest_AmendmentWhileAccepted_KeepsStatus()
    {
        Result<DeclarationStatus> next = Lodging.ApplyRequest("M", DeclarationStatus.Accepted, Request(SubmissionKind.Amendment, "COR"), DeclarationEvent.AmendmentAccepted);

        Assert.Equal(DeclarationStatus.Accepted, next.Value);
    }

    [Fact]
    public void ApplyRequest_CancellationAfterRelease_ReturnsInvalidTransition()
    {
        Result<DeclarationStatus> next = Lodging.ApplyRequest("M", DeclarationStatus.Released, Request(SubmissionKind.Cancellation, "INV"), DeclarationEvent.Invalidated);

        Assert.Equal(ErrorCodes.InvalidTransition, next.Failure?.Code);
        Assert.Contains("cancellation is no longer possible", next.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyOfficerAction_ValidationEvent_ReturnsInvalidTransition()
    {
        Assert.Equal(ErrorCodes.InvalidTransition, Lodging.ApplyOfficerAction("M", DeclarationStatus.Received, DeclarationEvent.Accepted).Failure?.Code);
        Assert.Equal(ErrorCodes.InvalidTransition, Lodging.OfficerMayRecord(DeclarationEvent.AmendmentAccepted).Failure?.Code);
    }

    [Fact]
    public void ApplyOfficerAction_ReleaseThenClearance_FollowsLifecycle()
    {
        Assert.Equal(DeclarationStatus.Released, Lodging.ApplyOfficerAction("M", DeclarationStatus.Accepted, DeclarationEvent.Released).Value);
        Result<DeclarationStatus> late = Lodging.ApplyOfficerAction("M", DeclarationStatus.Cleared, DeclarationEvent.Released);
        Assert.Equal(ErrorCodes.InvalidTransition, late.Failure?.Code);
        Assert.Contains("it is Cleared", late.Failure!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SeriesFor_OfficeLocalYear_KeysCounterByYearCountryAndNodeTag()
    {
        CustomsNode node = Corridor.FindNode("CNCQI")!;
        CustomsOffice office = Corridor.Offices.First(o => o.NodeCode == node.Code);
        // 31 December 2026 20:00 UTC is already 2027 in Chongqing (UTC+8).
        MrnSeries series = Lodging.SeriesFor(node, office, new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal(2027, series.Year);
        Assert.Equal("27CNCQI", series.Key);
        Assert.Equal(2026, Lodging.SeriesFor(node, null, new DateTimeOffset(2026, 12, 31, 20, 0, 0, TimeSpan.Zero)).Year);
    }

    [Theory]
    [InlineData(DeclarationDirection.Import, 'R')]
    [InlineData(DeclarationDirection.Export, 'A')]
    [InlineData(DeclarationDirection.Other, 'P')]
    public void MrnFor_Direction_SetsProcedureLetterAndValidMrn(DeclarationDirection direction, char procedure)
    {
        MrnSeries series = Lodging.SeriesFor(Corridor.FindNode("CNCQI")!, null, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));

        Mrn mrn = series.MrnFor(direction, 42);

        Assert.Equal(procedure, mrn.Procedure);
        Assert.Equal("CQI000000042", mrn.Serial);
        Assert.True(Mrn.Parse(mrn.Value).IsValid);
    }

    [Fact]
    public void Amend_ReplacesItemsByNumber_AddsNewOnes_AndKeepsWhatTheAmendmentLeavesOut()
    {
        Declaration lodged = WithItems(2) with
        {
            InvoiceAmount = 100m, InvoiceCurrency = CurrencyCode.Parse("CNY").OrThrow(), TransportMode = "2",
            DestinationCountry = CountryCode.Parse("SG").OrThrow(),
        };
        var changed = new GoodsItem(2, HsCode.Parse("847150").OrThrow(), "Servers", CountryCode.Parse("CN").OrThrow(), 60m, CurrencyCode.Parse("CNY").OrThrow(), 30m, 25m);
        var added = new GoodsItem(3, HsCode.Parse("090121").OrThrow(), "Coffee", CountryCode.Parse("VN").OrThrow(), 40m, CurrencyCode.Parse("CNY").OrThrow(), 10m, 9m);
        Declaration amendment = Request(SubmissionKind.Amendment, "COR") with { Items = [changed, added], InvoiceAmount = 140m, Parties = [new Party("Declarant", TraderId.Parse("GB999999999000").OrThrow(), null, null)] };

        Declaration amended = Lodging.Amend(lodged, amendment);

        Assert.Equal([1, 2, 3], amended.Items.Select(i => i.Sequence));
        Assert.Equal("847130", amended.Items[0].CommodityCode!.Value.Digits);
        Assert.Equal("Servers", amended.Items[1].Description);
        Assert.Equal("Coffee", amended.Items[2].Description);
        Assert.Equal(["84", "09"], amended.Chapters);
        Assert.Equal(140m, amended.InvoiceAmount);
        Assert.Equal("2", amended.TransportMode); // left out of the amendment: kept
        Assert.Equal("SG", amended.DestinationCountry!.Value.Value);
        Assert.Equal(("LRN-1", "IMA", SubmissionKind.Original), (amended.FunctionalReference, amended.TypeCode, amended.Kind)); // identity stays
        Assert.Equal("GB123456789000", Assert.Single(amended.Parties).Id!.Value.Value); // an amendment does not change the declarant
    }

    private static Declaration WithItems(int count) => Original() with
    {
        Items = Enumerable.Range(1, count).Select(i => new GoodsItem(i, HsCode.Parse("847130").OrThrow(), null, CountryCode.Parse("CN").OrThrow(), null, null, null, null)).ToList(),
    };

    private static AmendedItemNumbers Numbers(string? count, params string[] sequences) =>
        new(sequences.Select((s, i) => new Located(s, $"/items/{i}/sequence")).ToList(), count is null ? null : new Located(count, "/goodsItemQuantity"));

    /// <summary>
    /// Issue 9: a COR amendment adding goods item 3 to a declaration of two, stating GoodsItemQuantity 3 for the whole
    /// declaration, was rejected with LS040 (item 1 numbered '3') and LS041 (states 3 but has 1): both rules looked at the
    /// amendment alone. Checked against the declaration as amended it passes.
    /// </summary>
    [Fact]
    public void Issue_9_amendment_adding_goods_item_rejected_LS040_LS041()
    {
        Assert.Empty(Lodging.CheckAmendedItems(WithItems(2), Numbers("3", "3")));
        Assert.Empty(Lodging.CheckAmendedItems(WithItems(2), Numbers("2", "2")));
        Assert.Empty(Lodging.CheckAmendedItems(WithItems(2), Numbers("4", "4", "3")));
    }

    [Fact]
    public void CheckAmendedItems_Gap_ReturnsItemNumberingAtTheItemAfterIt()
    {
        DeclarationError error = Assert.Single(Lodging.CheckAmendedItems(WithItems(2), Numbers(null, "4")));

        Assert.Equal((ErrorCodes.ItemNumbering, "/items/0/sequence"), (error.Code, error.Pointer));
        Assert.Contains("no item 3", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAmendedItems_WrongQuantityOrRepeatedNumber_ReturnsErrors()
    {
        DeclarationError count = Assert.Single(Lodging.CheckAmendedItems(WithItems(2), Numbers("4", "3")));
        Assert.Equal((ErrorCodes.ItemCount, "/goodsItemQuantity"), (count.Code, count.Pointer));
        Assert.Contains("as amended has 3", count.Reason, StringComparison.Ordinal);

        Assert.Contains(Lodging.CheckAmendedItems(WithItems(2), Numbers(null, "3", "3")), e => e.Code == ErrorCodes.ItemNumbering && e.Pointer == "/items/1/sequence");
        Assert.Contains(Lodging.CheckAmendedItems(WithItems(2), Numbers(null, "x")), e => e.Code == ErrorCodes.ItemNumbering);
        Assert.Empty(Lodging.CheckAmendedItems(WithItems(2), null));
    }
}
