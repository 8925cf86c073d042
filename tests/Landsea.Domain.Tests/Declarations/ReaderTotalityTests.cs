using System.Text;
using Landsea.Declarations;
using Landsea.Declarations.Edifact;
using Landsea.Declarations.Json;
using Landsea.Declarations.Wco;
using Landsea.Tests;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>Issue 17 item 4: inputs that made a reader throw are refused with a stable code and a pointer (or a line and position).</summary>
public class ReaderTotalityTests
{
    private static readonly DateOnly s_lodgedOn = new(2026, 11, 26);

    private static byte[] Json(string sequence = "1", string description = "Laptops", string extraItemKey = "") => Encoding.UTF8.GetBytes(
        $$"""
        {"functionalReference":"T-1","typeCode":"IMA","declarant":{"id":"91350100M000100Y43"},
         "items":[{"sequence":{{sequence}},"commodityCode":"847130","description":"{{description}}"{{extraItemKey}}}]}
        """);

    // Symptom: OverflowException, HTTP 500 with no code.
    [Fact]
    public void Issue_17_huge_sequence_threw_OverflowException()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(sequence: "99999999999999999999"), s_lodgedOn);

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.ItemNumbering, error.Code);
        Assert.Equal("/items/0/sequence", error.Pointer);
    }

    [Fact]
    public void Read_SequenceBeyondDecimal_RefusedOutOfRange()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(sequence: "1e400"), s_lodgedOn);

        Assert.Contains(check.Errors, e => e is { Code: ErrorCodes.OutOfRange, Pointer: "/items/0/sequence" });
    }

    // Symptom: InvalidOperationException (cannot transcode invalid UTF-8), HTTP 500 with no code.
    [Fact]
    public void Issue_17_invalid_utf8_threw_InvalidOperationException()
    {
        byte[] bytes = Json(description: "Lap\u00fftops");
        int at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0x28; // C3 28: a lead byte without its continuation

        DeclarationCheck check = JsonDeclarationReader.Read(bytes, s_lodgedOn);

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.EncodingInvalid, error.Code);
        Assert.Contains("line 2, position", error.Reason, StringComparison.Ordinal);
        Assert.Null(check.Declaration);
    }

    // Symptom: InvalidOperationException (invalid surrogate), HTTP 500 with no code.
    [Theory]
    [InlineData("\\ud800")]
    [InlineData("x\\udc00y")]
    [InlineData("\\ud800\\u0041")]
    [InlineData("\\uDBFF\\uDBFF\\uDFFF")]
    public void Issue_17_lone_surrogate_threw_InvalidOperationException(string description)
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(description: description), s_lodgedOn);

        DeclarationError error = Assert.Single(check.Errors);
        Assert.Equal(ErrorCodes.EncodingInvalid, error.Code);
        Assert.Equal("/items/0/description", error.Pointer);
    }

    [Theory]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("\\\\ud800")]
    [InlineData("\\u00e9\\n\\\"")]
    public void Read_PairedSurrogatesAndEscapedBackslash_Accepted(string description)
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(description: description), s_lodgedOn);

        Assert.True(check.IsValid, string.Join("\n", check.Errors));
    }

    [Fact]
    public void Read_LoneSurrogateInAKey_RefusedAtItsObject()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(extraItemKey: ",\"\\udfffx\":1"), s_lodgedOn);

        Assert.Equal([("/items/0", ErrorCodes.EncodingInvalid)], check.Errors.Select(e => (e.Pointer, e.Code)));
    }

    // Symptom: duplicate keys were accepted silently, the last one winning.
    [Theory]
    [InlineData(",\"commodityCode\":\"090121\"", "/items/0/commodityCode")]
    [InlineData(",\"\\u0073equence\":2", "/items/0/sequence")]
    public void Issue_17_duplicate_keys_were_accepted_silently(string extraItemKey, string pointer)
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(extraItemKey: extraItemKey), s_lodgedOn);

        Assert.Equal([(pointer, ErrorCodes.DuplicateKey)], check.Errors.Select(e => (e.Pointer, e.Code)));
    }

    [Fact]
    public void Read_DuplicateKeyWithSlashAndTilde_PointerEscapedAsRfc6901()
    {
        DeclarationCheck check = JsonDeclarationReader.Read(Json(extraItemKey: ",\"a/b~c\":1,\"a/b~c\":2"), s_lodgedOn);

        Assert.Equal("/items/0/a~1b~0c", Assert.Single(check.Errors).Pointer);
    }

    // Symptom (found by the fuzz test's review of the date parsers): an offset beyond ±14:00 or an instant before year 1 threw ArgumentException.
    [Theory]
    [InlineData("20261125083000+99")]
    [InlineData("20261125083000-1500")]
    [InlineData("00010101000000+14")]
    [InlineData("99991231235959-14")]
    public void ParseDateTime_OffsetOrInstantOutOfRange_IsNotADate(string text)
    {
        Assert.Null(WcoDeclarationReader.ParseDateTime(text, "304"));
        Assert.Null(CusdecDeclarationReader.ParseDate(text, "304"));
    }

    [Fact]
    public void ParseDateTime_FourteenHoursAhead_IsTheUtcInstant() =>
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 18, 30, 0, TimeSpan.Zero), WcoDeclarationReader.ParseDateTime("20261125083000+14", "304"));

    // Symptom (found by the fuzz test): a lone surrogate in NCTS JSON threw InvalidOperationException from the JSON mapping.
    [Theory]
    [InlineData("\"MRN\": \"27WF9X1FQ9RCKN0TM3\",", "\"MRN\": \"27WF9X1FQ9RCKN0TM3\\ud800\",", "/n1:CC007C/TransitOperation/MRN")]
    [InlineData("\"MRN\": \"27WF9X1FQ9RCKN0TM3\",", "\"MRN\": \"27WF9X1FQ9RCKN0TM3\", \"MRN\": \"27WF9X1FQ9RCKN0TM3\",", "/n1:CC007C/TransitOperation/MRN")]
    public void NctsReader_JsonLoneSurrogateOrDuplicateKey_MalformedWithPointer(string find, string replace, string pointer)
    {
        string json = File.ReadAllText(Repository.Path("vectors", "ncts", "samples-phase5", "cc007c-valid.json"));
        Assert.Contains(find, json, StringComparison.Ordinal);

        TransitCheck check = NctsReader.Read(Encoding.UTF8.GetBytes(json.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Equal([(pointer, TransitErrorCodes.Malformed)], check.Errors.Select(e => (e.Pointer, e.Code)));
    }
}
