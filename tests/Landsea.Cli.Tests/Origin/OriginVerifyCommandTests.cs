using System.Text.Json;
using Landsea.Tests;

namespace Landsea.Cli.Tests.Origin;

public class OriginVerifyCommandTests
{
    [Fact]
    public async Task Verify_json_of_a_valid_v3_document_has_the_documented_shape_and_exit_0()
    {
        string file = Repository.Path("vectors", "openattestation", "v3", "not-obfuscated-wrapped.json");
        var (exit, output, _) = await CliHarness.Run("origin", "verify", "--json", file);
        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        JsonElement root = doc.RootElement;
        Assert.Equal(["file", "integrity", "targetHash", "merkleRoot", "signature", "issuer", "issuerTrusted", "revoked", "valid", "reasons"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("valid", root.GetProperty("integrity").GetString());
        Assert.Equal("skipped", root.GetProperty("signature").GetString());
        Assert.False(root.GetProperty("revoked").GetBoolean());
        Assert.True(root.GetProperty("valid").GetBoolean());
        Assert.NotEqual(0, root.GetProperty("reasons").GetArrayLength());
    }

    [Fact]
    public async Task Verify_of_a_changed_document_exits_1_and_says_why()
    {
        string text = await File.ReadAllTextAsync(Repository.Path("vectors", "openattestation", "v2", "not-obfuscated-wrapped.json"));
        string changed = Path.Combine(Path.GetTempPath(), $"landsea-oa-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(changed, text.Replace("John Doe", "Jane Doe", StringComparison.Ordinal));
        try
        {
            var (exit, output, _) = await CliHarness.Run("origin", "verify", "--json", changed);
            Assert.Equal(1, exit);
            using JsonDocument doc = JsonDocument.Parse(output);
            Assert.Equal("invalid", doc.RootElement.GetProperty("integrity").GetString());
            Assert.False(doc.RootElement.GetProperty("valid").GetBoolean());
        }
        finally
        {
            File.Delete(changed);
        }
    }

    [Fact]
    public async Task Verify_of_a_file_that_is_not_an_openattestation_document_exits_2_with_the_code()
    {
        var (exit, output, error) = await CliHarness.Run("origin", "verify", "--json", Repository.Path("README.md"));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("LS700", error, StringComparison.Ordinal);
    }
}
