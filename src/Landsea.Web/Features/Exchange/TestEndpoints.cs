using Landsea.Sharing;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Landsea.Exchange;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;

namespace Landsea.Web.Features.Exchange;

/// <summary>Synthetic traffic to enqueue: <paramref name="Count"/> envelopes spread over <paramref name="Conversations"/> conversations.</summary>
/// <param name="PayloadBytes">Payload size; the payload is an XML document of about this many bytes.</param>
/// <param name="Grouped">Enqueue through the group-committed <see cref="OutboxSubmitter"/> (shared transactions with other concurrent
/// callers) instead of one transaction per 200 envelopes of this call.</param>
public sealed record TestEnqueueRequest(string To, int Count, int Conversations = 1, int PayloadBytes = 200, string Type = MessageTypes.TestPing, string Prefix = "T", bool Grouped = false);

/// <summary>
/// Endpoints that exist only when the node runs in test mode (LANDSEA_TEST_MODE=1): move the clock, enqueue synthetic
/// envelopes, a baseline sink (unsigned, no outbox) for the benchmark, and raw views of applied and sent envelopes.
/// </summary>
public static class TestEndpoints
{
    public static void MapTestEndpoints(this WebApplication app)
    {
        RouteGroupBuilder test = app.MapGroup("/test").AllowAnonymous().ExcludeFromDescription();
        test.MapPost("/clock/advance", (NodeExchange x, double seconds, ILoggerFactory logs) =>
        {
            x.TestClock!.Advance(TimeSpan.FromSeconds(seconds));
            NodeLog.ClockAdvanced(logs.CreateLogger("Landsea.Exchange.Node"), seconds);
            x.Gateway.Sender.Notify();
            x.SignalArrival();
            return Results.Ok(new { offsetSeconds = x.TestClock.Offset.TotalSeconds, now = x.Time.GetUtcNow() });
        });
        test.MapPost("/exchange/enqueue", EnqueueAsync);
        test.MapPost("/exchange/submitters", SubmittersAsync);
        test.MapPost("/exchange/raw", async (HttpRequest request, NodeExchange x, CancellationToken ct) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            await using DbConnection c = await x.Db.OpenAsync(ct);
            await MessageRecords.AddRawAsync(c, buffer.ToArray(), x.Time.GetUtcNow(), ct);
            return Results.Ok();
        }).DisableAntiforgery();
        test.MapGet("/exchange/applied", async (NodeExchange x, CancellationToken ct) =>
        {
            await using DbConnection c = await x.Db.OpenAsync(ct);
            return Results.Ok((await MessageRecords.ListAsync(c, MessageRecords.In, ct))
                .Select(r => new AppliedEnvelope(r.Id, r.EnvelopeId!, r.Partner, r.Key, r.Sequence, r.Type)));
        });
        test.MapGet("/exchange/counts", async (NodeExchange x, string? prefix, CancellationToken ct) =>
        {
            // Cheap to poll (the lists above grow with every envelope): applied here, and this node's outbox rows for a conversation prefix.
            await using DbConnection c = await x.Db.OpenAsync(ct);
            long applied = await MessageRecords.CountAsync(c, MessageRecords.In, ct);
            (long sent, long undelivered) = await MessageLog.CountSentAsync(c, prefix ?? "", ct);
            return Results.Ok(new TestCounts(applied, sent, undelivered));
        });
        test.MapGet("/exchange/sent", async (NodeExchange x, CancellationToken ct) =>
        {
            await using DbConnection c = await x.Db.OpenAsync(ct);
            return Results.Ok((await MessageLog.OutboxAsync(c, ct))
                .Select(r => new SentEnvelope(r.EnvelopeId, r.Recipient, r.Conversation, r.Sequence, r.CreatedAt, r.DeliveredAt, r.Outcome)));
        });
    }

    private static async Task<IResult> EnqueueAsync(TestEnqueueRequest request, NodeExchange x, CancellationToken ct)
    {
        int conversations = Math.Max(1, request.Conversations);
        if (request.Grouped)
        {
            EnqueueResult[] results = await Task.WhenAll(Enumerable.Range(0, request.Count).Select(n =>
            {
                string conversation = string.Create(CultureInfo.InvariantCulture, $"{request.Prefix}{n % conversations:D5}");
                return x.Gateway.Submitter.SubmitAsync(
                    new OutgoingMessage(request.To, request.Type, MessageTypes.Version, conversation, Payload(conversation, n, request.PayloadBytes)), null, ct);
            }));
            return results.FirstOrDefault(r => !r.IsEnqueued) is { } refusal
                ? Results.Problem($"{refusal.Refusal}: {refusal.Reason}", statusCode: 422)
                : Results.Ok(new { enqueued = results.Length });
        }

        int done = 0;
        var refused = new List<string>();
        await using DbConnection c = await x.Db.OpenAsync(ct);
        while (done < request.Count)
        {
            await using UnitOfWork work = await UnitOfWork.BeginAsync(c, x.Time, ct);
            for (int i = 0; i < 200 && done < request.Count; i++, done++)
            {
                string conversation = string.Create(CultureInfo.InvariantCulture, $"{request.Prefix}{done % conversations:D5}");
                EnqueueResult r = await x.Gateway.Outbox.EnqueueAsync(work,
                    new OutgoingMessage(request.To, request.Type, MessageTypes.Version, conversation, Payload(conversation, done, request.PayloadBytes)), ct);
                if (!r.IsEnqueued)
                {
                    refused.Add($"{r.Refusal}: {r.Reason}");
                    break;
                }
            }

            await work.CommitAsync(ct);
            if (refused.Count > 0)
            {
                return Results.Problem(refused[0], statusCode: 422);
            }
        }

        x.Gateway.Sender.Notify();
        return Results.Ok(new { enqueued = done });
    }

    /// <summary>
    /// <paramref name="request"/>.Submitters concurrent loops inside the node, as business code would enqueue: each submits one
    /// envelope through the group-committing <see cref="OutboxSubmitter"/>, waits until it is durable, then submits the next.
    /// </summary>
    private static async Task<IResult> SubmittersAsync(TestSubmittersRequest request, NodeExchange x, CancellationToken ct)
    {
        int next = -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Math.Clamp(request.Submitters, 1, 64)), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct }, async (_, token) =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < request.Count)
            {
                string conversation = string.Create(CultureInfo.InvariantCulture, $"{request.Prefix}{n:D6}");
                EnqueueResult r = await x.Gateway.Submitter.SubmitAsync(
                    new OutgoingMessage(request.To, request.Type, MessageTypes.Version, conversation, Payload(conversation, n, request.PayloadBytes)), null, token);
                if (!r.IsEnqueued)
                {
                    throw new InvalidOperationException($"{r.Refusal}: {r.Reason}");
                }
            }
        });
        return Results.Ok(new { enqueued = request.Count, seconds = clock.Elapsed.TotalSeconds });
    }

    /// <summary>A customs-like XML document of about <paramref name="size"/> bytes (goods lines repeated to fill).</summary>
    public static byte[] Payload(string conversation, int n, int size)
    {
        var b = new StringBuilder(size + 200);
        b.Append(CultureInfo.InvariantCulture, $"<PreArrival xmlns=\"urn:landsea:test\"><MRN>{conversation}</MRN><N>{n}</N>");
        int line = 1;
        while (b.Length < size - 20)
        {
            b.Append(CultureInfo.InvariantCulture, $"<Item seq=\"{line}\"><HS>847130</HS><Description>Portable automatic data processing machines</Description><GrossKg>{line * 12}</GrossKg><Origin>CN</Origin></Item>");
            line++;
        }

        b.Append("</PreArrival>");
        return Encoding.UTF8.GetBytes(b.ToString());
    }
}

/// <summary><see cref="Submitters"/> loops in the node submit <see cref="Count"/> envelopes in all, one conversation each.</summary>
public sealed record TestSubmittersRequest(string To, int Count, int Submitters = 8, int PayloadBytes = 5120, string Type = MessageTypes.TestPing, string Prefix = "S");

/// <summary>Counters for polling: envelopes applied at this node; outbox rows (for a conversation prefix) and how many are undelivered.</summary>
public sealed record TestCounts(long Applied, long Sent, long Undelivered);

public sealed record AppliedEnvelope(long Id, string EnvelopeId, string Partner, string Conversation, long Sequence, string Type);

/// <summary>An outbox row; its times are instants in whole milliseconds, as the exchange stores them.</summary>
public sealed record SentEnvelope(string EnvelopeId, string Recipient, string Conversation, long Sequence, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? Outcome);
