using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Cli.Commands.Partner;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;

namespace Landsea.Cli.Commands.Node;

/// <summary>"landsea node": the node's own identity (key pair and certificate).</summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Manage this node's identity: ECDSA P-256 key pair and X.509 certificate.");
        command.Subcommands.Add(CreateInit());
        command.Subcommands.Add(CreateRotateKey());
        return command;
    }

    /// <summary>
    /// "landsea node rotate-key --db DB [--dir DIR] [--overlap DAYS] [--json]": a new key and certificate; every partner is sent
    /// the announcement signed by the old key (first in its queue), the old certificate is kept in node/previous so that
    /// what the old key signed still verifies, the old private key is deleted. Partners accept the old key for the overlap.
    /// </summary>
    private static Command CreateRotateKey()
    {
        var overlap = new Option<int>("--overlap")
        {
            Description = "Days partners still accept the old key (1-90; default 14). Restart the node within them.",
            DefaultValueFactory = _ => 14,
        };
        var json = new Option<bool>("--json") { Description = "Write the outcome as JSON on stdout." };
        var command = new Command("rotate-key",
            "Roll the node's key over: a new key pair and certificate, announced to every partner in an envelope signed by the old key; " +
            "partners accept both keys for the overlap, and old envelopes and audit checkpoints still verify. Restart the node afterwards " +
            "so that it signs and serves HTTPS with the new key.\n\nExample: landsea node rotate-key --db landsea.db --overlap 14")
        {
            ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, overlap, json,
        };
        command.SetAction((r, ct) =>
        {
            int days = r.GetValue(overlap);
            if (days is < 1 or > 90)
            {
                r.InvocationConfiguration.Error.WriteLine($"error: --overlap must be 1 to 90 days, not {days}.");
                return Task.FromResult(ExitCodes.Usage);
            }

            return ExchangeStoreOptions.RunAsync(r, async (c, identity, output) =>
            {
                NodeDatabase db = NodeDatabase.FromArgument(r.GetValue(ExchangeStoreOptions.Db)!);
                string directory = IdentityDirectory.For(r.GetValue(ExchangeStoreOptions.Dir), db.Provider == SqlDialect.Sqlite ? db.Display : null);
                TimeProvider time = TimeProvider.System;
                DateTimeOffset until = StoredTime.ToMilliseconds(time.GetUtcNow().AddDays(days));
                using NodeIdentity next = identity.CreateSuccessor(time);
                var audit = new AuditTrail(identity, time);
                var outbox = new ExchangeOutbox(identity, audit, time);
                List<Landsea.Exchange.Partners.Partner> partners = await PartnerRegistry.ListAsync(c, ct);
                await using (UnitOfWork work = await UnitOfWork.BeginAsync(c, time, ct))
                {
                    foreach (Landsea.Exchange.Partners.Partner partner in partners)
                    {
                        await outbox.EnqueueKeyRolloverAsync(work, partner.Code, next, until, ct);
                    }

                    await audit.AppendAsync(work, new AuditRecord("node-key", null, identity.Code, null, next.KeyId,
                        string.Create(CultureInfo.InvariantCulture, $"rotated from key {identity.KeyId}; announced to {partners.Count} partner(s); old key accepted until {StoredTime.IsoMilliseconds(until)}")), ct);
                    await work.CommitAsync(ct);
                }

                identity.ReplaceWith(next, directory);
                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        node = identity.Code,
                        previousKeyId = identity.KeyId,
                        keyId = next.KeyId,
                        oldKeyAcceptedUntil = StoredTime.IsoMilliseconds(until),
                        announcedTo = partners.Select(p => p.Code).ToArray(),
                        certificate = Path.Combine(directory, NodeIdentity.CertificateFileName),
                        previousCertificate = Path.Combine(directory, NodeIdentity.PreviousFolderName, identity.KeyId + ".crt.pem"),
                    }));
                }
                else
                {
                    await output.WriteLineAsync($"node {identity.Code}: key {identity.KeyId} -> {next.KeyId}");
                    await output.WriteLineAsync($"announced to {partners.Count} partner(s){(partners.Count == 0 ? "" : ": " + string.Join(", ", partners.Select(p => p.Code)))}, signed by the old key; they accept it until {StoredTime.IsoMilliseconds(until)}");
                    await output.WriteLineAsync($"certificate: {Path.Combine(directory, NodeIdentity.CertificateFileName)}; the old one kept in {Path.Combine(directory, NodeIdentity.PreviousFolderName)}; the old private key deleted");
                    await output.WriteLineAsync("restart the node (systemctl restart landsea) so that it signs and serves HTTPS with the new key");
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>
    /// "landsea node init --name NAME --code CODE [--dir DIR] [--csr]": writes node.json, node.crt.pem (self-signed) and
    /// node.key.pem (mode 0600) to DIR, and with --csr also node.csr.pem for an administration's CA. Never prints the key.
    /// </summary>
    private static Command CreateInit()
    {
        var name = new Option<string>("--name") { Description = "The node's name, e.g. \"Chongqing Customs\".", Required = true };
        var code = new Option<string>("--code") { Description = "The node code, 2-16 characters A-Z 0-9, e.g. CNCQI.", Required = true };
        var dir = new Option<DirectoryInfo>("--dir") { Description = "Directory for the node's files (default: ./node)." };
        var csr = new Option<bool>("--csr") { Description = "Also write a PKCS#10 certificate request (node.csr.pem) for an administration's CA." };
        var command = new Command("init", "Create the node's key pair and certificate.\n\nExample: landsea node init --code CNCQI --name \"Chongqing Customs\" --dir ./node");
        command.Options.Add(name);
        command.Options.Add(code);
        command.Options.Add(dir);
        command.Options.Add(csr);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            string nodeCode = r.GetValue(code)!;
            string nodeName = r.GetValue(name)!;
            string directory = (r.GetValue(dir)?.FullName) ?? Path.GetFullPath("node");
            if (!NodeCodes.IsValid(nodeCode))
            {
                await error.WriteLineAsync($"error: node code '{nodeCode}' must be 2-16 characters A-Z or 0-9.");
                return ExitCodes.Usage;
            }

            if (string.IsNullOrWhiteSpace(nodeName))
            {
                await error.WriteLineAsync("error: --name must not be empty.");
                return ExitCodes.Usage;
            }

            if (File.Exists(Path.Combine(directory, NodeIdentity.KeyFileName)))
            {
                await error.WriteLineAsync($"error: {Path.Combine(directory, NodeIdentity.KeyFileName)} exists; a node identity is never overwritten.");
                return ExitCodes.Usage;
            }

            try
            {
                using NodeIdentity identity = NodeIdentity.Create(nodeCode, nodeName, TimeProvider.System);
                identity.Save(directory);
                await output.WriteLineAsync($"node {identity.Code} ({identity.Name})");
                await output.WriteLineAsync($"key id (x5t#S256): {identity.KeyId}");
                await output.WriteLineAsync($"certificate: {Path.Combine(directory, NodeIdentity.CertificateFileName)} (self-signed, valid to {identity.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})");
                await output.WriteLineAsync($"private key: {Path.Combine(directory, NodeIdentity.KeyFileName)} (mode 0600; keep it on this node)");
                if (r.GetValue(csr))
                {
                    string csrPath = Path.Combine(directory, NodeIdentity.RequestFileName);
                    await File.WriteAllTextAsync(csrPath, identity.CreateCertificateRequestPem(), ct);
                    await output.WriteLineAsync($"certificate request: {csrPath} (send to the administration's CA; put the issued certificate in {NodeIdentity.CertificateFileName})");
                }

                return ExitCodes.Ok;
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
            catch (UnauthorizedAccessException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
