using System.CommandLine;
using System.Data.Common;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;

namespace Landsea.Cli.Commands.Partner;

/// <summary>
/// The node's exchange tables opened directly (as <c>landsea audit verify</c> does): <c>--db</c> names the database and
/// <c>--dir</c> the node's folder (identity in DIR/node, default beside the SQLite file), since every change is an audit entry.
/// </summary>
internal static class ExchangeStoreOptions
{
    public static readonly Option<string> Db = DatabaseOption.Create();
    public static readonly Option<string?> Dir = new("--dir") { Description = "The node's folder (identity in DIR/node). Default: beside the SQLite file." };

    public static async Task<(DbConnection Connection, NodeIdentity Identity)> OpenAsync(ParseResult r, CancellationToken ct)
    {
        if (DatabaseOption.Folder(r.GetValue(Db)!) is { } missing)
        {
            throw new CliEnvironmentException(missing);
        }

        NodeDatabase db = NodeDatabase.FromArgument(r.GetValue(Db)!);
        string identityDir = IdentityDirectory.For(r.GetValue(Dir), db.Provider == SqlDialect.Sqlite ? db.Display : null);
        NodeIdentity identity = NodeIdentity.Load(identityDir);
        await db.MigrateAsync(ct);
        DbConnection c = await db.OpenAsync(ct);
        return (c, identity);
    }

    /// <summary>A <c>--json</c> option: what the command prints goes to standard output as JSON.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = $"Write {what} as JSON on stdout." };

    public static async Task<int> RunAsync(ParseResult r, Func<DbConnection, NodeIdentity, TextWriter, Task<int>> action, CancellationToken ct)
    {
        try
        {
            (DbConnection c, NodeIdentity identity) = await OpenAsync(r, ct);
            await using (c)
            using (identity)
            {
                return await action(c, identity, r.InvocationConfiguration.Output);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException or CryptographicException or ArgumentException or InvalidOperationException or InvalidDataException)
        {
            await r.InvocationConfiguration.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }
    }
}

/// <summary><c>landsea partner add|list</c>: partner nodes (code, endpoint, pinned certificate).</summary>
public static class PartnerCommand
{
    public static Command Create()
    {
        var command = new Command("partner", "Manage partner nodes: code, envelope endpoint, pinned certificate.");
        var code = new Option<string>("--code") { Description = "Partner node code, e.g. SGSIN.", Required = true };
        var name = new Option<string>("--name") { Description = "Partner name, e.g. \"Singapore Customs\".", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "URL envelopes are POSTed to, e.g. https://sg.example/exchange/envelopes.", Required = true };
        var cert = new Option<FileInfo>("--cert") { Description = "The partner's certificate (PEM), e.g. its node.crt.pem; it is pinned.", Required = true };
        var tlsCert = new Option<FileInfo>("--tls-cert") { Description = "Pin this TLS certificate (PEM) for the partner's https endpoint instead of its node certificate (a TLS proxy in front of it)." };
        var tlsCa = new Option<FileInfo>("--tls-ca") { Description = "Accept a TLS certificate for the endpoint's host issued by this administration CA (PEM) instead of a pinned one." };
        var add = new Command("add", "Register a partner or replace its endpoint and pinned certificate (recorded in the audit trail). Over https the partner's TLS certificate must be its node certificate (or --tls-cert, or one from --tls-ca).\n\nExample: landsea partner add --db landsea.db --code SGSIN --name \"Singapore Customs\" --endpoint https://sgsin.example/exchange --cert sgsin.crt.pem")
        {
            ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, code, name, endpoint, cert, tlsCert, tlsCa,
        };
        add.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, identity, output) =>
        {
            Landsea.Exchange.Partners.Partner? partner = PartnerRegistration.Read(r.GetValue(code)!, r.GetValue(name)!, r.GetValue(endpoint)!,
                await File.ReadAllTextAsync(r.GetValue(cert)!.FullName, ct));
            if (partner is null)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --code must be a node code (A-Z, 0-9), --endpoint an absolute http(s) URL and --cert a PEM certificate.");
                return ExitCodes.Usage;
            }

            if (r.GetValue(tlsCert) is not null && r.GetValue(tlsCa) is not null)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: give --tls-cert or --tls-ca, not both.");
                return ExitCodes.Usage;
            }

