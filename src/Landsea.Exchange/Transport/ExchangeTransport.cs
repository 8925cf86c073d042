using System.Net;
using System.Net.Http.Headers;
using Landsea.Exchange.Partners;

namespace Landsea.Exchange.Transport;

/// <summary>What came back from one send: a receipt (still to be verified), or why none came.</summary>
/// <param name="Reachable">False when the partner could not be reached or answered as unavailable (connection refused, timeout,
/// 429 over its rate limit, 502/503/504): delivery pauses and retries without counting toward dead-lettering.</param>
public sealed record TransportResult(string? ReceiptText, bool Reachable, string? Failure)
{
    public static TransportResult Receipt(string jws) => new(jws, true, null);

    public static TransportResult Unreachable(string reason) => new(null, false, reason);

    public static TransportResult Failed(string reason) => new(null, true, reason);
}

/// <summary>Carries wire bytes of one envelope to a partner and brings back its signed receipt.</summary>
public interface IExchangeTransport
{
    Task<TransportResult> SendAsync(Partner partner, ReadOnlyMemory<byte> wire, CancellationToken ct);

    /// <summary>
    /// Carries several envelopes for one partner and returns one result per envelope, in order. The default sends them one by
    /// one; <see cref="HttpExchangeTransport"/> sends them in one request (<see cref="BatchCodec"/>).
    /// </summary>
    async Task<IReadOnlyList<TransportResult>> SendBatchAsync(Partner partner, IReadOnlyList<ReadOnlyMemory<byte>> wires, CancellationToken ct)
    {
        var results = new TransportResult[wires.Count];
        for (int i = 0; i < wires.Count; i++)
        {
            results[i] = await SendAsync(partner, wires[i], ct);
        }

        return results;
    }
}

/// <summary>
/// HTTP(S): <c>POST {partner endpoint}</c> with the wire JSON; the answer body is the receipt JWS (<c>application/jose</c>)
/// whatever the status code, since the signed outcome decides, as in DCSA PINT.
/// </summary>
public sealed class HttpExchangeTransport : IExchangeTransport
{
    public const string ReceiptMediaType = "application/jose";
    public const string EnvelopeMediaType = "application/json";
    public const string BatchMediaType = BatchCodec.BatchMediaType;
    private const int MaxReceiptChars = 64 * 1024;
    private readonly Func<Partner, HttpClient> _clientFor;

    /// <summary>Every partner through <paramref name="client"/> (its TLS trust is the client's own).</summary>
    public HttpExchangeTransport(HttpClient client)
    {
        _clientFor = _ => client;
    }

    /// <summary>Each partner through its own client, whose HTTPS accepts only that partner's pinned certificate (<see cref="PartnerHttpClients"/>).</summary>
    public HttpExchangeTransport(PartnerHttpClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _clientFor = clients.For;
    }

    public async Task<TransportResult> SendAsync(Partner partner, ReadOnlyMemory<byte> wire, CancellationToken ct)
    {
        try
        {
            using var content = new ReadOnlyMemoryContent(wire);
            content.Headers.ContentType = new MediaTypeHeaderValue(EnvelopeMediaType);
            using HttpResponseMessage response = await _clientFor(partner).PostAsync(partner.Endpoint, content, ct);
            string body = await response.Content.ReadAsStringAsync(ct);
            if (response.Content.Headers.ContentType?.MediaType == ReceiptMediaType && body.Length <= MaxReceiptChars && body.Count(c => c == '.') == 2)
            {
                return TransportResult.Receipt(body);
            }

            string status = $"HTTP {(int)response.StatusCode} without a receipt";
            return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                ? TransportResult.Unreachable(status)
                : TransportResult.Failed(status);
        }
        catch (HttpRequestException ex)
        {
            return TransportResult.Unreachable(ex.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return TransportResult.Unreachable("timeout");
        }
    }

    /// <summary>
    /// One POST of <see cref="BatchCodec.BatchMediaType"/> to the partner's endpoint, answered by one signed receipt per envelope.
    /// A single envelope goes in the single form. A partner that answers a batch with one <c>application/jose</c> receipt (no
    /// batch support) or 413 (batch over its limit) gets the envelopes one by one.
    /// </summary>
    public async Task<IReadOnlyList<TransportResult>> SendBatchAsync(Partner partner, IReadOnlyList<ReadOnlyMemory<byte>> wires, CancellationToken ct)
    {
        if (wires.Count == 1)
        {
            return [await SendAsync(partner, wires[0], ct)];
        }

        TransportResult[] Same(TransportResult r) => Enumerable.Repeat(r, wires.Count).ToArray();
        try
        {
            using var content = new ByteArrayContent(BatchCodec.Join(wires));
            content.Headers.ContentType = new MediaTypeHeaderValue(BatchMediaType);
            using HttpResponseMessage response = await _clientFor(partner).PostAsync(partner.Endpoint, content, ct);
            byte[] body = await response.Content.ReadAsByteArrayAsync(ct);
            string? media = response.Content.Headers.ContentType?.MediaType;
            if (media == BatchCodec.ReceiptsMediaType && BatchCodec.ReadReceipts(body, wires.Count) is { } receipts)
            {
                return receipts.Select(r => r.Length <= MaxReceiptChars ? TransportResult.Receipt(r) : TransportResult.Failed("receipt too long")).ToArray();
            }

            if (media == ReceiptMediaType || response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                var one = new TransportResult[wires.Count];
                for (int i = 0; i < wires.Count; i++)
                {
                    one[i] = await SendAsync(partner, wires[i], ct);
                }

                return one;
            }

            string status = $"HTTP {(int)response.StatusCode} without batch receipts";
            return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                ? Same(TransportResult.Unreachable(status))
                : Same(TransportResult.Failed(status));
        }
        catch (HttpRequestException ex)
        {
            return Same(TransportResult.Unreachable(ex.HttpRequestError.ToString()));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Same(TransportResult.Unreachable("timeout"));
        }
    }
}
