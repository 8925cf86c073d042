using System.Data.Common;
using System.Security.Claims;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Storage;

namespace Landsea.Web.Features.Exchange;

/// <summary>Why an administrator gives up on a quarantined envelope; kept in the quarantine list and the audit trail.</summary>
public sealed record DiscardRequest(string? Reason);

/// <summary>
/// The receiving side's dead letters over HTTP (issue 17), beside the dead-letter endpoints: received envelopes the node could
/// not apply after Exchange:HandOverMaxAttempts, listed for officers, auditors and administrators; put back or discarded by
/// administrators (as dead letters are withdrawn). <c>landsea inbox quarantine</c> does the same on the database directly.
/// </summary>
public static class QuarantineApi
{
    public static void MapQuarantineApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/exchange/quarantine").RequireAuthorization().WithTags("Exchange");
        api.MapGet("", ListAsync).WithSummary("Received envelopes the node could not apply, with the reason (discarded ones marked)");
        api.MapPost("/{envelopeId}/retry", RetryAsync).WithSummary("Put a quarantined envelope back in the inbox, applied on the next pass (administrators)");
        api.MapPost("/{envelopeId}/discard", DiscardAsync).WithSummary("Give up on a quarantined envelope for good, with a reason (administrators)");
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Read) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        return Results.Ok(await x.Gateway.Quarantine.ListAsync(c, ct));
    }

    private static async Task<IResult> RetryAsync(string envelopeId, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (!await x.Gateway.Quarantine.RetryAsync(work, envelopeId, ct))
        {
            return Results.Problem($"No quarantined envelope {envelopeId} (or it was discarded).", statusCode: 404);
        }

        await work.CommitAsync(ct);
        x.SignalArrival();
        return Results.Ok(new { envelopeId, retried = true });
    }

    private static async Task<IResult> DiscardAsync(string envelopeId, DiscardRequest request, ClaimsPrincipal user, NodeExchange x, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Administer) is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A reason of 1 to 500 characters is required: it is audited."] });
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        DiscardOutcome outcome = await x.Gateway.Quarantine.DiscardAsync(work, envelopeId, $"{request.Reason.Trim()} (by {user.Identity?.Name})", ct);
        switch (outcome)
        {
            case DiscardOutcome.NotFound:
                return Results.Problem($"No quarantined envelope {envelopeId}.", statusCode: 404);
            case DiscardOutcome.AlreadyDiscarded:
                return Results.Problem($"Quarantined envelope {envelopeId} was already discarded.", statusCode: 409);
        }

        await work.CommitAsync(ct);
        return Results.Ok(new { envelopeId, discarded = true });
    }
}