            partner = partner with
            {
                TlsCertificate = r.GetValue(tlsCert) is { } t ? X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(t.FullName, ct)) : null,
                TlsAuthority = r.GetValue(tlsCa) is { } a ? X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(a.FullName, ct)) : null,
            };
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
            await new PartnerRegistry(new AuditTrail(identity, TimeProvider.System), TimeProvider.System).SaveAsync(work, partner, ct);
            await work.CommitAsync(ct);
            await output.WriteLineAsync($"partner {partner.Code} ({partner.Name}) at {partner.Endpoint}, pinned key id {partner.KeyId}");
            return ExitCodes.Ok;
        }, ct));
        var listJson = ExchangeStoreOptions.Json("the partners");
        var list = new Command("list", "List partners with their current agreement.\n\nExample: landsea partner list --db landsea.db --json") { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, listJson };
        list.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, _, output) =>
        {
            var rows = new List<object>();
            foreach (Landsea.Exchange.Partners.Partner p in await PartnerRegistry.ListAsync(c, ct))
            {
                SharingAgreement? a = await PartnerRegistry.FindAgreementAsync(c, p.Code, ct);
                if (r.GetValue(listJson))
                {
                    rows.Add(new { p.Code, p.Name, endpoint = p.Endpoint.ToString(), p.KeyId, agreement = a });
                    continue;
                }

                await output.WriteLineAsync($"{p.Code}\t{p.Name}\t{p.Endpoint}\tkid {p.KeyId}\tagreement {(a is null ? "none" : $"v{a.Version}: send {string.Join(", ", a.Outbound.Select(o => o.Type))}; receive {string.Join(", ", a.InboundTypes)}")}");
            }

            if (r.GetValue(listJson))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, JsonSerializerOptions.Web));
            }

            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        return command;
    }
}

/// <summary><c>landsea agreement set|show</c>: versioned data-sharing agreements.</summary>
public static class AgreementCommand
{
    public static Command Create()
    {
        var command = new Command("agreement", "Data-sharing agreements with partners: types sent (with field allow-lists) and received. Versioned; every change is audited.");
        var partner = new Option<string>("--partner") { Description = "Partner node code.", Required = true };
        var send = new Option<string[]>("--send")
        {
            Description = "A type this node may send, with its allowed fields: TYPE=/path,/path/*/field (JSON Pointers, * any member). TYPE alone sends the payload whole. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var receive = new Option<string[]>("--receive") { Description = "A type this node accepts from the partner. Repeatable." };
        var set = new Command("set", "Record a new version of the agreement (replaces the whole agreement).\n\nExample: landsea agreement set --db landsea.db --partner SGSIN --send pre-arrival=/mrn,/items/*/commodityCode --receive control-result") { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, partner, send, receive };
        set.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, identity, output) =>
        {
            var rules = (r.GetValue(send) ?? []).Select(s =>
            {
                int eq = s.IndexOf('=', StringComparison.Ordinal);
                return eq < 0 ? new OutboundRule(s.Trim(), null) : new OutboundRule(s[..eq].Trim(), s[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }).ToList();
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
            SharingAgreement a = await new PartnerRegistry(new AuditTrail(identity, TimeProvider.System), TimeProvider.System)
                .SetAgreementAsync(work, r.GetValue(partner)!, rules, r.GetValue(receive) ?? [], ct);
            await work.CommitAsync(ct);
            await output.WriteLineAsync($"agreement with {a.PartnerCode} version {a.Version}: send {string.Join("; ", a.Outbound.Select(o => o.AllowedFields is null ? o.Type + " (whole)" : $"{o.Type} [{string.Join(", ", o.AllowedFields)}]"))}; receive {string.Join(", ", a.InboundTypes)}");
            return ExitCodes.Ok;
        }, ct));
        var showJson = ExchangeStoreOptions.Json("every version as one JSON array");
        var show = new Command("show", "Print every version of the agreement with a partner as JSON lines, oldest first (--json: one JSON array).\n\nExample: landsea agreement show --db landsea.db --partner SGSIN") { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, partner, showJson };
        show.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, _, output) =>
        {
            IReadOnlyList<SharingAgreement> history = await PartnerRegistry.AgreementHistoryAsync(c, r.GetValue(partner)!, ct);
            if (r.GetValue(showJson))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(history, JsonSerializerOptions.Web));
                return ExitCodes.Ok;
            }

            foreach (SharingAgreement a in history)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(a, JsonSerializerOptions.Web));
            }

            return ExitCodes.Ok;
        }, ct));
        command.Subcommands.Add(set);
        command.Subcommands.Add(show);
        return command;
    }
}

