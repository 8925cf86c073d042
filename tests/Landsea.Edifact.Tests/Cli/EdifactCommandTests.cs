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

    [Fact]
    public async Task Convert_CusresToNotificationAndBack_KeepsReferencesAndErrors()
    {
        string text = "UNA:+.? 'UNB+UNOC:3+LANDSEA:ZZZ+BROKER:ZZZ+250131:1200+IC1'UNH+M1+CUSRES:D:96B:UN'BGM+962+R1+9'DTM+137:20250131:102'"
            + "GIS+1'RFF+ABT:LA-2025-0001'ERP+1'ERC+12'FTX+AAO+++Invalid commodity code'UNT+9+M1'UNZ+1+IC1'";

        var (code, json, err) = await Run("edifact", "convert", TempFile(text), "--to", "notification");

        Assert.True(code == 0, err);
        using (var doc = JsonDocument.Parse(json))
        {
            JsonElement n = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("R1", n.GetProperty("reference").GetString());
            Assert.Equal("LA-2025-0001", n.GetProperty("declarationReference").GetString());
            Assert.Equal("12", n.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        string notifications = TempFile(json, ".json");
        var (backCode, cusres, backErr) = await Run("edifact", "convert", notifications, "--to", "cusres");
        Assert.True(backCode == 0, backErr);
        Assert.Contains("RFF+ABT:LA-2025-0001'", cusres, StringComparison.Ordinal);
        var (checkCode, _, _) = await Run("edifact", "check", TempFile(cusres));
        Assert.Equal(0, checkCode);
    }

    [Fact]
    public async Task Convert_CuscarToManifest_ReadsEquipmentAndConsignments()
    {
        string text = "UNH+1+CUSCAR:D:96B:UN'BGM+85+MAN1+9'TDT+20+V123+1'EQD+CN+MSCU1234567'SEL+S1'"
            + "CNI+1+BL1'GID+1+10:CT'FTX+AAA+++Coffee'UNT+10+1'";

        var (code, json, err) = await Run("edifact", "convert", TempFile(text), "--to", "manifest");

        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        JsonElement manifest = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal("MAN1", manifest.GetProperty("reference").GetString());
        Assert.Equal("MSCU1234567", manifest.GetProperty("equipment")[0].GetProperty("id").GetString());
        Assert.Equal("Coffee", manifest.GetProperty("consignments")[0].GetProperty("goods")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Convert_NotificationFromCusdec_IsRefusedNamingTheType()
    {
        string text = "UNH+1+CUSDEC:D:96B:UN'BGM+929+LRN1+9'UNS+D'CST+1+85171200'UNS+S'UNT+6+1'";

        var (code, output, err) = await Run("edifact", "convert", TempFile(text), "--to", "notification");

        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("needs a CUSRES message; found CUSDEC", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Contrl_WritesAcknowledgementOrRejection()
    {
        string good = TempFile(TestData.Cusres);
        string bad = TempFile(TestData.Cusres.Replace("UNT+4+M1", "UNT+5+M1", StringComparison.Ordinal));

        var (code, output, _) = await Run("edifact", "check", good, bad, "--contrl");

        Assert.Equal(1, code);
        string[] reports = output.Split("UNB+", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, reports.Length);
        Assert.Contains("UNH+1+CONTRL:4:1:UN'", reports[0], StringComparison.Ordinal);
        Assert.Contains("UCI+IC1+LANDSEA:ZZZ+BROKER:ZZZ+7'", reports[0], StringComparison.Ordinal);
        Assert.Contains("UCI+IC1+LANDSEA:ZZZ+BROKER:ZZZ+4'", reports[1], StringComparison.Ordinal);
        Assert.Contains("UCM+M1+CUSRES:D:96B:UN+4'", reports[1], StringComparison.Ordinal);
    }
}
