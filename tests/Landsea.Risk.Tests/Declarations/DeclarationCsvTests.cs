using Landsea.Risk.Declarations;

namespace Landsea.Risk.Tests.Declarations;

public class DeclarationCsvTests
{
    private static Result<IReadOnlyList<LabelledDeclaration>> Read(string text) =>
        DeclarationCsv.ReadLabelled(new StringReader(text), "in.csv");

    [Fact]
    public void ReadLabelled_ValidRows_ParsesEveryColumn()
    {
        Result<IReadOnlyList<LabelledDeclaration>> r = Read($"{Fixtures.Header}\n{Fixtures.Row(fraud: "1")}\n");

        Assert.True(r.IsSuccess, r.Error?.ToString());
        LabelledDeclaration row = Assert.Single(r.Value);
        Assert.True(row.Fraud);
        Assert.Equal("440890", row.Declaration.HsCode);
        Assert.Equal(108.0, row.Declaration.NetMassKg);
        Assert.Equal("", row.Declaration.CourierId);
        Assert.Equal(new DateOnly(2020, 1, 1), row.Declaration.Date);
    }

    [Fact]
    public void ReadLabelled_Hs10Column_Accepted()
    {
        string header = Fixtures.Header.Replace("HS6 Code", "HS10 Code", StringComparison.Ordinal);
        Result<IReadOnlyList<LabelledDeclaration>> r = Read($"{header}\n{Fixtures.Row(hs: "4408901000")}\n");

        Assert.True(r.IsSuccess, r.Error?.ToString());
        Assert.Equal("44", r.Value[0].Declaration.HsChapter);
    }

    [Fact]
    public void ReadLabelled_EmptyFile_RefusedAtLineOne()
    {
        RiskError e = Read("").Error!;
        Assert.Equal("csv.empty", e.Code);
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_HeaderOnly_Refused()
    {
        Assert.Equal("csv.empty", Read(Fixtures.Header + "\n").Error!.Code);
    }

    [Fact]
    public void ReadLabelled_MissingColumn_NamesIt()
    {
        string header = Fixtures.Header.Replace(",Net Mass", "", StringComparison.Ordinal);
        RiskError e = Read(header + "\n").Error!;
        Assert.Equal("csv.column.missing", e.Code);
        Assert.Contains("'Net Mass'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_ExtraColumn_NamesItsPosition()
    {
        RiskError e = Read($"{Fixtures.Header},Inspector\n{Fixtures.Row()},X\n").Error!;
        Assert.Equal("csv.column.unknown", e.Code);
        Assert.Contains("column 23", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Inspector'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_NonNumericAmount_GivesLineAndColumn()
    {
        RiskError e = Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row(id: "2", price: "12,5")}\n").Error!;
        Assert.Equal("csv.row.too_many_fields", e.Code);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);

        e = Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row(id: "2", price: "abc")}\n").Error!;
        Assert.Equal("csv.value.number", e.Code);
        Assert.Contains("line 3, column 20 (Item Price)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_UnknownCategoryFormat_Refused()
    {
        string row = Fixtures.Row().Replace(",BE,BE,", ",BEL,BE,", StringComparison.Ordinal);
        RiskError e = Read($"{Fixtures.Header}\n{row}\n").Error!;
        Assert.Equal("csv.value.country", e.Code);
        Assert.Contains("line 2, column 14 (Country of Departure)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_BadLabel_Refused()
    {
        RiskError e = Read($"{Fixtures.Header}\n{Fixtures.Row(fraud: "yes")}\n").Error!;
        Assert.Equal("csv.value.label", e.Code);
        Assert.Contains("column 21 (Fraud)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_MissingFraudColumn_RefusedForTraining()
    {
        string header = Fixtures.Header.Replace(",Fraud,Critical Fraud", "", StringComparison.Ordinal);
        string row = Fixtures.Row()[..^4];
        Assert.Equal("csv.column.missing", Read($"{header}\n{row}\n").Error!.Code);

        Result<DeclarationCsv.Table> scoring = DeclarationCsv.Read(new StringReader($"{header}\n{row}\n"), "in.csv", requireLabel: false);
        Assert.True(scoring.IsSuccess, scoring.Error?.ToString());
        Assert.False(scoring.Value.HasLabels);
    }

    [Fact]
    public void ReadLabelled_DuplicateId_Refused()
    {
        Assert.Equal("csv.id.duplicate", Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row()}\n").Error!.Code);
    }

    [Fact]
    public void ReadLabelled_QuotedField_Unquoted()
    {
        string row = Fixtures.Row().Replace(",ZZR1LT6,", ",\"ZZR,1\"\"LT6\",", StringComparison.Ordinal);
        Result<IReadOnlyList<LabelledDeclaration>> r = Read($"{Fixtures.Header}\n{row}\n");
        Assert.True(r.IsSuccess, r.Error?.ToString());
        Assert.Equal("ZZR,1\"LT6", r.Value[0].Declaration.DeclarantId);
    }

    [Fact]
    public void DeclarationIdComparer_DigitIds_OrderNumerically()
    {
        string[] ids = ["100", "9", "10", "A1"];
        Array.Sort(ids, DeclarationIdComparer.Instance);
        Assert.Equal(["9", "10", "100", "A1"], ids);
    }
}
