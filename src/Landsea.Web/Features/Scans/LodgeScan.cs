using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Scans;
using Landsea.Scans;
using Landsea.Web.Features.Access;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// <c>POST /api/scans</c>: <c>{"metadata": {...formatVersion 1...}, "low": "base64 PNG", "high": "base64 PNG"}</c>, by a
/// customs officer. 201 with the scan id when lodged (200 when the same scan was lodged before); 422 with the code and
/// reason when refused (the scan is kept as received and enters no queue); 400 when the body is not that shape.
/// </summary>
public static class LodgeScan
{
    /// <summary>
    /// Largest body this handler reads. The server's own limit (Kestrel, the node's MaxSubmissionBytes) is lower and
    /// applies first: a large scan over HTTP is refused there; `landsea scan lodge` has no such limit (docs/scans.md).
    /// </summary>
    public const int MaxBodyBytes = 96 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/scans", HandleAsync).RequireAuthorization().WithTags("Scans").WithName("lodgeScan")
            .WithSummary("Lodge a container scan: formatVersion 1 metadata and two 16-bit greyscale PNG channels (base64)")
            .WithDescription("201 lodged; 200 the same scan again; 422 refused with code (LS941-LS948) and reason, kept as received and not queued; 400 not the body's shape; 403 not an officer; 413 too large.")
            .Accepts<LodgeScanBody>("application/json")
            .Produces<LodgeScanAnswer>(StatusCodes.Status201Created).Produces<LodgeScanAnswer>().Produces<LodgeScanAnswer>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    private static async Task<IResult> HandleAsync(HttpContext ctx, ClaimsPrincipal user, ScanStore store, ScanExchange exchange, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (scope.Role != Role.Officer)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only customs officers lodge scans.");
        }

        byte[]? body = await Landsea.Web.Infrastructure.RequestBody.ReadAsync(ctx.Request, MaxBodyBytes, ct);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"A scan is at most {MaxBodyBytes} bytes.");
        }

        byte[] metadata, low, high;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            JsonElement root = doc.RootElement;
            metadata = Encoding.UTF8.GetBytes(root.GetProperty("metadata").GetRawText());
            low = Convert.FromBase64String(root.GetProperty("low").GetString() ?? "");
            high = Convert.FromBase64String(root.GetProperty("high").GetString() ?? "");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body must be {\"metadata\": {...}, \"low\": base64, \"high\": base64}.", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["code"] = ScanErrorCodes.MetadataInvalid });
        }

        ScanLodgeAnswer answer = await store.LodgeAsync(scope.User, metadata, low, high, ct);
        int sent = answer.Failure is null && !answer.Duplicate ? await exchange.SendToCentreAsync(answer.ScanId, ct) : 0;
        var result = new LodgeScanAnswer(answer.ScanId, answer.Status, answer.Duplicate, answer.Failure?.Code, answer.Failure?.Reason, sent);
        return answer.Failure is not null ? Results.UnprocessableEntity(result)
            : answer.Duplicate ? Results.Ok(result)
            : Results.Created($"/scans/{answer.ScanId}", result);
    }
}

/// <summary>The body of <c>POST /api/scans</c>: the metadata object and both channels as base64 PNG.</summary>
public sealed record LodgeScanBody(JsonElement Metadata, string Low, string High);

/// <summary>
/// The answer of <c>POST /api/scans</c>: the scan id, lodged or refused, a repeat or not, the refusal's code and reason, and
/// in how many <c>scan-part</c> messages it was sent to the review centre (0: reviewed at this node).
/// </summary>
public sealed record LodgeScanAnswer(string ScanId, string Status, bool Duplicate, string? Code, string? Error, int SentToCentreParts = 0);
