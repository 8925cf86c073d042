using Landsea.Edifact.Json;

namespace Landsea.Edifact.Tests.Json;

public class JsonTests
{
    [Fact]
    public void Serialize_Interchange_HasAdviceInterchangeAndMessages()
    {
        var doc = EdifactReader.Read(TestData.Bytes(TestData.Cusres)).Document!;
        string json = EdifactJson.Serialize(doc, indented: false);
        Assert.StartsWith("{\"serviceStringAdvice\":{\"componentSeparator\":\":\",\"elementSeparator\":\"+\",\"decimalMark\":\".\",\"releaseCharacter\":\"?\",\"repetitionSeparator\":\" \",\"segmentTerminator\":\"'\"},\"interchange\":{\"header\":{\"tag\":\"UNB\"", json, StringComparison.Ordinal);
        Assert.Contains("\"messages\":[{\"type\":\"CUSRES\",\"directory\":\"D96B\",\"reference\":\"M1\",\"header\":{\"tag\":\"UNH\",\"elements\":[[\"M1\"],[\"CUSRES\",\"D\",\"96B\",\"UN\"]]},\"segments\":[{\"tag\":\"BGM\",\"elements\":[[\"962\"],[\"DOC+1\"],[\"9\"]]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SerializedDocument_WritesSameEdifact()
    {
        byte[] original = TestData.Bytes(TestData.Cusres);
        var doc = EdifactReader.Read(original).Document!;
        var back = EdifactJson.Parse(EdifactJson.Serialize(doc));
        Assert.Null(back.Error);
        Assert.Equal(original, EdifactWriter.Write(back.Document!));
    }

    [Fact]
    public void Parse_Version4Repetition_RoundTrips()
    {
        string text = "UNA:+.?*'UNB+UNOY:4+A+B+20250131:1200+1'UNH+1+CUSRES:D:01B:UN'FTX+AAA+++A*B:C+'UNT+3+1'UNZ+1+1'";
        var doc = EdifactReader.Read(TestData.Bytes(text)).Document!;
        string json = EdifactJson.Serialize(doc, indented: false);
        Assert.Contains("[[\"A\"],[\"B\",\"C\"]]", json, StringComparison.Ordinal);
        Assert.Equal(text, EdifactWriter.WriteString(EdifactJson.Parse(json).Document!));
    }

    [Fact]
    public void Parse_NotTheJsonForm_ReturnsError()
    {
        Assert.NotNull(EdifactJson.Parse("{\"messages\":[{\"segments\":[]}]}").Error);
        Assert.NotNull(EdifactJson.Parse("[1,2").Error);
    }
}
