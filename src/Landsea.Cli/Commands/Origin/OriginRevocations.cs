using System.CommandLine;
using Landsea.Data.Origin;
using Landsea.Origin;

namespace Landsea.Cli.Commands.Origin;

/// <summary>"landsea origin revocations --db DB --out FILE": the node's signed list of the certificates it revoked, for verifying offline.</summary>
internal static class OriginRevocations
{
    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var dir = OriginNode.DirOption();
        var output = new Option<FileInfo>("--out") { Description = "The file to write (JSON, ES256-signed by the node).", Required = true };
        var command = new Command("revocations", "Write the node's signed revocation list (the certificates of origin it issued and revoked), for origin verify --revocations FILE.\n\nExample: landsea origin revocations --db landsea.db --out revocations.json")
        {
            db, dir, output,
        };
        command.SetAction((ParseResult r, CancellationToken ct) => OriginNode.RunAsync(r, async (stdout, error) =>
        {
            await using OriginNode node = await OriginNode.OpenAsync(r.GetValue(db)!, r.GetValue(dir), identityRequired: true, ct);
            IReadOnlyList<StoredCertificate> revoked = await CertificateStore.RevokedAsync(node.Connection, node.Identity!.Code, ct);
            string file = RevocationList.Write(node.Identity.Code, TimeProvider.System.GetUtcNow(),
                revoked.Select(c => new Revocation(c.TargetHash, c.Number, c.RevokedAt!.Value, c.RevokeReason ?? "")), node.Identity.Certificate.RawData, node.Identity.SignEs256);
            await File.WriteAllTextAsync(r.GetValue(output)!.FullName, file, ct);
            await error.WriteLineAsync($"wrote {revoked.Count} revocation(s) signed by {node.Identity.Code} to {r.GetValue(output)}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
