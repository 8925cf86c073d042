using System.Diagnostics;
using System.Globalization;
using System.Text;
using Landsea.Exchange;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Records;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Transport;
using Microsoft.Data.Sqlite;

namespace Landsea.Exchange.Bench;

/// <summary>
/// CPU time of the exchange's storage work, single-threaded in one process on SQLite, so that it can be compared on a busy
/// machine where throughput figures move by a factor of two: enqueue N envelopes in batches of 50, deliver them (batch
/// signing) through an in-process transport into the partner's receiver, hand them over with one record each, then read the
/// message log 20 times, the whole outbox and the audit chain. Three rounds after a warm-up round; CPU and wall per phase.
/// Usage: <c>Landsea.Exchange.Bench in-process [N]</c>.
/// </summary>
internal static class InProcessBench
{
    public static async Task RunAsync(int count)
    {
        string dir = Path.Combine(Path.GetTempPath(), "landsea-xbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            TimeProvider time = TimeProvider.System;
            var transport = new Loopback();
            ExchangeDatabase dbA = ExchangeDatabase.Sqlite(Path.Combine(dir, "a.db")), dbB = ExchangeDatabase.Sqlite(Path.Combine(dir, "b.db"));
            foreach (ExchangeDatabase db in new[] { dbA, dbB })
            {
                await using var c = await db.OpenAsync(default);
                await ExchangeMigrations.ApplyAsync(c);
            }

            var a = new ExchangeGateway(dbA, NodeIdentity.Create("CNCQI", "Chongqing Customs", time), transport, time, new ExchangeOptions());
            var b = new ExchangeGateway(dbB, NodeIdentity.Create("SGSIN", "Singapore Customs", time), transport, time, new ExchangeOptions());
            transport.Receiver = b.Receiver;
            await InTransactionAsync(a, w => a.Partners.SaveAsync(w, new Partner("SGSIN", "Singapore Customs", new Uri("http://sgsin.test/x"), b.Identity.Certificate), default));
            await InTransactionAsync(b, w => b.Partners.SaveAsync(w, new Partner("CNCQI", "Chongqing Customs", new Uri("http://cncqi.test/x"), a.Identity.Certificate), default));
            await InTransactionAsync(a, w => a.Partners.SetAgreementAsync(w, "SGSIN", [new OutboundRule("pre-arrival", null)], [], default));
            await InTransactionAsync(b, w => b.Partners.SetAgreementAsync(w, "CNCQI", [], ["pre-arrival"], default));
            byte[] payload = Encoding.UTF8.GetBytes("{\"mrn\":\"x\",\"filler\":\"" + new string('x', 1000) + "\"}");

            await RoundAsync(a, b, payload, "W", 1000, print: false);
            for (int round = 1; round <= 3; round++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {count} envelopes"));
                await RoundAsync(a, b, payload, string.Create(CultureInfo.InvariantCulture, $"R{round}"), count, print: true);
            }

            a.Identity.Dispose();
            b.Identity.Dispose();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RoundAsync(ExchangeGateway a, ExchangeGateway b, byte[] payload, string prefix, int count, bool print)
    {
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        void Mark(string phase)
        {
            process.Refresh();
            if (print)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {phase,-10} cpu {(process.TotalProcessorTime - cpu).TotalMilliseconds,7:0} ms  wall {wall.ElapsedMilliseconds,7} ms"));
            }

            cpu = process.TotalProcessorTime;
            wall.Restart();
        }

        for (int i = 0; i < count; i += 50)
        {
            List<OutgoingMessage> batch = [.. Enumerable.Range(i, Math.Min(50, count - i))
                .Select(k => new OutgoingMessage("SGSIN", "pre-arrival", "1", string.Create(CultureInfo.InvariantCulture, $"{prefix}{k % 200:D5}"), payload))];
            await InTransactionAsync(a, w => a.Outbox.EnqueueManyAsync(w, batch, default));
        }

        Mark("enqueue");
        while ((await a.Sender.DeliverDueAsync(default)).Attempted > 0)
        {
        }

        Mark("deliver");
        await b.Inbox.HandOverAsync(b.Database, (e, w, ct) =>
            MessageRecords.AddAsync(w, new MessageRecord(e.Id, MessageRecords.In, e.Sender, e.Type, e.Conversation, e.Sequence, "applied", "ok", null, b.Time.GetUtcNow()), ct), default);
        Mark("hand-over");
        await using (var c = await a.Database.OpenAsync(default))
        {
            for (int k = 0; k < 20; k++)
            {
                await MessageLog.SearchAsync(c, new MessageFilter(Limit: 200), default);
            }

            await MessageLog.OutboxAsync(c, default);
            await AuditTrail.VerifyAsync(c, null, null, default);
        }

        Mark("read");
    }

    private static async Task InTransactionAsync(ExchangeGateway node, Func<UnitOfWork, Task> work)
    {
        await using UnitOfWork unit = await node.BeginAsync(default);
        await work(unit);
        await unit.CommitAsync(default);
    }

    /// <summary>Carries each request straight into the partner's receiver.</summary>
    private sealed class Loopback : IExchangeTransport
    {
        public ExchangeReceiver Receiver { get; set; } = null!;

        public async Task<TransportResult> SendAsync(Partner partner, ReadOnlyMemory<byte> wire, CancellationToken ct) =>
            TransportResult.Receipt((await Receiver.ReceiveAsync(wire, ct)).Receipt.Text);

        public async Task<IReadOnlyList<TransportResult>> SendBatchAsync(Partner partner, IReadOnlyList<ReadOnlyMemory<byte>> wires, CancellationToken ct) =>
            [.. (await Receiver.ReceiveBatchAsync(wires, ct)).Select(r => TransportResult.Receipt(r.Receipt.Text))];
    }
}
