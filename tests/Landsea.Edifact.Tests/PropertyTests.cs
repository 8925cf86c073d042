using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Landsea.Edifact.Json;
using Landsea.Edifact.Model;
using Landsea.Edifact.Syntax;

namespace Landsea.Edifact.Tests;

public class PropertyTests
{
    private static readonly string[] s_unas = ["UNA:+.? '", "UNA:+.?*'", "UNA|^,! ~", "UNA#@.\\ !", "UNA:+,?*'"];

    private static string Clean(string? s) =>
        new((s ?? "").Where(c => c >= ' ' && !char.IsSurrogate(c) && c != '\uFEFF').Take(40).ToArray());

    [Property(MaxTest = 300)]
    public bool WriteThenRead_ArbitraryValuesAndSeparators_GivesSameTree(NonEmptyArray<string[]> elementValues, byte unaChoice)
    {
        string unaText = s_unas[unaChoice % s_unas.Length];
        Assert.True(ServiceStringAdvice.TryParse(System.Text.Encoding.ASCII.GetBytes(unaText), out var una));
        var elements = elementValues.Get
            .Select(values => values is { Length: > 0 } ? values : [""])
            .Select(values => EdifactElement.Of([.. values.Select(Clean)]))
            .ToImmutableArray();
        var body = new EdifactSegment("FTX", elements);
        var unh = EdifactSegment.Of("UNH", ["1"], ["CUSRES", "D", "96B", "UN"]);
        var unt = EdifactSegment.Of("UNT", ["3"], ["1"]);
        var document = new EdifactDocument(una, null, [new EdifactMessage(unh, [body], unt)]);

        byte[] bytes = EdifactWriter.Write(document);
        var read = EdifactReader.Read(bytes);

        return read.Succeeded && EdifactJson.Serialize(read.Document!) == EdifactJson.Serialize(document);
    }

    [Property(MaxTest = 100)]
    public bool WriteThenRead_Version4Repetitions_GivesSameTree(NonEmptyArray<NonEmptyArray<string>> repetitions)
    {
        var element = new EdifactElement([.. repetitions.Get.Select(r => r.Get.Select(Clean).ToImmutableArray())]);
        var body = new EdifactSegment("FTX", [EdifactElement.Of("AAA"), element]);
        var unh = EdifactSegment.Of("UNH", ["1"], ["CUSRES", "D", "01B", "UN"]);
        var unt = EdifactSegment.Of("UNT", ["3"], ["1"]);
        var unb = EdifactSegment.Of("UNB", ["UNOY", "4"], ["A"], ["B"], ["20250131", "1200"], ["R"]);
        var unz = EdifactSegment.Of("UNZ", ["1"], ["R"]);
        var document = new EdifactDocument(null, new EdifactInterchange(unb, [], [new EdifactMessage(unh, [body], unt)], unz), []);

        var read = EdifactReader.Read(EdifactWriter.Write(document));

        return read.Succeeded && EdifactJson.Serialize(read.Document!) == EdifactJson.Serialize(document);
    }
}
