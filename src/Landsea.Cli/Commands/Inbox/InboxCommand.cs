using System.CommandLine;
using System.Text.Json;
using Landsea.Exchange;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Storage;
using Landsea.Cli.Commands.Partner;

namespace Landsea.Cli.Commands.Inbox;

/// <summary>
/// <c>landsea inbox quarantine list|retry|discard</c>: received envelopes the node could not apply after its attempts
/// (issue 17), on the node's database directly, like <c>landsea dead-letter</c> on the sending side. Retry and discard are
/// audit entries, so the node's identity is needed (<c>--dir</c>).
/// </summary>
public static class InboxCommand
{
    private const string Examples = """

        Examples:
          landsea inbox quarantine list --db landsea.db
          landsea inbox quarantine list --db landsea.db --json
          landsea inbox quarantine retry --db landsea.db 0193c1f2a7b84e2c9d1e5f60718293a4
          landsea inbox quarantine retry --db landsea.db all
          landsea inbox quarantine discard --db landsea.db 0193c1f2a7b84e2c9d1e5f60718293a4 --reason "partner resent a corrected copy"

        Exit codes: 0 done; 1 an envelope was not found, or already discarded; 2 usage or environment error (no database, no identity).
        """;

    public static Command Create()
    {
        var command = new Command("inbox", "The node's received envelopes.");
        var quarantine = new Command("quarantine",
            "Received envelopes the node could not apply after Exchange:HandOverMaxAttempts attempts (default 5). Their conversation went on without them "
            + "and their sender was sent a refused-application notice. List them with the reason, put them back (applied on the node's next hand-over pass), "
            + "or discard them for good." + Examples);
        var json = new Option<bool>("--json") { Description = "Print JSON only (list: an array; retry and discard: one object per envelope)." };

        var list = new Command("list", "List quarantined envelopes, oldest first, discarded ones marked." + Examples) { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, json };
        list.SetAction((r, ct) => RunAsync(r, async (c, gateway, output) =>
        {
            List<QuarantinedEnvelope> all = await gateway.ListAsync(c, ct);
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all, JsonSerializerOptions.Web));
                return ExitCodes.Ok;
            }

            if (all.Count == 0)
            {
                await output.WriteLineAsync("no quarantined envelopes");
            }

            foreach (QuarantinedEnvelope q in all)
            {
                string discarded = q.DiscardedAt is null ? "" : $"\tdiscarded {q.DiscardedAt:O}: {q.DiscardReason}";
                await output.WriteLineAsync($"{q.EnvelopeId}\t{q.Sender}\t{q.Type}\t{q.Conversation}#{q.Sequence}\t{q.Attempts} attempts\t{q.QuarantinedAt:O}\t{q.Reason}{discarded}");
            }

            return ExitCodes.Ok;
        }, ct));

        var ids = new Argument<string[]>("envelope-id") { Description = "Envelope id(s) to put back; 'all' puts back every quarantined envelope not discarded.", Arity = ArgumentArity.OneOrMore };
        var retry = new Command("retry", "Put quarantined envelopes back in the inbox with fresh attempts; a running node applies them on its next pass (out of line: "
            + "their conversation has moved on)." + Examples) { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, ids, json };
        retry.SetAction((r, ct) => RunAsync(r, async (c, gateway, output) =>
        {
            string[] wanted = r.GetValue(ids)!;
            if (wanted is ["all"])
            {
                wanted = [.. (await gateway.ListAsync(c, ct)).Where(q => q.DiscardedAt is null).Select(q => q.EnvelopeId)];
            }

            int missing = 0;
            foreach (string id in wanted)
            {
                await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
                bool back = await gateway.RetryAsync(work, id, ct);
                await work.CommitAsync(ct);
                missing += back ? 0 : 1;
                await output.WriteLineAsync(r.GetValue(json)
                    ? JsonSerializer.Serialize(new { envelopeId = id, outcome = back ? "retried" : "not-found" }, JsonSerializerOptions.Web)
                    : back ? $"{id}: back in the inbox, applied on the node's next pass" : $"{id}: no such quarantined envelope (or it was discarded)");
            }

            return missing == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        }, ct));

        var id = new Argument<string>("envelope-id") { Description = "The quarantined envelope to give up on." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the quarantine list and the audit trail; 1 to 500 characters).", Required = true };
        var discard = new Command("discard", "Give up on a quarantined envelope for good: never applied, kept in the list marked discarded, audited with the reason. "
            + "A copy the sender sends again is still a duplicate." + Examples) { ExchangeStoreOptions.Db, ExchangeStoreOptions.Dir, id, reason, json };
        discard.SetAction((r, ct) => RunAsync(r, async (c, gateway, output) =>
        {
            string envelopeId = r.GetValue(id)!;
            string why = r.GetValue(reason)!.Trim();
            if (why.Length is 0 or > 500)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --reason must be 1 to 500 characters.");
                return ExitCodes.Usage;
            }

            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, TimeProvider.System, ct);
            DiscardOutcome outcome = await gateway.DiscardAsync(work, envelopeId, why, ct);
            await work.CommitAsync(ct);
            await output.WriteLineAsync(r.GetValue(json)
                ? JsonSerializer.Serialize(new { envelopeId, outcome = outcome switch { DiscardOutcome.Discarded => "discarded", DiscardOutcome.AlreadyDiscarded => "already-discarded", _ => "not-found" } },
                    JsonSerializerOptions.Web)
                : outcome switch
                {
                    DiscardOutcome.Discarded => $"{envelopeId}: discarded for good",
                    DiscardOutcome.AlreadyDiscarded => $"{envelopeId}: already discarded",
                    _ => $"{envelopeId}: no such quarantined envelope",
                });
            return outcome == DiscardOutcome.Discarded ? ExitCodes.Ok : ExitCodes.Invalid;
        }, ct));

        quarantine.Subcommands.Add(list);
        quarantine.Subcommands.Add(retry);
        quarantine.Subcommands.Add(discard);
        command.Subcommands.Add(quarantine);
        return command;
    }

    /// <summary>Refuses a SQLite file that does not exist (exit 2) rather than creating an empty node, then runs <paramref name="action"/> on the node's quarantine.</summary>
    private static async Task<int> RunAsync(ParseResult r, Func<System.Data.Common.DbConnection, IInboxQuarantine, TextWriter, Task<int>> action, CancellationToken ct)
    {
        if (DatabaseOption.Missing(r.GetValue(ExchangeStoreOptions.Db)!) is { } missing)
        {
            await r.InvocationConfiguration.Error.WriteLineAsync(missing);
            return ExitCodes.Usage;
        }

        return await ExchangeStoreOptions.RunAsync(r, (c, identity, output) =>
            action(c, new InboxQuarantine(new AuditTrail(identity, TimeProvider.System), TimeProvider.System), output), ct);
    }
}
