using System.Security.Cryptography;
using System.Text;
using Landsea.Data.CorridorSupervision;
using Landsea.Declarations;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// Pushes events to subscribers (DCSA T&amp;T push model): each due subscription gets the next events after its cursor that
/// match its filters, as one JSON array, with <c>Notification-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;</c> (the
/// DCSA scheme, keyed by the subscription's secret). The cursor moves only on a 2xx answer, so a subscriber that was down
/// gets its events later, in order, each page again only until it answered 2xx; failures back off as the notification
/// callbacks do (<see cref="CallbackPolicy"/>).
/// </summary>
public sealed partial class EventPusher(CorridorStore store, IHttpClientFactory clients, ILogger<EventPusher> logger) : IDisposable
{
    public const string ClientName = "landsea-corridor-subscriptions";

    public const int PageSize = 100;

    private readonly SemaphoreSlim _round = new(1, 1);

    public void Dispose() => _round.Dispose();

    /// <summary>One round: returns how many posts were answered 2xx.</summary>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await _round.WaitAsync(ct);
        try
        {
            int delivered = 0;
            foreach (EventSubscription s in await store.DueSubscriptionsAsync(now, ct))
            {
                EventPage page = await store.EventsAsync(s.Query(PageSize), ct);
                if (page.Events.Count == 0)
                {
                    continue;
                }

                byte[] body = Encoding.UTF8.GetBytes("[" + string.Join(",", page.Events.Select(e => e.Event.Body)) + "]");
                string? error;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, s.CallbackUrl) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new("application/json");
                    request.Headers.Add("Notification-Signature", Signature(s.Secret, body));
                    request.Headers.Add("Landsea-Delivery", $"{s.Id}/{s.DeliveredSeq}-{page.Events[^1].Seq}");
                    using HttpResponseMessage response = await clients.CreateClient(ClientName).SendAsync(request, ct);
                    if (CallbackPolicy.Delivered((int)response.StatusCode))
                    {
                        await store.DeliveredAsync(s.Id, page.Events[^1].Seq, ct);
                        LogDelivered(logger, s.Id, page.Events.Count, page.Events[^1].Seq);
                        delivered++;
                        continue;
                    }

                    error = $"HTTP {(int)response.StatusCode}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    error = e is TaskCanceledException ? "no answer within the timeout" : e.GetType().Name;
                }

                EventSubscription? after = await store.FailedAsync(s.Id, error, ct);
                LogFailed(logger, s.Id, after?.Attempts ?? 0, error);
            }

            return delivered;
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>The DCSA signature header value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body.</summary>
    public static string Signature(byte[] secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    [LoggerMessage(Level = LogLevel.Information, Message = "Corridor subscription {Subscription}: {Count} events delivered up to {Seq}")]
    private static partial void LogDelivered(ILogger logger, string subscription, int count, long seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corridor subscription {Subscription} failed ({Attempts} in a row): {Error}")]
    private static partial void LogFailed(ILogger logger, string subscription, int attempts, string error);
}

/// <summary>Runs <see cref="EventPusher"/> every <see cref="CorridorOptions.PushEvery"/> of the node's clock.</summary>
internal sealed partial class EventPushLoop(EventPusher pusher, TimeProvider time, IOptions<CorridorOptions> options, ILogger<EventPushLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan every = options.Value.PushEvery;
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pusher.RunOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Corridor subscription round failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
