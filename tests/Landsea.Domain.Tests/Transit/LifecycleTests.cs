using System.Text;
using System.Xml.Linq;
using Landsea.Shared;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Transit;

/// <summary>The departure lifecycle, guarantees, and the answers the node writes (each validated by the 51.8.6 XSD).</summary>
public sealed class LifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Money Cny = new(0m, CurrencyCode.Parse("CNY").Value);
    private const string Grn = "26CN0000000001234";

    /// <summary>The corridor declaration with a guarantee reference: GRN, access code, 10,000 CNY to cover.</summary>
    internal static NctsMessage Declaration()
    {
        string xml = TransitRulesTests.Declaration().Replace(
            "<otherGuaranteeReference>iNkM2E</otherGuaranteeReference>",
            "<GuaranteeReference><sequenceNumber>1</sequenceNumber><GRN>" + Grn + "</GRN><accessCode>AB12</accessCode><amountToBeCovered>10000.00</amountToBeCovered><currency>CNY</currency></GuaranteeReference>",
            StringComparison.Ordinal).Replace("<guaranteeType>P</guaranteeType>", "<guaranteeType>0</guaranteeType>", StringComparison.Ordinal);
        TransitCheck check = TransitValidation.Check(Encoding.UTF8.GetBytes(xml), TransitAdministration.For("CNCQI")!, T0);
        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => $"{e.Code} {e.Pointer} {e.Reason}")));
        return check.Message!;
    }

    private static Guarantee Comprehensive(decimal amount) =>
        Guarantees.Register(Grn, GuaranteeKind.Comprehensive, "ezv3Z", "AB12", Cny with { Amount = amount }).Value;

    private static Movement Released(out Guarantee guarantee)
    {
        Movement m = TransitLifecycle.Open(Declaration(), T0, "ezv3Z").Value;
        m = TransitLifecycle.AllocateMrn(m, Mrn.Create(2026, "CN", "CQI000000001", 'J').Value, T0, "system").Value;
        (Result<Movement> reserved, Guarantee? g, Failure? refusal) = TransitLifecycle.ReserveGuarantee(m, Comprehensive(50_000m), T0, "system");
        Assert.Null(refusal);
        guarantee = g!;
        return TransitLifecycle.Step(reserved.Value, "IE029", T0, "CN800001", "officer.cq").Value;
    }

    [Fact]
    public void Lifecycle_ReleaseArriveWriteOff_RecordsEveryStepAndReleasesTheGuarantee()
    {
        Movement m = Released(out Guarantee guarantee);
        Assert.Equal(40_000m, guarantee.Available.Amount);
        Movement arrived = TransitLifecycle.Step(m, "IE006", T0.AddDays(2), "CN720001", "CNNNG").Value;
        Movement done = TransitLifecycle.ControlResults(arrived, discrepancies: false, T0.AddDays(2), "CN720001", "CNNNG").Value;

        Assert.Equal(MovementState.WrittenOff, done.State);
        Assert.True(TransitLifecycle.ReleasesGuarantee(arrived, done));
        Assert.Equal(50_000m, Guarantees.Release(guarantee, m.AmountToCover!.Value).Available.Amount);
        Assert.Equal(["IE015", "IE028", "GUA", "IE029", "IE006", "IE045"], done.History.Select(h => h.Message));
        Assert.Equal("CN720001", done.History[^1].Office);
        Assert.Equal("CNNNG", done.History[^1].Actor);
    }

    [Fact]
    public void Lifecycle_Discrepancies_ResolvedThenWrittenOff()
    {
        Movement m = TransitLifecycle.Step(Released(out _), "IE006", T0, "CN720001", "CNNNG").Value;
        Movement d = TransitLifecycle.ControlResults(m, discrepancies: true, T0, "CN720001", "CNNNG").Value;
        Assert.Equal(MovementState.Discrepancies, d.State);
        Assert.Equal(MovementState.WrittenOff, TransitLifecycle.Step(d, "IE049", T0, "CN800001", "officer.cq").Value.State);
    }

    [Fact]
    public void Invalidate_AfterReleaseBeforeGoodsLeft_CancelsAndReleasesGuarantee()
    {
        Movement m = Released(out _);
        Movement c = TransitLifecycle.Invalidate(m, T0, "ezv3Z").Value;
        Assert.Equal(MovementState.Cancelled, c.State);
        Assert.True(TransitLifecycle.ReleasesGuarantee(m, c));
    }

    [Theory]
    [InlineData("IE118", "CN720002")]
    [InlineData("IE002", "VNHN0001")]
    public void Invalidate_AfterGoodsLeft_IsOutOfSequence92(string seen, string office)
    {
        Movement m = TransitLifecycle.Step(Released(out _), seen, T0, office, "CNNNG").Value;
        Result<Movement> r = TransitLifecycle.Invalidate(m, T0, "ezv3Z");
        Assert.Equal(TransitErrorCodes.OutOfSequence, r.Failure!.Code);
        Assert.Equal("92", TransitLifecycle.FunctionalCode(r.Failure.Code));
        Assert.Contains(seen, r.Failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalidate_BeforeRelease_Cancels()
    {
        Movement m = TransitLifecycle.Open(Declaration(), T0, "ezv3Z").Value;
        Movement c = TransitLifecycle.Invalidate(m, T0, "ezv3Z").Value;
        Assert.Equal(MovementState.Cancelled, c.State);
        Assert.False(TransitLifecycle.ReleasesGuarantee(m, c));
    }

    [Fact]
    public void MarkOverdue_OnlyAfterTheTimeLimit()
    {
        Movement m = Released(out _);
        Assert.Equal(TransitErrorCodes.OutOfSequence, TransitLifecycle.MarkOverdue(m, T0.AddDays(7), "system").Failure!.Code);
        Movement e = TransitLifecycle.MarkOverdue(m, T0.AddDays(9), "system").Value;
        Assert.Equal(MovementState.Enquiry, e.State);
        Assert.Equal(MovementState.Arrived, TransitLifecycle.Step(e, "IE006", T0.AddDays(10), "CN720001", "CNNNG").Value.State);
    }

    [Fact]
    public void Duplicate_SameSenderAndId_Refused26()
    {
        Failure? f = TransitLifecycle.Duplicate(new HashSet<string> { "ezv3Z\nwrxe" }, "ezv3Z", "wrxe");
        Assert.Equal(TransitErrorCodes.DuplicateMessage, f!.Code);
        Assert.Equal("26", TransitLifecycle.FunctionalCode(f.Code));
        Assert.Null(TransitLifecycle.Duplicate(new HashSet<string> { "ezv3Z\nwrxe" }, "other", "wrxe"));
    }

    [Fact]
    public void ReserveGuarantee_NotCovered_StaysWithIe055()
    {
        Movement m = TransitLifecycle.Open(Declaration(), T0, "ezv3Z").Value;
        m = TransitLifecycle.AllocateMrn(m, Mrn.Create(2026, "CN", "CQI000000002", 'J').Value, T0, "system").Value;
        (Result<Movement> moved, Guarantee? g, Failure? refusal) = TransitLifecycle.ReserveGuarantee(m, Comprehensive(5_000m), T0, "system");
        Assert.Equal(TransitErrorCodes.GuaranteeNotCovered, refusal!.Code);
        Assert.Null(g);
        Assert.Equal(MovementState.MrnAllocated, moved.Value.State);
        Assert.Equal("IE055", moved.Value.History[^1].Message);
    }

    [Fact]
    public void Reserve_IndividualTwice_Refused()
    {
        Guarantee g = Guarantees.Register(Grn, GuaranteeKind.Individual, "ezv3Z", "AB12", Cny with { Amount = 100m }).Value;
        Guarantee once = Guarantees.Reserve(g, Cny with { Amount = 10m }, "AB12").Value;
        Assert.Equal(TransitErrorCodes.GuaranteeNotCovered, Guarantees.Reserve(once, Cny with { Amount = 10m }, "AB12").Failure!.Code);
        Assert.Equal(TransitErrorCodes.GuaranteeUnknown, Guarantees.Reserve(g, Cny with { Amount = 10m }, "XXXX").Failure!.Code);
        Assert.Equal(TransitErrorCodes.GuaranteeCurrency, Guarantees.Reserve(g, new Money(10m, CurrencyCode.Parse("USD").Value), "AB12").Failure!.Code);
    }

    [Theory]
    [InlineData("26CN0000000001234", true)]
    [InlineData("26CN0000000001234A123456", true)]
    [InlineData("26cn0000000001234", false)]
    [InlineData("ABC", false)]
    public void ParseGrn_FollowsTheSchemaPattern(string grn, bool valid) => Assert.Equal(valid, Guarantees.ParseGrn(grn).IsValid);

    public static TheoryData<string> Answers() => ["IE928", "IE028", "IE056", "IE055", "IE060", "IE029", "IE051", "IE004", "IE009", "IE019", "IE045"];

    [Theory]
    [MemberData(nameof(Answers))]
    public void Answer_ValidatesAgainstItsSchema(string answer)
    {
        NctsMessage d = Declaration();
        Movement m = Released(out _);
        var context = new AnswerContext("NTA.CN", "token", T0, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "CQ-0001", d.MessageIdentification);
        XDocument doc = answer switch
        {
            "IE928" => NctsAnswers.Ie928(context, d),
            "IE028" => NctsAnswers.Ie028(context, d, m),
            "IE056" => NctsAnswers.Ie056(context, d, "015", [new("/ncts:CC015C/messageRecipient", TransitErrorCodes.RecipientNotThisAdministration, "not us")]),
            "IE055" => NctsAnswers.Ie055(context, d, m, new Failure(TransitErrorCodes.GuaranteeNotCovered, "short")),
            "IE060" => NctsAnswers.Ie060(context, d, m, "red channel"),
            "IE029" => NctsAnswers.Ie029(context, d, m),
            "IE051" => NctsAnswers.Ie051(context, d, m, "01", "seals broken"),
            "IE004" => NctsAnswers.Ie004(context, d, m, T0),
            "IE009" => NctsAnswers.Ie009(context, d, m, T0, "requested by the holder"),
            "IE019" => NctsAnswers.Ie019(context, d, m, "one package short"),
            _ => NctsAnswers.Ie045(context, d, m),
        };
        TransitCheck read = NctsReader.Read(Encoding.UTF8.GetBytes(doc.ToString()));
        Assert.True(read.Errors.Count == 0, doc + "\n" + string.Join("\n", read.Errors.Select(e => $"{e.Pointer}: {e.Reason}")));
        Assert.Equal("CC" + answer[2..] + "C", read.MessageType);
        Assert.Equal("CQ-0001", read.Message!.MessageIdentification);
    }
}
