using System.Security.Claims;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Declarations.Edifact;
using Landsea.Declarations.Wco;
using Landsea.Offices;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// The status notifications of a declaration: GET /api/declarations/{mrn}/notifications lists one per status change;
/// /notifications/{eventId} is one as WCO DM RES XML, or UN/EDIFACT CUSRES with ?format=edifact.
/// </summary>
public static class Notifications
{
    /// <summary>One entry of the list: the event, its RES function code and where to fetch the notification.</summary>
    public sealed record NotificationLink(long Id, DeclarationEvent Event, string FunctionCode, DateTimeOffset At, string OfficeCode, string Href);

    internal static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/{mrn}/notifications", ListAsync).WithSummary("The WCO DM RES notifications of every status change");
        api.MapGet("/{mrn}/notifications/{eventId:long}", OneAsync).WithSummary("One status notification: WCO DM RES XML, or UN/EDIFACT CUSRES with ?format=edifact");
    }

    public static async Task<IResult> ListAsync(string mrn, ClaimsPrincipal user, DeclarationQueries store, CancellationToken ct)
    {
        DeclarationDetail? d = await store.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct);
        return d is null
            ? Results.NotFound()
            : Results.Ok(d.History.Select(h => new NotificationLink(h.Id, h.Event, DeclarationLifecycle.ResponseFunctionCode(h.Event), h.At, h.OfficeCode,
                $"/api/declarations/{mrn}/notifications/{h.Id}")));
    }

    public static async Task<IResult> OneAsync(string mrn, long eventId, [FromQuery] string? format, ClaimsPrincipal user, DeclarationQueries store, CustomsNode node, CancellationToken ct)
    {
        DeclarationDetail? d = await store.GetAsync(NodeAuthentication.ScopeOf(user), mrn, ct);
        StatusChange? change = d?.History.FirstOrDefault(h => h.Id == eventId);
        if (d is null || change is null)
        {
            return Results.NotFound();
        }

        int version = 1 + d.History.TakeWhile(h => h.Id <= eventId).Count(h => h.Event == DeclarationEvent.AmendmentAccepted);
        var notification = new ResNotification(
            $"{mrn}-{eventId}", change.Event, change.At, d.Summary.FunctionalReference, mrn, version,
            node.Country, node.Name, [], change.Note);
        return SubmissionFormats.FromName(format) == SubmissionFormat.Edifact
            ? Results.File(CusresNotifications.WriteCusres(notification), "application/EDIFACT")
            : Results.File(ResNotificationWriter.Write(notification), "application/xml");
    }
}
