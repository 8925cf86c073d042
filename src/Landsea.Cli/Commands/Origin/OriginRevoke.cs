using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Landsea.Data.Origin;
using Landsea.Exchange.Storage;
using Landsea.Shared;

namespace Landsea.Cli.Commands.Origin;

/// <summary>"landsea origin revoke --db DB --number N --reason TEXT": revokes a certificate this node issued and tells the partner it went to.</summary>
internal static class OriginRevoke
{
    public static Command Create()
    {
        var db = DatabaseOption.Create();
        var dir = OriginNode.DirOption();
        var number = new Option<string>("--number") { Description = "The certificate number.", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why it is revoked (kept and shared).", Required = true };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object on stdout." };
        var command = new Command("revoke", "Revoke a certificate of origin this node issued; origin verify --db reports it revoked, and the partner that received it is told.\n\nExample: landsea origin revoke --db landsea.db --number CQ2026RCEP000123 --reason \"issued in error: wrong consignee\"")
        {
            db, dir, number, reason, json,
        };
        command.SetAction((ParseResult r, CancellationToken ct) => OriginNode.RunAsync(r, async (stdout, error) =>
        {
            await using OriginNode node = await OriginNode.OpenAsync(r.GetValue(db)!, r.GetValue(dir), identityRequired: true, ct);
            await using UnitOfWork work = await UnitOfWork.BeginAsync(node.Connection, TimeProvider.System, ct);
            Result<(StoredCertificate Revoked, IReadOnlyList<string> Told)> result =
                await node.Issuing().RevokeAsync(work, node.Identity!.Code, r.GetValue(number)!, r.GetValue(reason)!, ct);
            if (!result.IsValid)
            {
                await work.RollbackAsync(ct);
                await error.WriteLineAsync($"error: {result.Failure!.Code} {result.Failure.Reason}");
                return ExitCodes.Invalid;
            }

            await work.CommitAsync(ct);
            StoredCertificate c = result.Value.Revoked;
            if (r.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["number"] = c.Number, ["targetHash"] = c.TargetHash, ["revokedAt"] = c.RevokedAt!.Value.ToString("O", CultureInfo.InvariantCulture),
                    ["reason"] = c.RevokeReason, ["told"] = result.Value.Told,
                }));
            }
            else
            {
                await stdout.WriteLineAsync($"revoked {c.Number} ({c.TargetHash}){(result.Value.Told.Count > 0 ? "; told " + string.Join(", ", result.Value.Told) : "")}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
