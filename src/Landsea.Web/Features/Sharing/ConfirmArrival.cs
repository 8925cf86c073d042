using System.Data.Common;
using System.Security.Claims;
using Landsea.Data.Sharing;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;

namespace Landsea.Web.Features.Sharing;

/// <summary>
/// An officer (or the demo's auto-confirmation) confirms that goods a partner announced arrived at this node's exit office;
/// the confirmation goes back to the departure node in the same transaction.
/// </summary>
public sealed class ConfirmArrival(NodeExchange exchange, SharingOutbox outbox)
{
    /// <summary>Confirms an anticipated arrival. False when no such announced arrival is waiting.</summary>
    public async Task<bool> ConfirmAsync(UnitOfWork work, string mrn, string confirmedBy, CancellationToken ct)
    {
        MessageRecord? notice = await MessageRecords.FindAsync(work, MessageRecords.In, MessageTypes.ArrivalNotice, mrn, ct);
        if (notice is null || notice.State != ArrivalAnnounced.Expected)
        {
            return false;
        }

        await MessageRecords.SetStateAsync(work, MessageRecords.In, MessageTypes.ArrivalNotice, mrn, ArrivalAnnounced.Expected, "confirmed", ct);
        string office = SharedDocuments.ExitOfficeOf(notice.Document);
        byte[] payload = SharedDocuments.ArrivalConfirmation(mrn, office, exchange.Time.GetUtcNow(), confirmedBy);
        await outbox.SendAsync(work, new PlannedMessage(notice.Partner, MessageTypes.ArrivalConfirmation, mrn, payload, $"arrival confirmed at {office}"), ct);
        return true;
    }

    internal static void Map(WebApplication app)
    {
        app.MapPost("/api/exchange/arrivals/{mrn}/confirm", ApiAsync).RequireAuthorization().WithTags("Exchange")
            .WithSummary("Confirm an anticipated arrival back to the departure node (officers)");
        app.MapPost("/exchange/arrivals/{mrn}/confirm", PageAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> ApiAsync(string mrn, ClaimsPrincipal user, NodeExchange x, ConfirmArrival confirm, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Act) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (!await confirm.ConfirmAsync(work, mrn, user.Identity?.Name ?? "officer", ct))
        {
            return Results.Problem($"No announced arrival of {mrn} waiting for confirmation.", statusCode: 404);
        }

        await work.CommitAsync(ct);
        return Results.Ok(new { mrn, confirmed = true });
    }

    private static async Task<IResult> PageAsync(string mrn, HttpContext ctx, NodeExchange x, ConfirmArrival confirm, CancellationToken ct)
    {
        if (ExchangeApi.Denied(ctx.User, ExchangeAccess.Act) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (await confirm.ConfirmAsync(work, mrn, ctx.User.Identity?.Name ?? "officer", ct))
        {
            await work.CommitAsync(ct);
        }

        return Results.Redirect("/exchange/partner-goods");
    }
}
