using System.Text;
using Landsea.Exchange;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Transport;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// <c>POST /exchange/envelopes</c>: one envelope (<c>application/json</c>) or a batch (<see cref="BatchCodec.BatchMediaType"/>)
/// from a partner node. The source address's rate limit runs first (middleware), then the receiver authenticates the request
/// once and, for a partner, applies the partner's limit before any per-item work (issue 17 item 2). One size limit
/// (<see cref="ExchangeNodeOptions.MaxRequestBytes"/>) holds for single and batch bodies, with a Content-Length or chunked: over
/// it, 413 with a SIZE receipt (issue 17 item 6).
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
        int limit = node.Gateway.Receiver.Options.MaxRequestBytes;
        long drainLimit = 2L * limit;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
        {
            // The node-wide Kestrel limit is the declarations' (5 MiB); this endpoint's follows the exchange's one limit.
            kestrel.MaxRequestBodySize = drainLimit;
        }

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
            if (refusal.Outcome == ReceiptOutcome.TooLarge && !(request.ContentLength > drainLimit))
            {
                await DrainAsync(request.Body, ct);
            }

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

    /// <summary>
    /// Reads what is left of an oversized body and discards it, so that a sender still writing reads its 413 instead of a
    /// connection reset. Kestrel's limit for the request (twice the exchange's) bounds it: past that the connection closes.
    /// </summary>
    private static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        byte[] discard = new byte[64 * 1024];
        try
        {
            while (await body.ReadAsync(discard, ct) > 0)
            {
            }
        }
        catch (BadHttpRequestException)
        {
            // Past Kestrel's limit for this request: the answer still goes out, then the connection closes.
        }
    }
}
