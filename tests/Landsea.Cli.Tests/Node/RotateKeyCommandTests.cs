using System.Text.Json;
using Landsea.Exchange.Signing;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Tests.Node;

/// <summary><c>landsea node rotate-key</c>: a new key, announced to every partner under the old one; what the old key signed still verifies.</summary>
public class RotateKeyCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliHarness.Run(args);

    /// <summary>A node folder with an identity and Singapore registered as a partner.</summary>
    private static async Task<(string Db, string Dir, string OldKeyId)> NodeWithPartnerAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-tests", $"rotate-{Guid.NewGuid():N}");
        string oldKeyId;
        using (NodeIdentity identity = NodeIdentity.Create("CNCQI", "Chongqing Customs", TimeProvider.System))
        {
            identity.Save(Path.Combine(dir, "node"));
            oldKeyId = identity.KeyId;
        }

        using (NodeIdentity singapore = NodeIdentity.Create("SGSIN", "Singapore Customs", TimeProvider.System))
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "sgsin.crt.pem"), singapore.CertificatePem);
        }

        string db = Path.Combine(dir, "landsea.db");
        (int exit, _, string error) = await Run("partner", "add", "--db", db, "--code", "SGSIN", "--name", "Singapore Customs",
            "--endpoint", "https://sgsin.example/exchange/envelopes", "--cert", Path.Combine(dir, "sgsin.crt.pem"));
        Assert.True(exit == 0, error);
        return (db, dir, oldKeyId);
    }

    [Fact]
    public async Task RotateKey_NewIdentity_OldCertificateKept_AnnouncementQueued_AuditStillVerifies()
    {
        (string db, string dir, string oldKeyId) = await NodeWithPartnerAsync();

        (int exit, string output, string error) = await Run("node", "rotate-key", "--db", db, "--overlap", "7", "--json");
        (int verify, string verified, string verifyError) = await Run("audit", "verify", "--db", db, "--cert", Path.Combine(dir, "node", "node.crt.pem"));

        Assert.True(exit == 0, error);
        using JsonDocument json = JsonDocument.Parse(output);
        string newKeyId = json.RootElement.GetProperty("keyId").GetString()!;
        Assert.Equal(oldKeyId, json.RootElement.GetProperty("previousKeyId").GetString());
        Assert.NotEqual(oldKeyId, newKeyId);
        Assert.Equal("SGSIN", Assert.Single(json.RootElement.GetProperty("announcedTo").EnumerateArray()).GetString());
        using (NodeIdentity loaded = NodeIdentity.Load(Path.Combine(dir, "node")))
        {
            Assert.Equal(newKeyId, loaded.KeyId);
            Assert.Equal(oldKeyId, CertificateThumbprint.Of(Assert.Single(loaded.PreviousCertificates)));
        }

        await using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        await c.OpenAsync();
        await using SqliteCommand count = c.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM exchange_outbox WHERE type = 'exchange-key-rollover' AND recipient = 'SGSIN' AND delivered_at IS NULL";
        Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        Assert.True(verify == 0, verified + verifyError); // the checkpoints and head the old key signed verify with node/previous
    }

    [Theory]
    [InlineData("0")]
    [InlineData("91")]
    public async Task RotateKey_OverlapOutOfRange_UsageError2_IdentityUnchanged(string days)
    {
        (string db, string dir, string oldKeyId) = await NodeWithPartnerAsync();

        (int exit, _, string error) = await Run("node", "rotate-key", "--db", db, "--overlap", days);

        Assert.Equal(2, exit);
        Assert.Contains("--overlap must be 1 to 90 days", error, StringComparison.Ordinal);
        using NodeIdentity loaded = NodeIdentity.Load(Path.Combine(dir, "node"));
        Assert.Equal(oldKeyId, loaded.KeyId);
    }
}
