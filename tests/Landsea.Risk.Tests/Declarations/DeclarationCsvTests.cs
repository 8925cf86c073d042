using Landsea.Risk.Declarations;
using Landsea.Shared;

namespace Landsea.Risk.Tests.Declarations;

public class DeclarationCsvTests
{
    private static Result<IReadOnlyList<LabelledCase>> Read(string text) =>
        DeclarationCsv.ReadLabelled(new StringReader(text), "in.csv");

    [Fact]
    public void ReadLabelled_ValidRows_ParsesEveryColumn()
    {
        Result<IReadOnlyList<LabelledCase>> r = Read($"{Fixtures.Header}\n{Fixtures.Row(fraud: "1")}\n");

        Assert.True(r.IsValid, r.Failure?.ToString());
        LabelledCase row = Assert.Single(r.Value);
        Assert.True(row.Found);
        Assert.Equal("440890", row.Case.HsCode);
        Assert.Equal(108.0, row.Case.NetMassKg);
        Assert.Equal("", row.Case.CourierId);
        Assert.Equal(new DateOnly(2020, 1, 1), row.Case.Day);
    }

    [Fact]
    public void ReadLabelled_Hs10Column_Accepted()
    {
        string header = Fixtures.Header.Replace("HS6 Code", "HS10 Code", StringComparison.Ordinal);
        Result<IReadOnlyList<LabelledCase>> r = Read($"{header}\n{Fixtures.Row(hs: "4408901000")}\n");

        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal("44", r.Value[0].Case.HsChapter);
    }

    [Fact]
    public void Issue_9_Hs10CodeWithoutLeadingZero_ReadZeroPaddedAndCounted()
    {
        // Symptom: a KCS file whose HS10 codes lost their leading zero in a spreadsheet (0101210000 written as
        // 101210000) was refused with "'101210000' is not a 10-digit HS code", so risk evaluate/train/score stopped.
        string header = Fixtures.Header.Replace("HS6 Code", "HS10 Code", StringComparison.Ordinal);
        string text = $"{header}\n{Fixtures.Row(id: "1", hs: "101210000")}\n{Fixtures.Row(id: "2", hs: "4408901000")}\n{Fixtures.Row(id: "3", hs: "901890000")}\n";

        Result<DeclarationCsv.Table> r = DeclarationCsv.Read(new StringReader(text), "in.csv", requireLabel: true);

        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal(["0101210000", "4408901000", "0901890000"], r.Value.Rows.Select(c => c.HsCode));
        Assert.Equal("01", r.Value.Rows[0].HsChapter);
        Assert.Equal(2, r.Value.HsPadded);
        Failure warning = Assert.Single(r.Value.Warnings);
        Assert.Equal(RiskErrors.CsvHsPadded, warning.Code);
        Assert.Contains("in.csv: 2 row(s)", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Hs6CodeOfFiveDigitsOrHs10OfEight_StillRefused()
    {
        Assert.Equal(RiskErrors.CsvValueHs, Read($"{Fixtures.Header}\n{Fixtures.Row(hs: "44089")}\n").Failure!.Code);
        string header = Fixtures.Header.Replace("HS6 Code", "HS10 Code", StringComparison.Ordinal);
        Assert.Equal(RiskErrors.CsvValueHs, Read($"{header}\n{Fixtures.Row(hs: "44089010")}\n").Failure!.Code);
        Assert.Empty(DeclarationCsv.Read(new StringReader($"{header}\n{Fixtures.Row(hs: "4408901000")}\n"), "in.csv", requireLabel: true).Value.Warnings);
    }

    [Fact]
    public void ReadLabelled_EmptyFile_RefusedAtLineOne()
    {
        Failure e = Read("").Failure!;
        Assert.Equal(RiskErrors.CsvEmpty, e.Code);
        Assert.Contains("line 1", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_HeaderOnly_Refused()
    {
        Assert.Equal(RiskErrors.CsvEmpty, Read(Fixtures.Header + "\n").Failure!.Code);
    }

    [Fact]
    public void ReadLabelled_MissingColumn_NamesIt()
    {
        string header = Fixtures.Header.Replace(",Net Mass", "", StringComparison.Ordinal);
        Failure e = Read(header + "\n").Failure!;
        Assert.Equal(RiskErrors.CsvColumnMissing, e.Code);
        Assert.Contains("'Net Mass'", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_ExtraColumn_NamesItsPosition()
    {
        Failure e = Read($"{Fixtures.Header},Inspector\n{Fixtures.Row()},X\n").Failure!;
        Assert.Equal(RiskErrors.CsvColumnUnknown, e.Code);
        Assert.Contains("column 23", e.Reason, StringComparison.Ordinal);
        Assert.Contains("'Inspector'", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_NonNumericAmount_GivesLineAndColumn()
    {
        Failure e = Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row(id: "2", price: "12,5")}\n").Failure!;
        Assert.Equal(RiskErrors.CsvTooManyFields, e.Code);
        Assert.Contains("line 3", e.Reason, StringComparison.Ordinal);

        e = Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row(id: "2", price: "abc")}\n").Failure!;
        Assert.Equal(RiskErrors.CsvValueNumber, e.Code);
        Assert.Contains("line 3, column 20 (Item Price)", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_UnknownCategoryFormat_Refused()
    {
        string row = Fixtures.Row().Replace(",BE,BE,", ",BEL,BE,", StringComparison.Ordinal);
        Failure e = Read($"{Fixtures.Header}\n{row}\n").Failure!;
        Assert.Equal(RiskErrors.CsvValueCountry, e.Code);
        Assert.Contains("line 2, column 14 (Country of Departure)", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_BadLabel_Refused()
    {
        Failure e = Read($"{Fixtures.Header}\n{Fixtures.Row(fraud: "yes")}\n").Failure!;
        Assert.Equal(RiskErrors.CsvValueLabel, e.Code);
        Assert.Contains("column 21 (Fraud)", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelled_MissingFraudColumn_RefusedForTraining()
    {
        string header = Fixtures.Header.Replace(",Fraud,Critical Fraud", "", StringComparison.Ordinal);
        string row = Fixtures.Row()[..^4];
        Assert.Equal(RiskErrors.CsvColumnMissing, Read($"{header}\n{row}\n").Failure!.Code);

        Result<DeclarationCsv.Table> scoring = DeclarationCsv.Read(new StringReader($"{header}\n{row}\n"), "in.csv", requireLabel: false);
        Assert.True(scoring.IsValid, scoring.Failure?.ToString());
        Assert.False(scoring.Value.HasLabels);
    }

    [Fact]
    public void ReadLabelled_DuplicateId_Refused()
    {
        Assert.Equal(RiskErrors.CsvIdDuplicate, Read($"{Fixtures.Header}\n{Fixtures.Row()}\n{Fixtures.Row()}\n").Failure!.Code);
    }

    [Fact]
    public void ReadLabelled_QuotedField_Unquoted()
    {
        string row = Fixtures.Row().Replace(",ZZR1LT6,", ",\"ZZR,1\"\"LT6\",", StringComparison.Ordinal);
        Result<IReadOnlyList<LabelledCase>> r = Read($"{Fixtures.Header}\n{row}\n");
        Assert.True(r.IsValid, r.Failure?.ToString());
        Assert.Equal("ZZR,1\"LT6", r.Value[0].Case.DeclarantId);
    }

    [Fact]
    public void DeclarationIdComparer_DigitIds_OrderNumerically()
    {
        string[] ids = ["100", "9", "10", "A1"];
        Array.Sort(ids, DeclarationIdComparer.Instance);
        Assert.Equal(["9", "10", "100", "A1"], ids);
    }
}
