using System.CommandLine;
using System.Text.Json;
using System.Security.Cryptography.X509Certificates;
using Landsea.Data.Origin;
using Landsea.Origin;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Origin;

/// <summary>
/// "landsea origin verify FILE [--json]": checks an OpenAttestation v2 or v3 wrapped document offline. Exit 0 valid,
/// 1 not valid (integrity broken or a check failed), 2 unreadable file, not JSON, or not an OpenAttestation document.
/// </summary>
internal static class OriginVerify
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object on stdout." };
        var file = new Argument<FileInfo>("FILE") { Description = "The wrapped OpenAttestation document (JSON)." };
        var db = new Option<string?>("--db") { Description = "A node database: trust its own and its partners' certificates as issuers, and consult its revocations." };
        var dir = OriginNode.DirOption();
        var trust = new Option<FileInfo[]>("--trust") { Description = "A certificate (PEM or DER) trusted as an issuer; repeatable.", AllowMultipleArgumentsPerToken = false };
        var revocations = new Option<FileInfo?>("--revocations") { Description = "A signed revocation list (landsea origin revocations) to consult offline." };
        var command = new Command("verify", "Verify an OpenAttestation v2/v3 document offline: field hashes, target hash, merkle proof; a Landsea document's ES256 signature, its issuer (trusted with --db or --trust) and revocation (--db or --revocations); Ethereum and DNS checks are reported as skipped.\n\nExamples:\n  landsea origin verify certificate.json\n  landsea origin verify --db landsea.db --json issued/CQ2026RCEP000123.json\n  landsea origin verify --trust cncqi.crt.pem --revocations revocations.json certificate.json\n  landsea origin verify --json vectors/openattestation/v3/did-wrapped.json")
        {
            json,
            file,
            db,
            dir,
            trust,
            revocations,
        };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            FileInfo f = r.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(f.FullName, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"error: cannot read {f.FullName}: {ex.Message}");
                return ExitCodes.Usage;
            }

            Result<VerificationContext> context;
            try
            {
                context = await ContextAsync(r.GetValue(db), r.GetValue(dir), r.GetValue(trust) ?? [], r.GetValue(revocations), ct);
            }
            catch (CliEnvironmentException ex)
            {
                await error.WriteLineAsync(ex.Message);
                return ExitCodes.Usage;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Data.Common.DbException or System.Security.Cryptography.CryptographicException or InvalidDataException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }

            if (!context.IsValid)
            {
                await error.WriteLineAsync($"error: {context.Failure!.Code} {context.Failure.Reason}");
                return ExitCodes.Usage;
            }

            var result = OpenAttestationVerifier.Verify(bytes, context.Value);
            if (!result.IsValid)
            {
                await error.WriteLineAsync($"error: {f}: {result.Failure!.Code} {result.Failure.Reason}");
                return ExitCodes.Usage;
            }

            OriginVerification v = result.Value;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(ToJson(f.ToString(), v));
            }
            else
            {
                await output.WriteLineAsync($"{f}: {(v.Valid ? "valid" : "NOT VALID")} (OpenAttestation {v.Version}; integrity {Name(v.Integrity)}, signature {Name(v.Signature)}, issuer {v.Issuer ?? "(none)"})");
                foreach (string reason in v.Reasons)
                {
                    await output.WriteLineAsync("  " + reason);
                }
            }

            return v.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    /// <summary>The verify JSON: file, integrity, targetHash, merkleRoot, signature, issuer, revoked, valid, reasons.</summary>
    internal static string ToJson(string file, OriginVerification v) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["file"] = file,
        ["integrity"] = Name(v.Integrity),
        ["targetHash"] = v.TargetHash,
        ["merkleRoot"] = v.MerkleRoot,
        ["signature"] = Name(v.Signature),
        ["issuer"] = v.Issuer,
        ["issuerTrusted"] = v.IssuerTrusted,
        ["revoked"] = v.Revoked,
        ["valid"] = v.Valid,
        ["reasons"] = v.Reasons,
    }, s_json);

    /// <summary>The trust list and revocations from --db, --trust and --revocations (a bad list or certificate: LS716-LS718).</summary>
    internal static async Task<Result<VerificationContext>> ContextAsync(string? db, string? dir, FileInfo[] trustFiles, FileInfo? revocationFile, CancellationToken ct)
    {
        OriginTrust? trust = null;
        Dictionary<string, string>? revoked = null;
        var sources = new List<string>();
        if (db is not null)
        {
            if (DatabaseOption.Missing(db) is { } missing)
            {
                throw new CliEnvironmentException(missing);
            }

            await using OriginNode node = await OriginNode.OpenAsync(db, dir, identityRequired: false, ct);
            trust = await node.TrustAsync(ct);
            revoked = new Dictionary<string, string>(await CertificateStore.RevokedHashesAsync(node.Connection, ct), StringComparer.Ordinal);
            sources.Add("the node database");
        }

        if (trustFiles.Length > 0)
        {
            var certificates = new List<byte[]>();
            foreach (FileInfo f in trustFiles)
            {
                byte[] bytes = await File.ReadAllBytesAsync(f.FullName, ct);
                try
                {
                    string text = System.Text.Encoding.ASCII.GetString(bytes);
                    using X509Certificate2 c = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                        ? X509Certificate2.CreateFromPem(text)
                        : X509CertificateLoader.LoadCertificate(bytes);
                    certificates.Add(c.RawData);
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                    return new Failure(OriginErrorCodes.TrustCertificateUnreadable, $"--trust {f}: not an X.509 certificate (PEM or DER)");
                }
            }

            OriginTrust files = OriginTrust.Of(certificates, "--trust files");
            trust = trust is null ? files
                : new OriginTrust(trust.Thumbprints.Union(files.Thumbprints).ToHashSet(StringComparer.Ordinal), trust.Source + " and --trust files");
        }

        if (revocationFile is not null)
        {
            Result<RevocationList> list = RevocationList.Read(await File.ReadAllBytesAsync(revocationFile.FullName, ct));
            if (!list.IsValid)
            {
                return new Failure(list.Failure!.Code, $"--revocations {revocationFile}: {list.Failure.Reason}");
            }

            if (trust is not null && !LandseaSignature.IsTrusted(list.Value.Certificate, trust))
            {
                return new Failure(OriginErrorCodes.RevocationListUntrusted, $"--revocations {revocationFile}: signed by {list.Value.Issuer}, which is not a trusted issuer ({trust.Source})");
            }

            revoked ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string hash, string reason) in list.Value.ByTargetHash())
            {
                revoked.TryAdd(hash, reason);
            }

            sources.Add($"the revocation list of {list.Value.Issuer} of {list.Value.IssuedAt:yyyy-MM-dd HH:mm}Z");
        }

        return new VerificationContext(trust, revoked, sources.Count == 0 ? null : string.Join(" and ", sources));
    }

    internal static string Name(CheckOutcome o) => o switch
    {
        CheckOutcome.Valid => "valid",
        CheckOutcome.Invalid => "invalid",
        _ => "skipped",
    };
}
