using System.Reflection;
using Landsea.Measures;
using Landsea.Shared;

namespace Landsea.Domain.Tests.Measures;

/// <summary>Issue 14 A item 1: the notifications file is read whole or refused with every error by line (or JSON Pointer) and field.</summary>
public class NotificationFileTests
{
    private const string Header = "symbol,area,type,member,distributed,commentDeadline,entryIntoForce,entryIntoForceNote,title,products,hs,ics,objectives,keywords,link,source,sample\n";

    private static string Line(string symbol = "G/TBT/N/THA/712", string area = "TBT", string type = "regular", string member = "TH",
        string distributed = "2024-03-01", string deadline = "2024-05-01", string hs = "0810.60;0810", string link = "https://example.org/712.pdf") =>
        $"{symbol},{area},{type},{member},{distributed},{deadline},,,Durian standard,Fresh durian,{hs},67.080.10,Food safety,Labelling;Food safety,{link},,false\n";

    [Fact]
    public void Parse_Csv_ReadsEveryFieldAndNormalisesHs()
    {
        NotificationFileRead read = NotificationFile.Parse(Header + Line());

        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        Notification n = Assert.Single(read.Notifications);
        Assert.Equal(("G/TBT/N/THA/712", MeasureArea.Tbt, NotificationType.Regular, "TH"), (n.Symbol.Text, n.Area, n.Type, n.Member.Value));
        Assert.Equal((new DateOnly(2024, 3, 1), new DateOnly(2024, 5, 1)), (n.Distributed!.Value, n.CommentDeadline!.Value));
        Assert.Equal(["0810"], n.HsCodes.Select(h => h.Digits)); // 0810.60 is covered by 0810
        Assert.Equal(["67.080.10"], n.IcsCodes);
        Assert.Equal(["Labelling", "Food safety"], n.Keywords);
        Assert.Null(n.Changes);
    }

