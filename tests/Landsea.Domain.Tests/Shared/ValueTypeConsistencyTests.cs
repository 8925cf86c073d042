using System.Reflection;
using System.Xml.Linq;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Shared;

/// <summary>
/// Consistency over every public value type of <c>Landsea.Shared</c>, found by reflection in the NodaTime manner: a
/// new value type that lacks a parse/format round trip or a documented default fails here until it has them.
/// </summary>
public sealed class ValueTypeConsistencyTests
{
    /// <summary>Texts each value type must read and write back unchanged (its canonical form).</summary>
    private static readonly Dictionary<Type, string[]> Canonical = new()
    {
        [typeof(HsCode)] = ["9702.00", "8471.30.00", "8471.30.0010"],
        [typeof(CountryCode)] = ["CN", "SG", "LA", "XI", "EU"],
        [typeof(CurrencyCode)] = ["CNY", "SGD", "USD"],
        [typeof(Money)] = ["12.5 CNY", "0 SGD", "1000000.0001 USD"],
        [typeof(UnLocode)] = ["CNCKG", "SGSIN", "LAVTE"],
        [typeof(ContainerNumber)] = ["MSCU1234566", "CSQU3054383"],
        [typeof(Mrn)] = ["26CNCQI000000123R2"],
        [typeof(TraderId)] = ["91350100M000100Y43", "00192200M", "GB553202734852", "QQ1234", "ab-12/3.x"],
    };

    public static TheoryData<Type> ValueTypes()
    {
        var data = new TheoryData<Type>();
        foreach (Type t in typeof(HsCode).Assembly.GetExportedTypes()
                     .Where(t => t.Namespace == "Landsea.Shared" && t.IsValueType && !t.IsEnum && !t.IsGenericType)
                     .OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(t);
        }

        return data;
    }

    [Fact]
    public void ValueTypes_AreFound()
    {
        Assert.True(ValueTypes().Count >= 8, "the reflection scan found too few value types; has the namespace moved?");
    }

    [Theory]
    [MemberData(nameof(ValueTypes))]
    public void Parse_IsPublicStaticAndReturnsResult(Type type)
    {
        MethodInfo? parse = type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)]);
        Assert.True(parse is not null, $"{type.Name} has no public static Parse(string?)");
        Assert.Equal(typeof(Result<>).MakeGenericType(type), parse!.ReturnType);
    }

    [Theory]
    [MemberData(nameof(ValueTypes))]
    public void ParseThenFormat_RoundTrips(Type type)
    {
        Assert.True(Canonical.TryGetValue(type, out string[]? texts), $"add canonical samples for the new value type {type.Name} to this test");
        foreach (string text in texts!)
        {
            object parsed = ParseOrFail(type, text);
            Assert.Equal(text, parsed.ToString());
            object again = ParseOrFail(type, parsed.ToString()!);
            Assert.Equal(parsed, again);
        }
    }

    [Theory]
    [MemberData(nameof(ValueTypes))]
    public void Parse_Empty_FailsWithAStableCode(Type type)
    {
        foreach (string? text in new[] { null, "", "   " })
        {
            (bool valid, Failure? failure) = Invoke(type, text);
            Assert.False(valid, $"{type.Name}.Parse({(text is null ? "null" : $"\"{text}\"")}) succeeded");
            Assert.Matches("^LS[0-9]{3}$", failure!.Code);
            Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        }
    }

    [Theory]
    [MemberData(nameof(ValueTypes))]
    public void Default_IsDocumentedAndFormatsWithoutThrowing(Type type)
    {
        object value = Activator.CreateInstance(type)!;
        string? text = value.ToString();
        Assert.NotNull(text);

        XElement? member = Documentation.Value.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == "T:" + type.FullName);
        Assert.True(member is not null, $"{type.Name} has no XML documentation");
        string docs = string.Concat(member!.Elements("summary").Concat(member.Elements("remarks")).Select(e => e.Value));
        Assert.True(docs.Contains("default", StringComparison.OrdinalIgnoreCase),
            $"{type.Name}'s XML documentation must say what its default value is (and what ToString gives for it)");
    }

    private static readonly Lazy<XDocument> Documentation = new(() =>
        XDocument.Load(Path.ChangeExtension(typeof(HsCode).Assembly.Location, ".xml")));

    private static object ParseOrFail(Type type, string text)
    {
        (bool valid, Failure? failure) = Invoke(type, text, out object? value);
        Assert.True(valid, $"{type.Name}.Parse(\"{text}\") failed: {failure}");
        return value!;
    }

    private static (bool Valid, Failure? Failure) Invoke(Type type, string? text) => Invoke(type, text, out _);

    private static (bool Valid, Failure? Failure) Invoke(Type type, string? text, out object? value)
    {
        object result = type.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)])!.Invoke(null, [text])!;
        Type r = result.GetType();
        bool valid = (bool)r.GetProperty("IsValid")!.GetValue(result)!;
        value = valid ? r.GetProperty("Value")!.GetValue(result) : null;
        return (valid, (Failure?)r.GetProperty("Failure")!.GetValue(result));
    }
}
