using System.Data.Common;
using System.Security.Claims;
using Landsea.Data.Declarations;
using Landsea.Data.Sharing;
using Landsea.Offices;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;

namespace Landsea.Web.Features.Sharing;

/// <summary>An officer's inspection result for goods announced by a partner's pre-arrival.</summary>
public sealed record InspectionRequest(bool Found, string? What);

/// <summary>
/// Records the inspection of goods a partner's pre-arrival announced at this node, and tells every registered
/// <see cref="IInspectionOutcomeSink"/> in the same transaction (risk keeps it; <see cref="ForwardControlResult"/> sends it to partners).
/// </summary>
public sealed class RecordInspection(NodeExchange exchange, CustomsNode node, IEnumerable<IInspectionOutcomeSink> sinks)
{
    /// <summary>False when no partner's pre-arrival for <paramref name="mrn"/> was received.</summary>
    public async Task<bool> RecordAsync(UnitOfWork work, string mrn, bool found, string? what, string recordedBy, CancellationToken ct)
    {
        MessageRecord? pre = await MessageRecords.FindAsync(work, MessageRecords.In, MessageTypes.PreArrival, mrn, ct);
        if (pre is null)
        {
            return false;
        }

        await MessageRecords.SetStateAsync(work, MessageRecords.In, MessageTypes.PreArrival, mrn, pre.State, "inspected", ct);
        var outcome = new InspectionOutcome(mrn, found, what, MessageTypes.InspectionOffice(node), false, exchange.Time.GetUtcNow(), recordedBy);
        foreach (IInspectionOutcomeSink sink in sinks)
        {
            await sink.RecordAsync(work, outcome, ct);
        }

        return true;
    }

    internal static void Map(WebApplication app)
    {
        app.MapPost("/api/exchange/pre-arrivals/{mrn}/inspection", ApiAsync).RequireAuthorization().WithTags("Exchange")
            .WithSummary("Record the inspection of goods announced by a partner (officers); forwarded as a control result");
        app.MapPost("/exchange/pre-arrivals/{mrn}/inspection", PageAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> ApiAsync(string mrn, InspectionRequest request, ClaimsPrincipal user, NodeExchange x, RecordInspection inspection, CancellationToken ct)
    {
        if (ExchangeApi.Denied(user, ExchangeAccess.Act) is { } denied)
        {
            return denied;
        }

        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (!await inspection.RecordAsync(work, mrn, request.Found, request.What, user.Identity?.Name ?? "officer", ct))
        {
            return Results.Problem($"No pre-arrival for {mrn} from a partner.", statusCode: 404);
        }

        await work.CommitAsync(ct);
        return Results.Ok(new { mrn, recorded = true });
    }

    private static async Task<IResult> PageAsync(string mrn, HttpContext ctx, NodeExchange x, RecordInspection inspection, CancellationToken ct)
    {
        if (ExchangeApi.Denied(ctx.User, ExchangeAccess.Act) is { } denied)
        {
            return denied;
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        bool found = form["found"].ToString() == "true";
        await using DbConnection c = await x.Db.OpenAsync(ct);
        await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
        if (await inspection.RecordAsync(work, mrn, found, form["what"].ToString() is { Length: > 0 } w ? w : null, ctx.User.Identity?.Name ?? "officer", ct))
        {
            await work.CommitAsync(ct);
        }

        return Results.Redirect("/exchange/partner-goods");
    }
}