    [Fact]
    public void Parse_BareJsonArray_RefusedAsJsonNamingTheShape_NotReadAsCsv()
    {
        NotificationFileRead read = NotificationFile.Parse("""[{"symbol":"G/TBT/N/THA/712"}]""");

        Assert.Empty(read.Notifications);
        var error = Assert.Single(read.Errors);
        Assert.Equal(("/", "formatVersion"), (error.Where, error.Field));
        Assert.Contains("not a bare array", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CsvWithBadFields_ListsEachByLineAndField_AndReturnsNothing()
    {
        string text = Header + Line() + Line(symbol: "G/TBT/N/THA/713", area: "XYZ", hs: "0810.6") + Line(symbol: "G/TBT/N/THA/714", member: "VN", distributed: "1 May 2024");

        NotificationFileRead read = NotificationFile.Parse(text);

        Assert.Empty(read.Notifications);
        Assert.Contains(read.Errors, e => e is { Where: "line 3", Field: "area", Code: MeasureErrorCodes.AreaInvalid });
        Assert.Contains(read.Errors, e => e is { Where: "line 3", Field: "hs", Code: MeasureErrorCodes.HsInvalid });
        Assert.Contains(read.Errors, e => e is { Where: "line 4", Field: "member", Code: MeasureErrorCodes.SymbolInvalid }); // VN vs THA
        Assert.Contains(read.Errors, e => e is { Where: "line 4", Field: "distributed", Code: MeasureErrorCodes.DateInvalid });
        Assert.DoesNotContain(read.Errors, e => e.Where == "line 2");
    }

    [Fact]
    public void Parse_CsvWithoutAColumn_NamesItOnLine1()
    {
        NotificationFileRead read = NotificationFile.Parse("symbol,area,type\nG/TBT/N/THA/712,TBT,regular\n");

        FileError e = Assert.Single(read.Errors);
        Assert.Equal(("line 1", MeasureErrorCodes.FileFormat), (e.Where, e.Code));
        Assert.Contains("member", e.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateSymbol_IsRefused()
    {
        NotificationFileRead read = NotificationFile.Parse(Header + Line() + Line());

        FileError e = Assert.Single(read.Errors);
        Assert.Equal(("line 3", MeasureErrorCodes.Duplicate), (e.Where, e.Code));
    }

    [Theory]
    [InlineData("G/TBT/N/THA/712/Add.1", "regular", MeasureErrorCodes.SymbolInvalid)]
    [InlineData("G/TBT/N/THA/712", "addendum", MeasureErrorCodes.SymbolInvalid)]
    [InlineData("G/TBT/N/THA/712", "urgent", MeasureErrorCodes.TypeInvalid)]
    [InlineData("TBT/THA/712", "regular", MeasureErrorCodes.SymbolInvalid)]
    public void Parse_TypeAndSymbolDisagree_IsRefused(string symbol, string type, string code)
    {
        NotificationFileRead read = NotificationFile.Parse(Header + Line(symbol: symbol, type: type));

        Assert.Contains(read.Errors, e => e.Code == code && e.Where == "line 2");
    }

    [Fact]
    public void Parse_DeadlineBeforeDistribution_AndBadLink_AreRefused()
    {
        NotificationFileRead read = NotificationFile.Parse(Header + Line(deadline: "2024-01-01", link: "ftp://x"));

        Assert.Contains(read.Errors, e => e is { Field: "commentDeadline", Code: MeasureErrorCodes.DateInvalid });
        Assert.Contains(read.Errors, e => e is { Field: "link", Code: MeasureErrorCodes.TextInvalid });
    }

    [Fact]
    public void Parse_Json_ReadsAddendumLinkedToItsNotification()
    {
        const string Json = """
            {"formatVersion": 1, "notifications": [
              {"symbol": "G/SPS/N/VNM/100", "area": "SPS", "type": "regular", "member": "VN", "distributed": "2023-01-10", "title": "Fruit", "hs": ["0810"]},
              {"symbol": "G/SPS/N/VNM/100/Add.1", "area": "SPS", "type": "addendum", "member": "VN", "distributed": "2023-06-10", "entryIntoForce": "2023-07-01", "title": "Adopted"}
            ]}
            """;

        NotificationFileRead read = NotificationFile.Parse(Json);

        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        Notification add = read.Notifications[1];
        Assert.Equal(("G/SPS/N/VNM/100", NotificationType.Addendum), (add.Changes, add.Type));
        var register = new MeasureRegister(read.Notifications);
        Assert.Equal(["0810"], register.EffectiveHs(add).Select(h => h.Digits)); // the addendum covers its notification's products
        Assert.Equal(["G/SPS/N/VNM/100/Add.1"], register.Find("G/SPS/N/VNM/100")!.ChangedBy);
    }

    [Fact]
    public void Parse_JsonWithWrongShape_NamesThePointer()
    {
        NotificationFileRead read = NotificationFile.Parse("""{"formatVersion": 1, "notifications": [{"symbol": 5, "area": "SPS"}]}""");

        Assert.Contains(read.Errors, e => e is { Where: "line 1, /notifications/0/symbol", Code: MeasureErrorCodes.FileFormat });
        Assert.Contains(read.Errors, e => e is { Where: "line 1, /notifications/0", Field: "title", Code: MeasureErrorCodes.FieldMissing });
        Assert.Equal(MeasureErrorCodes.FileFormat, Assert.Single(NotificationFile.Parse("""{"formatVersion": 2, "notifications": []}""").Errors).Code);
        Assert.Equal(MeasureErrorCodes.FileFormat, Assert.Single(NotificationFile.Parse("{ not json").Errors).Code);
    }

    [Fact]
    public void Parse_JsonOverSeveralLines_NamesTheLineWhereTheNotificationStarts_AndTheField()
    {
        string json = "\n\n{\"formatVersion\": 1, \"notifications\": [\n" +
            "  {\"symbol\": \"G/TBT/N/THA/900\", \"area\": \"TBT\", \"type\": \"regular\", \"member\": \"TH\", \"distributed\": \"2024-03-01\",\n" +
            "   \"title\": \"Good\", \"hs\": [\"0810.60\"], \"objectives\": {\"nested\": [1, 2]}},\n" +
            "  {\"area\": \"TBT\", \"type\": \"regular\", \"member\": \"TH\", \"distributed\": \"2024-03-01\", \"title\": \"No symbol\"},\n" +
            "  {\"symbol\": \"G/TBT/N/THA/901\", \"area\": \"TBT\", \"type\": \"regular\", \"member\": \"TH\",\n" +
            "   \"distributed\": \"2024-03-01\", \"title\": \"Bad HS\", \"hs\": [\"0810.60\", \"9999.99\"]}\n]}\n";

        NotificationFileRead read = NotificationFile.Parse(json);

        Assert.Empty(read.Notifications); // nothing half-read
        Assert.Contains(read.Errors, e => e is { Where: "line 4, /notifications/0/objectives", Field: "objectives", Code: MeasureErrorCodes.FileFormat });
        Assert.Contains(read.Errors, e => e is { Where: "line 6, /notifications/1", Field: "symbol", Code: MeasureErrorCodes.FieldMissing });
        Assert.Contains(read.Errors, e => e is { Where: "line 7, /notifications/2", Field: "hs[1]", Code: MeasureErrorCodes.HsInvalid });
        Assert.StartsWith("line 6, /notifications/1: symbol: ", read.Errors.First(e => e.Field == "symbol").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnlinkedChanges_ChangeOfUnknownNotification_Warns()
    {
        Notification rev = NotificationFile.Parse(Header + Line(symbol: "G/TBT/N/THA/712/Rev.1", type: "revision")).Notifications[0];

        Assert.Equal(MeasureErrorCodes.ChangedUnknown, Assert.Single(NotificationFile.UnlinkedChanges([("line 2", rev)], _ => false)).Code);
        Assert.Empty(NotificationFile.UnlinkedChanges([("line 2", rev)], s => s == "G/TBT/N/THA/712"));
    }

    [Fact]
    public void ShippedSample_ReadsAndIsMarkedAsSample()
    {
        IReadOnlyList<Notification> sample = ShippedMeasures.Sample;

        Assert.InRange(sample.Count, 5, 10);
        Assert.All(sample, n => Assert.True(n.Sample));
        Assert.All(sample, n => Assert.NotNull(n.Source));
        Assert.Contains(sample, n => n.Type == NotificationType.Addendum && n.Changes == "G/SPS/N/THA/276");
        string sources = File.ReadAllText(Landsea.Tests.Repository.Path("data", "measures", "SOURCES.md"));
        Assert.All(sample, n => Assert.Contains(n.Symbol.Text, sources, StringComparison.Ordinal));
    }

    [Fact]
    public void ErrorCodes_AreListedInTheDocs()
    {
        string doc = File.ReadAllText(Landsea.Tests.Repository.Path("docs", "error-codes.md"));
        foreach (FieldInfo f in typeof(MeasureErrorCodes).GetFields())
        {
            string code = (string)f.GetValue(null)!;
            Assert.Contains($"| {code} | {f.Name} |", doc, StringComparison.Ordinal);
        }
    }
}
