using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Landsea.Exchange;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Microsoft.Data.Sqlite;

namespace Landsea.Cli.Commands.Audit;

/// <summary>"landsea audit": checks on the exchange's hash-chained audit trail.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Check the exchange audit trail.");
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    /// <summary>
    /// "landsea audit verify --db DB [--json] [--cert PEM] [--held-head SEQ:HASH ...] [--partners [--identity DIR]]": recomputes
    /// the chain, checks the node's stored signed head, the stored checkpoints and heads held by partners (given, or asked of
    /// each registered partner with <c>--partners</c>: the newest receipt it keeps from this node, verified against this node's
    /// own certificate); prints the count checked; exit 0 intact, 1 with each changed, removed, reordered or truncated entry
    /// named, 2 when the database or the node's identity cannot be read.
    /// </summary>
    private static Command CreateVerify()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout." };
        var cert = new Option<FileInfo>("--cert") { Description = "The node's certificate (node.crt.pem) to verify signed checkpoints." };
        var heads = new Option<string[]>("--held-head") { Description = "A head a partner holds from a receipt, as SEQ:HASH (repeatable); reveals entries cut off the end.", AllowMultipleArgumentsPerToken = true };
        var askPartners = new Option<bool>("--partners") { Description = "Ask each registered partner node for the newest head it holds from this node (from the receipts it keeps) and check the log against it." };
        var identityDir = new Option<DirectoryInfo>("--identity") { Description = "With --partners: the node's identity folder (node.key.pem, node.crt.pem, node.json) that signs the queries; default <folder of the SQLite file>/node." };
        var command = new Command("verify", "Verify the audit trail's hash chain; name each entry changed, removed or reordered.\n\nExample: landsea audit verify --db landsea.db --cert node/node.crt.pem --partners");
        command.Options.Add(db);
        command.Options.Add(askPartners);
        command.Options.Add(identityDir);
        command.Options.Add(json);
        command.Options.Add(cert);
        command.Options.Add(heads);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            TextWriter output = r.InvocationConfiguration.Output;
            TextWriter error = r.InvocationConfiguration.Error;
            string target = r.GetValue(db)!;
            var held = new List<AuditHead>();
            foreach (string text in r.GetValue(heads) ?? [])
            {
                string[] parts = text.Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long seq) || parts[1].Length != 64)
                {
                    await error.WriteLineAsync($"error: --held-head '{text}' is not SEQ:HASH (64 hex digits).");
                    return ExitCodes.Usage;
                }

                held.Add(new AuditHead(seq, parts[1].ToLowerInvariant()));
            }

            X509Certificate2? certificate = null;
            NodeIdentity? self = null;
            var asked = new List<PartnerHead>();
            try
            {
                if (r.GetValue(cert) is { } certFile)
                {
                    certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certFile.FullName, ct));
                }

                if (DatabaseOption.Missing(target) is { } missing)
                {
                    await error.WriteLineAsync(missing);
                    return ExitCodes.Usage;
                }

                Landsea.Data.NodeDatabase node = Landsea.Data.NodeDatabase.FromArgument(target);
                ExchangeDatabase database = node.Provider == SqlDialect.Postgres
                    ? ExchangeDatabase.Postgres(node.ConnectionString)
                    : new ExchangeDatabase(() => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly }.ToString()));
                if (r.GetValue(askPartners))
                {
                    string dir = r.GetValue(identityDir)?.FullName ?? IdentityDirectory.For(null, node.Provider == SqlDialect.Sqlite ? target : null);
                    try
                    {
                        self = NodeIdentity.Load(dir);
                    }
                    catch (Exception ex) when (ex is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or JsonException)
                    {
                        await error.WriteLineAsync($"error: cannot load the node's identity from {dir} (give --identity DIR): {ex.Message}");
                        return ExitCodes.Usage;
                    }

                    certificate ??= X509Certificate2.CreateFromPem(self.CertificatePem);
                    await using DbConnection c = await database.OpenAsync(ct);
                    asked = await AskPartnersAsync(await Landsea.Exchange.Partners.PartnerRegistry.ListAsync(c, ct), self, ct);
                    held.AddRange(asked.Where(p => p.Head is not null).Select(p => p.Head!));
                }

                AuditReport report;
                long staged;
                await using (DbConnection connection = await database.OpenAsync(ct))
                {
                    // Checkpoints signed before a key rollover name the old key: its certificate is kept in previous/ beside the current one.
                    KeyRing? keys = certificate is null ? null : new KeyRing(certificate, (self?.PreviousCertificates ?? (r.GetValue(cert)?.DirectoryName is { } beside ? NodeIdentity.ReadPreviousCertificates(beside) : []))
                        .Select(c => new PastKey(c, DateTimeOffset.MinValue)).ToList());
                    report = await AuditTrail.VerifyWithKeysAsync(connection, held, keys, ct);

                    // Outbound entries written inside business transactions wait here until the running node chains them.
                    // (A database made before staging existed has no such table: nothing is staged there.)
                    staged = await MessageLog.StagedAuditCountAsync(connection, ct);
                }

                if (r.GetValue(json))
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        @checked = report.Checked,
                        intact = report.IsIntact,
                        staged,
                        head = new { seq = report.Head.Sequence, hash = report.Head.Hash },
                        partners = asked.Select(p => new { code = p.Code, held = p.Head is null ? null : new { seq = p.Head.Sequence, hash = p.Head.Hash }, error = p.Error }),
                        findings = report.Findings.Select(f => new { kind = f.Kind.ToString().ToLowerInvariant(), seq = f.Sequence, detail = f.Detail }),
                    }));
                }
                else
                {
                    await output.WriteLineAsync($"checked {report.Checked} entries; head {report.Head.Sequence}:{report.Head.Hash}");
                    if (staged > 0)
                    {
                        await output.WriteLineAsync($"  {staged} outbound entries staged, not yet chained (a running node chains them within seconds)");
                    }
                    foreach (PartnerHead p in asked)
                    {
                        await output.WriteLineAsync(p switch
                        {
                            { Error: { } e } => $"  partner {p.Code}: not answered: {e}",
                            { Head: { } h } => $"  partner {p.Code}: holds head {h.Sequence}:{h.Hash}",
                            _ => $"  partner {p.Code}: holds no receipt from this node",
                        });
                    }

                    foreach (AuditFinding finding in report.Findings)
                    {
                        await output.WriteLineAsync($"  entry {finding.Sequence}: {finding.Kind.ToString().ToLowerInvariant()}: {finding.Detail}");
                    }

                    await output.WriteLineAsync(report.IsIntact ? "intact" : $"NOT INTACT: {report.Findings.Count} finding(s)");
                }

                return report.IsIntact ? ExitCodes.Ok : ExitCodes.Invalid;
            }
            catch (Exception ex) when (ex is DbException or IOException or System.Security.Cryptography.CryptographicException)
            {
                await error.WriteLineAsync($"error: cannot read the audit trail: {ex.Message}");
                return ExitCodes.Usage;
            }
            finally
            {
                certificate?.Dispose();
                self?.Dispose();
            }
        });
        return command;
    }

    /// <summary>What one partner answered: the head of the newest receipt it keeps from this node (verified), or why none.</summary>
    private sealed record PartnerHead(string Code, AuditHead? Head, string? Error);

    /// <summary>Asks each partner (<c>POST …/held-head</c> beside its envelope endpoint) with a query signed by <paramref name="self"/>;
    /// a receipt counts only when it verifies against this node's own certificate and names this node as its issuer.</summary>
    private static async Task<List<PartnerHead>> AskPartnersAsync(IReadOnlyList<Landsea.Exchange.Partners.Partner> partners, NodeIdentity self, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var answers = new List<PartnerHead>();
        foreach (Landsea.Exchange.Partners.Partner partner in partners)
        {
            try
            {
                using var content = new StringContent(HeldHeads.SignQuery(self, partner.Code, DateTimeOffset.UtcNow), System.Text.Encoding.ASCII, "application/jose");
                using HttpResponseMessage response = await http.PostAsync(HeldHeads.EndpointBeside(partner.Endpoint), content, ct);
                if (!response.IsSuccessStatusCode)
                {
                    answers.Add(new PartnerHead(partner.Code, null, $"HTTP {(int)response.StatusCode}"));
                    continue;
                }

                HeldHeadAnswer? answer = JsonSerializer.Deserialize<HeldHeadAnswer>(await response.Content.ReadAsStringAsync(ct), JsonSerializerOptions.Web);
                if (answer?.Receipt is null)
                {
                    answers.Add(new PartnerHead(partner.Code, null, null));
                    continue;
                }

                Receipt? receipt = ReceiptCodec.Verify(answer.Receipt, self.Certificate);
                answers.Add(receipt is not null && receipt.Issuer == self.Code
                    ? new PartnerHead(partner.Code, receipt.AuditHead, null)
                    : new PartnerHead(partner.Code, null, "the receipt it answered is not signed by this node"));
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                answers.Add(new PartnerHead(partner.Code, null, ex.Message));
            }
        }

        return answers;
    }
}
