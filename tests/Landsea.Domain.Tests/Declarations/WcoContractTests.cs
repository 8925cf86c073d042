using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Xunit.Abstractions;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>Golden contract tests over the WCO DM samples in vectors/wco-dm-uk-cds.</summary>
public class WcoContractTests(ITestOutputHelper output)
{
    public static TheoryData<string> WellFormedSamples()
    {
        var data = new TheoryData<string>();
        foreach (string f in WcoSamples.ScenarioDeclarations.Except(WcoSamples.Malformed))
        {
            data.Add(WcoSamples.Relative(f));
        }

        return data;
    }

    [Fact]
    public void Samples_Found_ManyDeclarationsAndThreeMalformed()
    {
        Assert.True(WcoSamples.ScenarioDeclarations.Count > 150, $"only {WcoSamples.ScenarioDeclarations.Count} samples");
        Assert.Equal(3, WcoSamples.Malformed.Count);
    }

    [Theory]
    [MemberData(nameof(WellFormedSamples))]
    public void Read_WellFormedSample_AcceptedUnlessRetiredCommodityCode(string relative)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(WcoSamples.Folder, relative));
        bool usesRetiredCode = System.Text.Encoding.UTF8.GetString(bytes).Contains(">97020000<", StringComparison.Ordinal);

        DeclarationCheck check = WcoDeclarationReader.Read(bytes, WcoSamples.LodgedOn);

        foreach (DeclarationError e in check.Errors)
        {
            output.WriteLine($"{e.Code} {e.Pointer}: {e.Reason}");
        }

        if (usesRetiredCode)
        {
            DeclarationError error = Assert.Single(check.Errors);
            Assert.Equal(ErrorCodes.CommodityUnknown, error.Code);
            Assert.Matches(@"^/md:MetaData/Declaration/GoodsShipment/GovernmentAgencyGoodsItem\[\d+\]/Commodity/Classification\[\d+\]/ID$", error.Pointer);
        }
        else
        {
            Assert.True(check.IsValid);
        }
    }

    [Fact]
    public void Read_MalformedSamples_RejectedWithLineAndPosition()
    {
        foreach (string file in WcoSamples.Malformed)
        {
            DeclarationCheck check = WcoDeclarationReader.Read(File.ReadAllBytes(file), WcoSamples.LodgedOn);

            Assert.False(check.IsValid);
            DeclarationError error = Assert.Single(check.Errors);
            Assert.Equal(ErrorCodes.Malformed, error.Code);
            Assert.Contains("line", error.Reason, StringComparison.Ordinal);
        }
    }
}
