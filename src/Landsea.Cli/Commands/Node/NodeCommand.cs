using System.CommandLine;
using Landsea.Exchange.Signing;

namespace Landsea.Cli.Commands.Node;

/// <summary>"landsea node": the node's own identity (key pair and certificate).</summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "Manage this node's identity: ECDSA P-256 key pair and X.509 certificate.");
        command.Subcommands.Add(CreateInit());
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
