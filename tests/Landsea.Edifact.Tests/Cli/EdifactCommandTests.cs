using System.CommandLine;
using System.Text.Json;
using Landsea.Cli.Commands.Edifact;

namespace Landsea.Edifact.Tests.Cli;

public class EdifactCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(EdifactCommand.Create());
        var output = new StringWriter();
        var error = new StringWriter();
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return (2, "", string.Join("\n", parse.Errors.Select(e => e.Message)));
        }

        int code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string TempFile(string content, string extension = ".edi")
    {
        string path = Path.Combine(Path.GetTempPath(), $"landsea-edifact-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));
        return path;
    }

    [Fact]
    public async Task Check_ValidAndInvalidFiles_JsonArrayAndExitCode1()
    {
        string good = TempFile(TestData.Cusres);
        string bad = TempFile(TestData.Cusres.Replace("UNT+4+M1", "UNT+5+M1", StringComparison.Ordinal));
        var (code, output, _) = await Run("edifact", "check", good, bad, "--json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.True(json.RootElement[0].GetProperty("valid").GetBoolean());
        var error = json.RootElement[1].GetProperty("errors")[0];
        Assert.Equal("/messages/1/segments/4/elements/1", error.GetProperty("pointer").GetString());
        Assert.Equal("control-count", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Check_Declaration_ReportsBusinessRuleWithEdifactPointer()
    {
        string text = "UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'NAD+DT+91110000600037341L'UNS+D'CST+1+85171200'UNS+S'UNT+7+1'";
        string file = TempFile(text);

        var (code, output, _) = await Run("edifact", "check", file, "--declaration", "--date", "2026-11-26", "--json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement[0];
        Assert.Equal("LRN1", result.GetProperty("functionalReference").GetString());
        var error = Assert.Single(result.GetProperty("errors").EnumerateArray());
        Assert.Equal("LS020", error.GetProperty("code").GetString());
        Assert.Equal("/messages/1/segments/5/elements/2/components/1", error.GetProperty("pointer").GetString());

        var (validCode, _, _) = await Run("edifact", "check", file, "--declaration", "--date", "2021-06-01");
        Assert.Equal(0, validCode);
    }

    [Fact]
    public async Task Check_MissingFile_ExitCode2()
    {
        var (code, _, err) = await Run("edifact", "check", "/nonexistent/landsea.edi");
        Assert.Equal(2, code);
        Assert.Contains("cannot read", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ToJsonAndBack_GivesSameSegments()
    {
        string edi = TempFile(TestData.Cusres);
        var (code, json, _) = await Run("edifact", "convert", edi, "--to", "json");
        Assert.Equal(0, code);

        string jsonFile = TempFile(json, ".json");
        var (code2, edifact, _) = await Run("edifact", "convert", jsonFile, "--to", "edifact");
        Assert.Equal(0, code2);
        Assert.Equal(TestData.Cusres, edifact.Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Convert_InvalidInput_ExitCode1AndNoOutput()
    {
        string edi = TempFile(TestData.Cusres[..^5]);
        var (code, output, err) = await Run("edifact", "convert", edi, "--to", "json");
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("truncated", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_CusdecToWcoXml_WritesDeclaration()
    {
        string text = "UNB+UNOC:3+A+B+250131:1200+1'UNH+1+CUSDEC:D:96B:UN'BGM+929+DEC1+9'UNS+D'CST+1+85171200'FTX+AAA+++Phones'UNS+S'UNT+7+1'UNZ+1+1'";
        var (code, xml, err) = await Run("edifact", "convert", TempFile(text), "--to", "wco-xml");
        Assert.True(code == 0, err);
        Assert.Contains("<FunctionalReferenceID>DEC1</FunctionalReferenceID>", xml, StringComparison.Ordinal);
        Assert.Contains("<ID>85171200</ID>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_UnknownTarget_IsUsageError()
    {
        var (code, _, _) = await Run("edifact", "convert", "x.edi", "--to", "pdf");
        Assert.Equal(2, code);
    }

    /// <summary>
    /// Issue 9: <c>landsea edifact convert</c> refused a real-world CUSRES whose UNT segment count was wrong ("not converted:
    /// UNT segment count is '5' but there are 4 segments"), so the message could not be read at all. It now converts, warns
    /// on standard error naming the count, and keeps the count as sent; <c>edifact check</c> still refuses it.
    /// </summary>
    [Fact]
    public async Task Issue_9_convert_refused_cusres_with_wrong_unt_count()
    {
        string miscounted = TestData.Cusres.Replace("UNT+4+M1", "UNT+5+M1", StringComparison.Ordinal);
        string edi = TempFile(miscounted);

        var (code, json, err) = await Run("edifact", "convert", edi, "--to", "json");

        Assert.True(code == 0, err);
        Assert.Contains("warning:", err, StringComparison.Ordinal);
        Assert.Contains("UNT segment count is '5' but there are 4 segments", err, StringComparison.Ordinal);
        var (backCode, edifact, _) = await Run("edifact", "convert", TempFile(json, ".json"), "--to", "edifact");
        Assert.Equal(0, backCode);
        Assert.Equal(miscounted, edifact.Replace("\n", "", StringComparison.Ordinal));
        var (checkCode, _, _) = await Run("edifact", "check", edi);
        Assert.Equal(1, checkCode);
    }
}
