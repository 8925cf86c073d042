using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Landsea.Exchange;
using Landsea.Exchange.Queries;
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
    /// "landsea audit verify --db DB [--json] [--cert PEM] [--held-head SEQ:HASH ...]": recomputes the chain, checks stored
    /// checkpoints and heads held by partners; prints the count checked; exit 0 intact, 1 with each changed, removed,
    /// reordered or truncated entry named, 2 when the database cannot be read.
    /// </summary>
    private static Command CreateVerify()
    {
        var db = DatabaseOption.Create();
        var json = new Option<bool>("--json") { Description = "Write the report as JSON on stdout." };
        var cert = new Option<FileInfo>("--cert") { Description = "The node's certificate (node.crt.pem) to verify signed checkpoints." };
        var heads = new Option<string[]>("--held-head") { Description = "A head a partner holds from a receipt, as SEQ:HASH (repeatable); reveals entries cut off the end.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify", "Verify the audit trail's hash chain; name each entry changed, removed or reordered.\n\nExample: landsea audit verify --db landsea.db --cert node/node.crt.pem");
        command.Options.Add(db);
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
                AuditReport report;
                long staged;
                await using (DbConnection connection = await database.OpenAsync(ct))
                {
                    report = await AuditTrail.VerifyAsync(connection, held, certificate, ct);

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
            }
        });
        return command;
    }
}
