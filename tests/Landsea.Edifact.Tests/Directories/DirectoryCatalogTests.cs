using Landsea.Edifact.Directories;

namespace Landsea.Edifact.Tests.Directories;

public class DirectoryCatalogTests
{
    public static TheoryData<string, string> AllMessages()
    {
        var data = new TheoryData<string, string>();
        foreach (string d in DirectoryCatalog.Shipped)
        {
            foreach (string m in DirectoryCatalog.MessageTypes(d))
            {
                data.Add(d, m);
            }
        }

        return data;
    }

    [Fact]
    public void Shipped_CustomsMessages_ArePresentInEveryDirectory()
    {
        foreach (string d in DirectoryCatalog.Shipped)
        {
            var types = DirectoryCatalog.MessageTypes(d);
            Assert.Contains("CUSDEC", types);
            Assert.Contains("CUSCAR", types);
            Assert.Contains("CUSRES", types);
            Assert.Contains("CUSREP", types);
            Assert.Contains("CONTRL", types);
        }
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Load_EveryMessageDefinition_HasUnhFirstUntLastAndKnownSegments(string directory, string messageType)
    {
        var dir = DirectoryCatalog.Get(directory);
        var definition = dir.Messages[messageType];
        Assert.Equal("UNH", definition.Root.Children[0].Id);
        Assert.Equal("UNT", definition.Root.Children[^1].Id);
        foreach (var node in Walk(definition.Root).Where(n => !n.IsGroup))
        {
            Assert.True(dir.Segments.ContainsKey(node.Id), $"{directory} {messageType}: segment {node.Id} has no definition");
            Assert.True(node.MaxRepeat >= 1);
        }

        foreach (var group in definition.Groups())
        {
            Assert.False(group.Children[0].IsGroup, $"{group.Id} must start with a trigger segment");
        }
    }

    [Fact]
    public void Load_D96B_CodeListsAndFormats()
    {
        var dir = DirectoryCatalog.Get("D96B");
        var loc = dir.Segments["LOC"];
        Assert.Equal("3227", loc.Elements[0].Id);
        Assert.True(loc.Elements[0].Required);
        Assert.NotNull(loc.Elements[0].Components[0].Codes);
        Assert.True(loc.Elements[0].Components[0].Codes!.Contains("9"u8));
        Assert.False(loc.Elements[0].Components[0].Codes!.Contains("ZZZZ"u8));
        Assert.Equal("an..3", loc.Elements[0].Components[0].Format);
    }

    [Fact]
    public void TryGet_UnshippedDirectory_ReturnsFalse()
    {
        Assert.False(DirectoryCatalog.TryGet("D95B", out _));
    }

    private static IEnumerable<StructureNode> Walk(StructureNode n) => new[] { n }.Concat(n.Children.SelectMany(Walk));
}