/// <summary><c>landsea dead-letter list|retry|withdraw</c>: envelopes delivery gave up on.</summary>
public static class DeadLetterCommand
{
    public static Command Create()
    {
        var command = new Command("dead-letter", "Envelopes delivery gave up on: list them with the reason, or put them back in the outbox.");
        var listJson = ExchangeStoreOptions.Json("the dead letters");
        var list = new Command("list", "List dead letters.\n\nExample: landsea dead-letter list --db landsea.db --json") { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, listJson };
        list.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, _, output) =>
        {
            IReadOnlyList<DeadLetter> dead = await MessageLog.DeadLettersAsync(c, ct);
            if (r.GetValue(listJson))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(dead, JsonSerializerOptions.Web));
                return ExitCodes.Ok;
            }

            foreach (DeadLetter d in dead)
            {
                string withdrawn = d.WithdrawnBy is null ? "" : $"\twithdrawn by {d.WithdrawnBy}: {d.WithdrawalReason}";
                await output.WriteLineAsync($"{d.EnvelopeId}\t{d.Recipient}\t{d.Type}\t{d.Conversation}#{d.Sequence}\t{d.Attempts} attempts\t{d.DeadAt:O}\t{d.Reason}{withdrawn}");
            }

            return ExitCodes.Ok;
        }, ct));
        var id = new Argument<string[]>("envelope-id") { Description = "Envelope id(s) to retry; 'all' retries every dead letter.", Arity = ArgumentArity.OneOrMore };
        var retry = new Command("retry", "Put dead letters back in the outbox; a running node sends them on its next pass.\n\nExample: landsea dead-letter retry --db landsea.db 0193c1a2e4b47d2f9a1c3b5e7d9f1a2b") { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, id };
        retry.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, identity, output) =>
        {
            string[] ids = r.GetValue(id)!;
            if (ids is ["all"])
            {
                ids = (await MessageLog.DeadLettersAsync(c, ct)).Select(d => d.EnvelopeId).ToArray();
            }

            var dead = new DeadLetters(new AuditTrail(identity, TimeProvider.System), TimeProvider.System);
            int missing = 0;
            foreach (string envelopeId in ids)
            {
                await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
                bool moved = await dead.RetryAsync(work, envelopeId, ct);
                await work.CommitAsync(ct);
                missing += moved ? 0 : 1;
                await output.WriteLineAsync(moved ? $"{envelopeId}: back in the outbox" : $"{envelopeId}: no such dead letter (or it was withdrawn)");
            }

            return missing == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        }, ct));
        var withdrawId = new Argument<string>("envelope-id") { Description = "The dead letter to give up on." };
        var reason = new Option<string>("--reason") { Description = "Why (sent to the partner in the withdrawal).", Required = true };
        var withdraw = new Command("withdraw",
            "Give up on a dead letter for good: a signed withdrawal takes its place in the conversation, so the partner hands over the envelopes after it. The dead letter is kept, marked withdrawn.\n\nExample: landsea dead-letter withdraw --db landsea.db 0193c1a2e4b47d2f9a1c3b5e7d9f1a2b --reason \"partner retired this message type\"")
            { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, withdrawId, reason };
        withdraw.SetAction((r, ct) => ExchangeStoreOptions.RunAsync(r, async (c, identity, output) =>
        {
            string envelopeId = r.GetValue(withdrawId)!;
            string why = r.GetValue(reason)!.Trim();
            if (why.Length is 0 or > 500)
            {
                await Console.Error.WriteLineAsync("--reason must be 1 to 500 characters.");
                return ExitCodes.Usage;
            }

            var audit = new AuditTrail(identity, TimeProvider.System);
            var dead = new DeadLetters(audit, TimeProvider.System, new ExchangeOutbox(identity, audit, TimeProvider.System));
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
            (WithdrawOutcome outcome, QueuedEnvelope? withdrawal) = await dead.WithdrawAsync(work, envelopeId, why, ct);
            await work.CommitAsync(ct);
            await output.WriteLineAsync(outcome switch
            {
                WithdrawOutcome.Withdrawn => $"{envelopeId}: withdrawn; withdrawal {withdrawal!.Envelope.Id} fills {withdrawal.Envelope.Conversation}#{withdrawal.Envelope.Sequence} and is in the outbox",
                WithdrawOutcome.AlreadyWithdrawn => $"{envelopeId}: already withdrawn",
                _ => $"{envelopeId}: no such dead letter",
            });
            return outcome == WithdrawOutcome.Withdrawn ? ExitCodes.Ok : ExitCodes.Invalid;
        }, ct));
        command.Subcommands.Add(list);
        command.Subcommands.Add(retry);
        command.Subcommands.Add(withdraw);
        return command;
    }
}
