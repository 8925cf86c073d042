using System.Text.Json;
using System.Text.Json.Nodes;
using Landsea.Exchange.Signing;
using Landsea.Tests;

namespace Landsea.Cli.Tests.Origin;

/// <summary>origin issue, verify --db/--trust/--revocations, revoke, revocations on a node's SQLite file (one folder per test).</summary>
public sealed class OriginIssueCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"landsea-origin-{Guid.NewGuid():N}");
    private readonly string _db;

    public OriginIssueCommandTests()
    {
        Directory.CreateDirectory(_dir);
        _db = Path.Combine(_dir, "landsea.db");
        using NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System);
        identity.Save(Path.Combine(_dir, "node"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Request(string name) => Repository.Path("vectors", "openattestation", "landsea", name);

    private string Issued(string number) => Path.Combine(_dir, "out", number + ".json");

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public async Task Issue_TwoRequests_OneBatchThatVerifiesWithTheNodesTrust()
    {
        var (exit, output, error) = await CliHarness.Run("origin", "issue", "--input", Request("rcep-request.json"), Request("form-e-request.json"),
            "--db", _db, "--out", Path.Combine(_dir, "out"), "--json");

        Assert.True(exit == 0, error);
        JsonElement result = Json(output);
        Assert.Equal("CNCQI", result.GetProperty("issuer").GetString());
        Assert.Equal(2, result.GetProperty("certificates").GetArrayLength());
        JsonNode doc = JsonNode.Parse(await File.ReadAllTextAsync(Issued("CQ2026RCEP000123")))!;
        Assert.Single(doc["signature"]!["proof"]!.AsArray());
        Assert.Equal(result.GetProperty("merkleRoot").GetString(), (string)doc["signature"]!["merkleRoot"]!);

        var (vexit, voutput, _) = await CliHarness.Run("origin", "verify", "--db", _db, "--json", Issued("E2026500000456"));
        JsonElement v = Json(voutput);
        Assert.Equal(0, vexit);
        Assert.Equal("valid", v.GetProperty("signature").GetString());
        Assert.True(v.GetProperty("issuerTrusted").GetBoolean());
        Assert.Contains("CNCQI", v.GetProperty("issuer").GetString(), StringComparison.Ordinal);

        var (oexit, ooutput, _) = await CliHarness.Run("origin", "verify", "--json", Issued("E2026500000456"));
        Assert.Equal(0, oexit);
        Assert.Equal(JsonValueKind.Null, Json(ooutput).GetProperty("issuerTrusted").ValueKind);
    }

    [Fact]
    public async Task Issue_BadRequest_Exits1NamingFieldAndStoresNothing()
    {
        JsonObject bad = JsonNode.Parse(await File.ReadAllTextAsync(Request("rcep-request.json")))!.AsObject();
        bad["items"]![1]!["hsCode"] = "87083";
        string badFile = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(badFile, bad.ToJsonString());

        var (exit, output, error) = await CliHarness.Run("origin", "issue", "--input", Request("form-e-request.json"), badFile, "--db", _db, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("LS707", error, StringComparison.Ordinal);
        Assert.Contains("items[1].hsCode", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));

        // Nothing was stored: the good request of the refused batch issues now, once.
        var (again, _, againError) = await CliHarness.Run("origin", "issue", "--input", Request("form-e-request.json"), "--db", _db, "--out", Path.Combine(_dir, "out"));
        Assert.True(again == 0, againError);
        var (twice, _, twiceError) = await CliHarness.Run("origin", "issue", "--input", Request("form-e-request.json"), "--db", _db, "--out", Path.Combine(_dir, "out"));
        Assert.Equal(1, twice);
        Assert.Contains("LS713", twiceError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_ThenVerifyWithDbOrSignedList_IsRevokedExit1()
    {
        var (exit, _, error) = await CliHarness.Run("origin", "issue", "--input", Request("rcep-request.json"), "--db", _db, "--out", Path.Combine(_dir, "out"));
        Assert.True(exit == 0, error);

        var (rexit, _, rerror) = await CliHarness.Run("origin", "revoke", "--db", _db, "--number", "CQ2026RCEP000123", "--reason", "issued in error: wrong consignee");
        Assert.True(rexit == 0, rerror);
        var (again, _, againError) = await CliHarness.Run("origin", "revoke", "--db", _db, "--number", "CQ2026RCEP000123", "--reason", "again");
        Assert.Equal(1, again);
        Assert.Contains("LS715", againError, StringComparison.Ordinal);
        var (unknown, _, unknownError) = await CliHarness.Run("origin", "revoke", "--db", _db, "--number", "NOPE1", "--reason", "x");
        Assert.Equal(1, unknown);
        Assert.Contains("LS714", unknownError, StringComparison.Ordinal);

        var (vexit, voutput, _) = await CliHarness.Run("origin", "verify", "--db", _db, "--json", Issued("CQ2026RCEP000123"));
        Assert.Equal(1, vexit);
        Assert.True(Json(voutput).GetProperty("revoked").GetBoolean());
        Assert.False(Json(voutput).GetProperty("valid").GetBoolean());

        string list = Path.Combine(_dir, "revocations.json");
        var (lexit, _, lerror) = await CliHarness.Run("origin", "revocations", "--db", _db, "--out", list);
        Assert.True(lexit == 0, lerror);
        string cert = Path.Combine(_dir, "node", NodeIdentity.CertificateFileName);
        var (oexit, ooutput, _) = await CliHarness.Run("origin", "verify", "--trust", cert, "--revocations", list, "--json", Issued("CQ2026RCEP000123"));
        Assert.Equal(1, oexit);
        JsonElement offline = Json(ooutput);
        Assert.True(offline.GetProperty("revoked").GetBoolean());
        Assert.True(offline.GetProperty("issuerTrusted").GetBoolean());
        Assert.Contains(offline.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("wrong consignee", StringComparison.Ordinal));

        string tampered = Path.Combine(_dir, "tampered.json");
        await File.WriteAllTextAsync(tampered, (await File.ReadAllTextAsync(list)).Replace("wrong consignee", "right consignee", StringComparison.Ordinal));
        var (texit, toutput, terror) = await CliHarness.Run("origin", "verify", "--revocations", tampered, "--json", Issued("CQ2026RCEP000123"));
        Assert.Equal(2, texit);
        Assert.Equal("", toutput);
        Assert.Contains("LS717", terror, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TrustedElsewhere_IsUntrustedAndNotValid()
    {
        var (exit, _, error) = await CliHarness.Run("origin", "issue", "--input", Request("rcep-request.json"), "--db", _db, "--out", Path.Combine(_dir, "out"));
        Assert.True(exit == 0, error);
        string otherDir = Path.Combine(_dir, "other");
        using (NodeIdentity other = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System))
        {
            other.Save(otherDir);
        }

        var (vexit, voutput, _) = await CliHarness.Run("origin", "verify", "--trust", Path.Combine(otherDir, NodeIdentity.CertificateFileName), "--json", Issued("CQ2026RCEP000123"));

        Assert.Equal(1, vexit);
        Assert.False(Json(voutput).GetProperty("issuerTrusted").GetBoolean());
        Assert.Equal("valid", Json(voutput).GetProperty("signature").GetString());
    }

    [Fact]
    public async Task Verify_ShippedLandseaSample_WithItsCertificate_IsValidAndTrusted()
    {
        string folder = Repository.Path("vectors", "openattestation", "landsea");

        var (exit, output, error) = await CliHarness.Run("origin", "verify", "--trust", Path.Combine(folder, "sample-issuer.crt.pem"), "--json",
            Path.Combine(folder, "form-e-wrapped.json"));

        Assert.True(exit == 0, error + output);
        JsonElement v = Json(output);
        Assert.Equal("valid", v.GetProperty("signature").GetString());
        Assert.True(v.GetProperty("issuerTrusted").GetBoolean());
        Assert.Single(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "rcep-wrapped.json")))!["signature"]!["proof"]!.AsArray());
    }
}
