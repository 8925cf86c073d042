using Landsea.Scans;

namespace Landsea.Domain.Tests.Scans;

/// <summary>Issue 12 item 4: each check alarms on what it is for, not on clean scans, and names the region.</summary>
public class ScanChecksTests
{
    private const int W = 400;
    private const int H = 200;
    private static readonly Lazy<ReferenceLibrary> Library = new(() => ReferenceLibrary.Build(W, H, perHeading: 3));

    private static (SimulatedScan Scan, IReadOnlyList<CheckFinding> Findings) Check(long index, ScanScenario scenario, string? hs = null)
    {
        SimulatedScan s = ScanSimulator.Simulate(11, index, scenario, W, H, hs);
        return (s, ScanChecks.Run(ScanAnalysis.Of(s.Image), s.Declaration, Library.Value));
    }

    private static bool Overlaps(PixelRegion a, PixelRegion b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    [Fact]
    public void EmptyContainer_Empty_NoAlarm_LoadDeclaredEmpty_AlarmsWhereTheLoadIs()
    {
        (_, IReadOnlyList<CheckFinding> empty) = Check(1, ScanScenario.Empty);
        (SimulatedScan loaded, IReadOnlyList<CheckFinding> found) = Check(2, ScanScenario.LoadDeclaredEmpty);
        CheckFinding alarm = found.Single(f => f.Check == ScanChecks.EmptyContainer);

        Assert.False(empty.Single(f => f.Check == ScanChecks.EmptyContainer).Alarm);
        Assert.True(alarm.Alarm, alarm.Reason);
        Assert.True(Overlaps(alarm.Region!.Value, loaded.Truth.Cargo!.Value), $"{alarm.Region} vs {loaded.Truth.Cargo}");
        Assert.Contains("Declared empty", alarm.Reason, StringComparison.Ordinal);
        Assert.All(found.Where(f => f.Check != ScanChecks.EmptyContainer), f => Assert.False(f.Applies));
    }

    [Fact]
    public void MassFill_AsDeclared_Consistent_Underdeclared_Alarms()
    {
        (_, IReadOnlyList<CheckFinding> clean) = Check(3, ScanScenario.AsDeclared, "440710");
        (_, IReadOnlyList<CheckFinding> heavy) = Check(4, ScanScenario.MassUnderdeclared, "440710");

        CheckFinding ok = clean.Single(f => f.Check == ScanChecks.MassFill);
        CheckFinding bad = heavy.Single(f => f.Check == ScanChecks.MassFill);
        Assert.False(ok.Alarm, ok.Reason);
        Assert.True(bad.Alarm, bad.Reason);
        Assert.Contains("more than declared", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Material_OrganicDeclared_MetalLoaded_AlarmsNamingTheClasses()
    {
        for (long i = 0; i < 40; i++)
        {
            SimulatedScan s = ScanSimulator.Simulate(11, i, ScanScenario.MaterialMismatch, W, H);
            GoodsKind declared = GoodsCatalogue.Find(s.Declaration.Goods[0].Hs)!;
            GoodsKind loaded = GoodsCatalogue.Find(s.Truth.ActualHs!)!;
            if (declared.ExpectedClass != MaterialClass.Organic || loaded.ExpectedClass != MaterialClass.Metal)
            {
                continue;
            }

            CheckFinding f = ScanChecks.CheckMaterial(ScanAnalysis.Of(s.Image), s.Declaration);
            Assert.True(f.Alarm, f.Reason);
            Assert.Contains("reads metal", f.Reason, StringComparison.Ordinal);
            Assert.Contains("expected organic", f.Reason, StringComparison.Ordinal);
            return;
        }

        Assert.Fail("no organic-declared, metal-loaded scan among 40");
    }

    [Fact]
    public void Material_MixedChapter_DoesNotApply()
    {
        (_, IReadOnlyList<CheckFinding> f) = Check(5, ScanScenario.AsDeclared, "847130");

        Assert.False(f.Single(x => x.Check == ScanChecks.Material).Applies);
    }

    [Fact]
    public void Anomaly_SteelBehindTShirts_AlarmsOverTheHiddenGoods()
    {
        for (long i = 0; i < 40; i++)
        {
            SimulatedScan s = ScanSimulator.Simulate(11, i, ScanScenario.UndeclaredDense, W, H, "610910");
            CheckFinding f = ScanChecks.CheckAnomaly(ScanAnalysis.Of(s.Image), s.Declaration, Library.Value);
            Assert.True(f.Alarm, $"scan {i}: {f.Reason} ({s.Truth.HiddenDescription})");
            Assert.True(Overlaps(f.Region!.Value, s.Truth.Hidden!.Value), $"scan {i}: {f.Region} vs {s.Truth.Hidden}");
            if (i == 5)
            {
                break;
            }
        }
    }

    [Fact]
    public void AsDeclared_LightGoods_NoCheckAlarms()
    {
        foreach (string hs in new[] { "610910", "080390", "940360" })
        {
            (_, IReadOnlyList<CheckFinding> f) = Check(6, ScanScenario.AsDeclared, hs);
            Assert.All(f, x => Assert.False(x.Alarm, $"{hs}: {x.Check}: {x.Reason}"));
        }
    }
}
