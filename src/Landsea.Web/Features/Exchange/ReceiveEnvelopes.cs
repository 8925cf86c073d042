using System.Text;
using Landsea.Exchange;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Transport;
using Landsea.Web.ServiceDefaults;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// <c>POST /exchange/envelopes</c>: one envelope (<c>application/json</c>) or a batch (<see cref="BatchCodec.BatchMediaType"/>)
/// from a partner node. The source address's rate limit runs first (middleware), then the receiver authenticates the request
/// once and, for a partner, applies the partner's limit before any per-item work (issue 17 item 2).
/// </summary>
public static class ReceiveEnvelopes
{
    public static async Task<IResult> HandleAsync(HttpContext http, NodeExchange node, PartnerLimiter partners, NodeMetrics metrics, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(partners);
        ArgumentNullException.ThrowIfNull(metrics);
        HttpRequest request = http.Request;
        bool batch = string.Equals(request.ContentType?.Split(';')[0].Trim(), BatchCodec.BatchMediaType, StringComparison.OrdinalIgnoreCase);
        ReceiveAnswer answer = await node.Gateway.Receiver.ReceiveRequestAsync(request.Body, request.ContentLength, batch, ExchangeLimiting.SourceOf(http),
            partners.Admit, ct);
        if (answer.RetryAfter is { } wait)
        {
            metrics.RequestLimited("partner");
            http.Response.Headers.RetryAfter = ExchangeLimiting.RetryAfterSeconds(wait);
            return Results.Text("too many requests from this partner; retry after the time in Retry-After", "text/plain", Encoding.UTF8, StatusCodes.Status429TooManyRequests);
        }

        if (answer.Refusal is { } refusal)
        {
            // One receipt for the whole request; a batch sender then sends its envelopes one by one, as to a node without batches.
            metrics.RequestRefused(refusal.Outcome.ToString());
            return Results.Text(refusal.Receipt.Text, ReceiveResult.ContentType, Encoding.ASCII, refusal.StatusCode);
        }

        IReadOnlyList<ReceiveResult> results = answer.Results!;
        foreach (ReceiveResult r in results)
        {
            metrics.EnvelopeReceived(r.Outcome.ToString());
        }

        if (results.Any(r => r.Outcome == ReceiptOutcome.Received))
        {
            node.SignalArrival();
        }

        return batch
            ? Results.Bytes(BatchCodec.WriteReceipts(results.Select(r => r.Receipt.Text)), BatchCodec.ReceiptsMediaType)
            : Results.Text(results[0].Receipt.Text, ReceiveResult.ContentType, Encoding.ASCII, results[0].StatusCode);
    }
}
