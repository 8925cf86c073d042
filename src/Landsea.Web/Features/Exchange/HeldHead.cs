using System.Data.Common;
using System.Text;
using Landsea.Exchange;
using Landsea.Web.ServiceDefaults;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// <c>POST /exchange/held-head</c> (issue 17 item 3): a partner node asks, with a query it signed (<see cref="HeldHeads"/>),
/// for the newest audit head this node holds from it; the answer is the partner's own signed receipt carrying that head, so
/// that <c>landsea audit verify --partners</c> on the partner's side can reveal a trail cut off or rewritten after it.
/// Anonymous at the HTTP level like the envelope endpoint: the query's signature against the pinned certificate decides.
/// </summary>
public static class HeldHead
{
    public static async Task<IResult> HandleAsync(HttpContext http, NodeExchange node, NodeMetrics metrics, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(metrics);
        using var reader = new StreamReader(http.Request.Body, Encoding.ASCII);
        char[] buffer = new char[4097];
        int read = await reader.ReadBlockAsync(buffer, ct);
        string query = new string(buffer, 0, read).Trim();
        await using DbConnection connection = await node.Db.OpenAsync(ct);
        (Landsea.Exchange.Partners.Partner? asker, string? refusal) = await HeldHeads.CheckQueryAsync(connection, query, node.Node.Code, node.Time.GetUtcNow(), ct);
        if (asker is null)
        {
            metrics.RequestRefused("held-head");
            node.Gateway.Receiver.Refusals.Refused(ExchangeLimiting.SourceOf(http), "HELD", 0, null);
            return Results.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, title: "Held-head query refused");
        }

        return (await HeldHeads.NewestFromAsync(connection, asker, ct)) is { } newest
            ? Results.Ok(new HeldHeadAnswer(newest.Receipt))
            : Results.Ok(new HeldHeadAnswer(null));
    }
}
