using System.Security.Claims;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Declarations;

/// <summary>An acknowledgement of the feed up to a cursor.</summary>
public sealed record FeedAcknowledgement(long Cursor);

/// <summary>
/// The notification feed for trader software: <c>GET /api/notifications?after=CURSOR&amp;limit=N[&amp;kind=declaration|movement]</c>
/// returns every status change of a declaration, and every NCTS message sent about a transit movement, that the account may see after the cursor (after the acknowledged cursor when none is given);
/// <c>POST /api/notifications/ack {"cursor": N}</c> acknowledges up to N.
/// </summary>
public static class Feed
{
    internal static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");
        api.MapGet("/", ReadAsync).WithSummary("Status changes of every declaration and transit movement you may see, in order, after a cursor")
            .WithDescription("Without after, the feed continues after your acknowledged cursor. Poll with the cursor of the last page; acknowledge what you have processed. limit 1 to 500 (default 100). kind=declaration or kind=movement keeps one kind; a movement's entry names the NCTS message the node sent (movement.messageType, e.g. CC029C release for transit, CC056C rejection) instead of event and status.");
        api.MapPost("/ack", AcknowledgeAsync).WithSummary("Acknowledge the feed up to a cursor (it never moves back)");
    }

    public static async Task<Results<Ok<FeedPage>, ValidationProblem>> ReadAsync(ClaimsPrincipal user, NotificationFeed feed,
        [FromQuery] string? after, [FromQuery] string? limit, [FromQuery] string? kind, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        long? from = null;
        if (!string.IsNullOrWhiteSpace(after))
        {
            if (long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long a))
            {
                from = a;
            }
            else
            {
                errors["after"] = [$"'{after}' is not a cursor (a whole number from a previous page's cursor)."];
            }
        }

        int take = List.Count("limit", limit, 100, 1, NotificationFeed.MaxLimit, errors);
        if (kind is not (null or "" or FeedKinds.Declaration or FeedKinds.Movement))
        {
            errors["kind"] = [$"'{kind}' is not a kind of entry: use {FeedKinds.Declaration} or {FeedKinds.Movement}, or leave it out for both."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is not understood");
        }

        return TypedResults.Ok(await feed.ReadAsync(NodeAuthentication.ScopeOf(user), from, take, string.IsNullOrEmpty(kind) ? null : kind, ct));
    }

    public static async Task<Results<Ok<FeedAcknowledgement>, ValidationProblem>> AcknowledgeAsync(ClaimsPrincipal user, FeedAcknowledgement request, NotificationFeed feed, CancellationToken ct)
    {
        long latest = await feed.LatestAsync(ct);
        if (request.Cursor < 0 || request.Cursor > latest)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = [$"{request.Cursor} is not a cursor of the feed (0 to {latest})."] });
        }

        AccessScope scope = NodeAuthentication.ScopeOf(user);
        return TypedResults.Ok(new FeedAcknowledgement(await feed.AcknowledgeAsync(scope, request.Cursor, ct)));
    }
}
