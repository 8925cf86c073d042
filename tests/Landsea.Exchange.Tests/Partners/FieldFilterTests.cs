using System.Text;
using Landsea.Exchange.Partners;

namespace Landsea.Exchange.Tests.Partners;

public sealed class FieldFilterTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", new[] { "/a" }, """{"a":1}""")]
    [InlineData("""{"a":{"x":1,"y":2},"b":2}""", new[] { "/a/x" }, """{"a":{"x":1}}""")]
    [InlineData("""{"a":{"x":1,"y":2}}""", new[] { "/a" }, """{"a":{"x":1,"y":2}}""")]
    [InlineData("""{"g":[{"h":"1","v":9},{"h":"2","v":8}]}""", new[] { "/g/*/h" }, """{"g":[{"h":"1"},{"h":"2"}]}""")]
    [InlineData("""{"g":[{"h":"1"},{"h":"2"}]}""", new[] { "/g/1" }, """{"g":[{"h":"2"}]}""")]
    [InlineData("""{"a/b":1,"c~d":2,"e":3}""", new[] { "/a~1b", "/c~0d" }, """{"a/b":1,"c~d":2}""")]
    [InlineData("""{"a":{"secret":1}}""", new[] { "/b" }, """{}""")]
    [InlineData("""{"a":"scalar"}""", new[] { "/a/deeper" }, """{}""")]
    [InlineData("""{"a":1}""", new[] { "" }, """{"a":1}""")]
    public void Apply_AllowList_KeepsOnlyAllowedValues(string json, string[] paths, string expected)
    {
        byte[]? filtered = FieldFilter.Apply(Encoding.UTF8.GetBytes(json), paths);

        Assert.Equal(expected, Encoding.UTF8.GetString(filtered!));
    }

    [Fact]
    public void Apply_NotJson_ReturnsNull() => Assert.Null(FieldFilter.Apply("<xml/>"u8, ["/a"]));

    [Fact]
    public void Apply_PathWithoutLeadingSlash_ReturnsNull() => Assert.Null(FieldFilter.Apply("{}"u8, ["a"]));
}
