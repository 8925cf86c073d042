using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Landsea.CorridorSupervision;
using Landsea.Data;
using Landsea.Data.CorridorSupervision;

namespace Landsea.Cli.Commands.CorridorSupervision;

/// <summary>
/// <c>landsea bench events</c> (issue 11 item 10): carrier events ingested per second — read, checked against the DCSA
/// schema, joined to their consignment and committed — against storing the same JSON unchecked in the same run; then the
/// timeline query's p50/p99 on a node holding many events. Not a timed test: figures, with their baseline.
/// </summary>
public static class EventsBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Carrier events to ingest (and to store unchecked for the baseline).", DefaultValueFactory = _ => 50_000 };
        var batch = new Option<int>("--batch") { Description = "Events per transaction (a carrier's POST of an array).", DefaultValueFactory = _ => 1000 };
        var total = new Option<int>("--timeline-events") { Description = "Events the node holds when the timeline is queried (written straight into the table).", DefaultValueFactory = _ => 1_000_000 };
        var consignments = new Option<int>("--consignments") { Description = "Consignments the events belong to.", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Timeline queries timed (random consignments).", DefaultValueFactory = _ => 2000 };
        var db = new Option<string?>("--db") { Description = "A dedicated database (SQLite path or PostgreSQL connection string); default a fresh SQLite file in a temp folder." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("events", """
            Ingest rate of carrier events (validated against DCSA T&T 2.2, joined to their consignment, durable) against
            storing the same JSON unvalidated in the same run, and timeline query latency (p50/p99) on a node holding
            --timeline-events events. Aim: 20,000 events/s ingested; timeline p99 under 20 ms.

            Examples:
              landsea bench events --json
              landsea bench events --events 20000 --timeline-events 100000 --json
            """) { events, batch, total, consignments, queries, db, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter err = r.InvocationConfiguration.Error;
            int n = Math.Max(1, r.GetValue(events));
            int size = Math.Clamp(r.GetValue(batch), 1, 1000);
            int k = Math.Max(1, r.GetValue(consignments));
            string database = r.GetValue(db) ?? Path.Combine(Path.GetTempPath(), $"landsea-bench-events-{Guid.NewGuid():N}.db");
            NodeDatabase node = NodeDatabase.FromArgument(database);
            await node.MigrateAsync(ct);
            TimeProvider time = TimeProvider.System;
            var store = new CorridorStore(node, time, RouteBook.Shipped);
            DateTimeOffset departure = time.GetUtcNow().AddDays(-3);
            await err.WriteLineAsync($"declaring {k} consignments in {node.Display}...");
            IReadOnlyList<Consignment> declared = await CorridorBench.ConsignmentsAsync(store, k, departure, ct);

            var random = new Random(11);
            string[] bodies = [.. Enumerable.Range(0, n).Select(i => Body(declared[random.Next(declared.Count)], departure.AddSeconds(i % 100_000), i % 3))];
            long bytes = bodies.Sum(b => (long)b.Length);

            await err.WriteLineAsync($"baseline: storing {n} events unchecked...");
            var baseline = Stopwatch.StartNew();
            foreach (string[] chunk in bodies.Chunk(size))
            {
                await store.StoreUncheckedAsync(chunk, ct);
            }

            baseline.Stop();

            await err.WriteLineAsync($"ingesting {n} events (schema, join, commit)...");
            int refused = 0;
            var ingest = Stopwatch.StartNew();
            foreach (string[] chunk in bodies.Chunk(size))
            {
                refused += (await store.IngestAsync(chunk, ct)).Count(o => !o.Accepted);
            }

            ingest.Stop();

            // Schema checks alone, without storage, to show where the time goes.
            var schemaOnly = Stopwatch.StartNew();
            DateTimeOffset now = time.GetUtcNow();
            foreach (string b in bodies)
            {
                _ = CarrierEvents.Read(b, now, out _);
            }

            schemaOnly.Stop();

            long have = await CorridorBench.CountAsync(node, ct);
            int target = r.GetValue(total);
            if (have < target)
            {
                int per = (int)Math.Ceiling((target - have) / (double)k);
                await err.WriteLineAsync($"filling the node to {target} events ({per} more per consignment)...");
                await CorridorBench.FillAsync(node, time, declared, per, m => { }, ct);
                have = await CorridorBench.CountAsync(node, ct);
            }

            await err.WriteLineAsync($"timing {r.GetValue(queries)} timeline queries over {have} events...");
            var latencies = new List<double>();
            for (int i = 0; i < 50; i++)
            {
                _ = await store.TimelineAsync(declared[random.Next(declared.Count)].Id, ct);
            }

            int entries = 0;
            for (int i = 0; i < Math.Max(1, r.GetValue(queries)); i++)
            {
                long start = Stopwatch.GetTimestamp();
                Timeline? t = await store.TimelineAsync(declared[random.Next(declared.Count)].Id, ct);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                entries += t?.Entries.Count ?? 0;
            }

            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            var figures = new
            {
                database = node.Display,
                provider = node.Provider.ToString(),
                events = n,
                batch = size,
                averageEventBytes = bytes / n,
                refused,
                ingestPerSecond = Math.Round(n / ingest.Elapsed.TotalSeconds),
                baselineUncheckedPerSecond = Math.Round(n / baseline.Elapsed.TotalSeconds),
                schemaCheckOnlyPerSecond = Math.Round(n / schemaOnly.Elapsed.TotalSeconds),
                ingestVsBaseline = Math.Round(baseline.Elapsed.TotalSeconds / ingest.Elapsed.TotalSeconds, 3),
                timelineEventsHeld = have,
                timelineQueries = latencies.Count,
                timelineAverageEntries = entries / latencies.Count,
                timelineP50Ms = Math.Round(P(0.50), 2),
                timelineP99Ms = Math.Round(P(0.99), 2),
                aim = "20,000 events/s ingested; timeline p99 under 20 ms",
            };
            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                TextWriter o = r.InvocationConfiguration.Output;
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ingest (DCSA schema, join, commit): {figures.ingestPerSecond:N0} events/s; baseline unchecked insert: {figures.baselineUncheckedPerSecond:N0} events/s; schema check alone: {figures.schemaCheckOnlyPerSecond:N0} events/s"));
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"timeline over {have:N0} events ({figures.timelineAverageEntries} entries each): p50 {figures.timelineP50Ms} ms, p99 {figures.timelineP99Ms} ms"));
            }

            return refused == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static string Body(Consignment c, DateTimeOffset at, int kind) => kind switch
    {
        0 => $$"""{"eventID":"{{Guid.NewGuid()}}","eventType":"TRANSPORT","eventClassifierCode":"ACT","eventDateTime":"{{at:O}}","eventCreatedDateTime":"{{at:O}}","transportEventTypeCode":"DEPA","transportCall":{"transportCallID":"TC-{{c.Id}}","UNLocationCode":"CNCQI","modeOfTransport":"RAIL"},"documentReferences":[{"documentReferenceType":"TRD","documentReferenceValue":"{{c.TransportDocumentReference}}"}]}""",
        1 => $$"""{"eventID":"{{Guid.NewGuid()}}","eventType":"EQUIPMENT","eventClassifierCode":"ACT","eventDateTime":"{{at:O}}","eventCreatedDateTime":"{{at:O}}","equipmentEventTypeCode":"LOAD","equipmentReference":"{{c.Equipment[0].EquipmentReference}}","emptyIndicatorCode":"LADEN","eventLocation":{"UNLocationCode":"CNCQI"},"seals":[{"sealNumber":"{{c.Equipment[0].Seals[0]}}","sealType":"BLT"}]}""",
        _ => $$"""{"eventID":"{{Guid.NewGuid()}}","eventType":"TRANSPORT","eventClassifierCode":"ACT","eventDateTime":"{{at:O}}","eventCreatedDateTime":"{{at:O}}","transportEventTypeCode":"ARRI","transportCall":{"transportCallID":"TC-{{c.Id}}","UNLocationCode":"CNQZH","modeOfTransport":"RAIL"},"documentReferences":[{"documentReferenceType":"TRD","documentReferenceValue":"{{c.TransportDocumentReference}}"}]}""",
    };
}
