using System.Security.Claims;
using Landsea.Data.Transit;
using Landsea.Web.Features.Access;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// GET /api/transit/movements/{mrn}: one movement with its transitions (office and actor), messages in and out,
/// guarantee balance and next step; GET .../messages/{id}: a stored message as received or written; GET
/// /api/transit/messages/{id}: what became of a lodged message.
/// </summary>
public static class Show
{
    internal static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/movements/{mrn}", HandleAsync).WithSummary("One transit movement with transitions, messages and guarantee");
        api.MapGet("/movements/{mrn}/messages/{id:long}", MessageAsync).WithSummary("A message of the movement, as received or written");
        api.MapGet("/messages/{id:long}", StatusAsync)
            .WithSummary("What became of a lodged message (the X-Transit-Message id): Applied, Refused with its errors, or AwaitingRecord");
    }

    public static async Task<IResult> StatusAsync(long id, ClaimsPrincipal user, TransitStore store, CancellationToken ct) =>
        await store.MessageStatusAsync(id, NodeAuthentication.ScopeOf(user), ct) is { } status
            ? Results.Ok(status)
            : Results.Problem(title: "Not found", detail: $"No lodged message {id} that you may see.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<IResult> HandleAsync(string mrn, ClaimsPrincipal user, TransitStore store, CancellationToken ct) =>
        await store.FindAsync(mrn, NodeAuthentication.ScopeOf(user), ct) is { } view
            ? Results.Ok(view)
            : Results.Problem(title: "Not found", detail: $"No movement '{mrn}' that you may see.", statusCode: StatusCodes.Status404NotFound);

    public static async Task<IResult> MessageAsync(string mrn, long id, ClaimsPrincipal user, TransitStore store, CancellationToken ct) =>
        await store.MessageBodyAsync(mrn, id, NodeAuthentication.ScopeOf(user), ct) is { } body
            ? Results.Bytes(body, body.Length > 0 && body[0] == (byte)'{' ? "application/json" : "application/xml")
            : Results.Problem(title: "Not found", detail: $"No message {id} of movement '{mrn}' that you may see.", statusCode: StatusCodes.Status404NotFound);
}
