using Landsea.Sharing;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Landsea.Cli.Commands.Demo;
using Landsea.Web.Features.Exchange;

// Envelopes per second end to end between two nodes on loopback (signed, durable outbox, signed receipt, durable inbox,
// applied) and p50/p99 latency (enqueue committed -> receipt stored), against a baseline in the same run: the same 5 KB XML
// payloads POSTed unsigned to the receiver, which stores each in one transaction (no outbox, no signature, no receipt).
// Both signing modes (batch: one ES256 signature per request / answer; per item: one per envelope and per receipt).
// 8 concurrent submitters. Usage: dotnet run -c Release --project bench/Landsea.Exchange.Bench [-- N [postgres-connection-string]]
// `in-process [N]`: CPU time of the storage work alone, single-threaded (InProcessBench).
if (args is ["in-process", ..])
{
    await Landsea.Exchange.Bench.InProcessBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000);
    return;
}

int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4000;
string? postgres = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("LANDSEA_TEST_POSTGRES");
const int Submitters = 8;
const int PayloadBytes = 5 * 1024;

// LANDSEA_BENCH_SIGNING=Batch or PerItem runs one mode; LANDSEA_BENCH_SQLITE=0 skips SQLite (to repeat one figure).
string[] modes = Environment.GetEnvironmentVariable("LANDSEA_BENCH_SIGNING") is { Length: > 0 } only ? only.Split(',') : ["Batch", "PerItem"];
foreach (string mode in Environment.GetEnvironmentVariable("LANDSEA_BENCH_SQLITE") == "0" ? [] : modes)
{
    await RunAsync("SQLite", null, null, mode);
}

if (!string.IsNullOrEmpty(postgres))
{
    foreach (string mode in modes)
    {
        string a = await CreateDatabaseAsync(postgres), b = await CreateDatabaseAsync(postgres);
        try
        {
            await RunAsync("PostgreSQL", a, b, mode);
        }
        finally
        {
            await DropDatabaseAsync(postgres, a);
            await DropDatabaseAsync(postgres, b);
        }
    }
}
else
{
    Console.WriteLine("PostgreSQL: skipped (pass a connection string or set LANDSEA_TEST_POSTGRES)");
}

async Task RunAsync(string label, string? dbA, string? dbB, string signing)
{
    string root = Path.Combine(Path.GetTempPath(), "landsea-bench-" + Guid.NewGuid().ToString("N"));
    try
    {
        await RunNodesAsync(label, dbA, dbB, signing, root);
    }
    finally
    {
        Directory.Delete(root, recursive: true);
    }
}

async Task RunNodesAsync(string label, string? dbA, string? dbB, string signing, string root)
{
    var a = new NodeSetup("CNCQI", dbA ?? Path.Combine(root, "CNCQI", "landsea.db"), Path.Combine(root, "CNCQI"), NodeProcess.FreePort());
    var b = new NodeSetup("SGSIN", dbB ?? Path.Combine(root, "SGSIN", "landsea.db"), Path.Combine(root, "SGSIN"), NodeProcess.FreePort());
    await CorridorNetwork.ConfigureAsync([a, b], testPing: true, CancellationToken.None);
    var env = new Dictionary<string, string> { ["LANDSEA_TEST_MODE"] = "1", ["Logging__LogLevel__Default"] = "Warning", ["Exchange__Signing"] = signing };
    await using var pa = new NodeProcess(a.Code, a.Database, a.DataDirectory, a.Port, ["--no-dev"], env);
    await using var pb = new NodeProcess(b.Code, b.Database, b.DataDirectory, b.Port, ["--no-dev"], env);
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    pa.Start();
    pb.Start();
    await pa.WaitHealthyAsync(http, TimeSpan.FromSeconds(60), CancellationToken.None);
    await pb.WaitHealthyAsync(http, TimeSpan.FromSeconds(60), CancellationToken.None);

    async Task<TestCounts> CountsAsync(NodeProcess node, string prefix) =>
        (await http.GetFromJsonAsync<TestCounts>(new Uri($"{node.Url}/test/exchange/counts?prefix={Uri.EscapeDataString(prefix)}"), JsonSerializerOptions.Web))!;

    // Warm-up, not measured: the JIT compiles the hot paths (a fifth of a node's CPU in the first thousands of envelopes).
    byte[] payload = TestEndpoints.Payload("BASE", 0, PayloadBytes);
    const int WarmUp = 1500;
    await Parallel.ForEachAsync(Enumerable.Range(0, WarmUp), new ParallelOptions { MaxDegreeOfParallelism = Submitters }, async (_, ct) =>
    {
        using var content = new ByteArrayContent(payload);
        using HttpResponseMessage r = await http.PostAsync(new Uri(pb.Url + "/test/exchange/raw"), content, ct);
        r.EnsureSuccessStatusCode();
    });
    await ExchangeAsync("warm-up, one transaction per enqueue", grouped: false, "WB", WarmUp / 3, print: false);
    await ExchangeAsync("warm-up, grouped", grouped: true, "WG", WarmUp, print: false);
    await ExchangeAsync("warm-up, in the node", grouped: true, "WN", WarmUp, print: false, inNode: true);

    // Baseline: unsigned POSTs, stored by the receiver, no outbox, no receipt.
    var baseLatency = new List<double>();
    var baseClock = Stopwatch.StartNew();
    int nextBase = -1;
    await Parallel.ForEachAsync(Enumerable.Range(0, Submitters), async (_, ct) =>
    {
        var mine = new List<double>();
        while (Interlocked.Increment(ref nextBase) < count)
        {
            long t0 = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(payload);
            using HttpResponseMessage r = await http.PostAsync(new Uri(pb.Url + "/test/exchange/raw"), content, ct);
            r.EnsureSuccessStatusCode();
            mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        lock (baseLatency)
        {
            baseLatency.AddRange(mine);
        }
    });
    double baseSeconds = baseClock.Elapsed.TotalSeconds;
    double[] baseSorted = baseLatency.Order().ToArray();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: {count} envelopes of {PayloadBytes} B, {Submitters} submitters, {Environment.ProcessorCount} cores; signing: {(signing == "Batch" ? "one signature per request's envelopes and one per answer's receipts (batch)" : "one signature per envelope and one per receipt (per item)")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  baseline (unsigned POST, stored, no outbox): {count / baseSeconds,8:0} /s   p50 {P(baseSorted, 0.50),7:0.0} ms   p99 {P(baseSorted, 0.99),7:0.0} ms"));

    await ExchangeAsync("one transaction per enqueue", grouped: false, "B", count, print: true);
    await ExchangeAsync("group-committed enqueue (OutboxSubmitter)", grouped: true, "G", count, print: true);
    await ExchangeAsync("8 submitters inside the sending node (no HTTP per submission)", grouped: true, "N", count, print: true, inNode: true);
    await BacklogAsync();

    // The delivery pipeline alone (sign is done at enqueue): one call enqueues all envelopes (200 per transaction, one
    // conversation each); the rate is from the first envelope created to the last applied at the receiver.
    async Task BacklogAsync()
    {
        long before = (await CountsAsync(pb, "")).Applied;
        var clock = Stopwatch.StartNew();
        using (HttpResponseMessage r = await http.PostAsJsonAsync(new Uri(pa.Url + "/test/exchange/enqueue"),
            new TestEnqueueRequest("SGSIN", count, count, PayloadBytes, MessageTypes.TestPing, "K")))
        {
            r.EnsureSuccessStatusCode();
        }

        double enqueued = clock.Elapsed.TotalSeconds;
        while ((await CountsAsync(pb, "")).Applied < before + count)
        {
            await Task.Delay(50);
        }

        double applied = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  backlog of {count} enqueued by one call in {enqueued:0.0} s: all applied at the receiver after {applied:0.0} s: {count / applied:0} /s end to end (delivery pipeline capacity)"));
    }

    // Exchange: each submitter commits one envelope per call into A's outbox; A signs, sends, B verifies, stores, receipts, applies.
    async Task ExchangeAsync(string mode, bool grouped, string prefix, int count, bool print, bool inNode = false)
    {
        long before = (await CountsAsync(pb, "")).Applied;
        var clock = Stopwatch.StartNew();
        int next = -1;
        if (inNode)
        {
            using HttpResponseMessage r = await http.PostAsJsonAsync(new Uri(pa.Url + "/test/exchange/submitters"),
                new TestSubmittersRequest("SGSIN", count, Submitters, PayloadBytes, MessageTypes.TestPing, prefix));
            r.EnsureSuccessStatusCode();
        }
        else
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Submitters), async (_, ct) =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < count)
                {
                    using HttpResponseMessage r = await http.PostAsJsonAsync(new Uri(pa.Url + "/test/exchange/enqueue"),
                        new TestEnqueueRequest("SGSIN", 1, 1, PayloadBytes, MessageTypes.TestPing, prefix + n.ToString("D6", CultureInfo.InvariantCulture), grouped), ct);
                    r.EnsureSuccessStatusCode();
                }
            });
        }

        double submitted = clock.Elapsed.TotalSeconds;
        while (await CountsAsync(pa, prefix) is var c && (c.Sent < count || c.Undelivered > 0))
        {
            await Task.Delay(100);
        }

        double wall = clock.Elapsed.TotalSeconds;
        List<SentEnvelope> sent = (await http.GetFromJsonAsync<List<SentEnvelope>>(new Uri(pa.Url + "/test/exchange/sent"), JsonSerializerOptions.Web))!
            .Where(s => s.Conversation.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        while ((await CountsAsync(pb, "")).Applied < before + count)
        {
            await Task.Delay(100);
        }

        double appliedWall = clock.Elapsed.TotalSeconds;
        double[] latency = sent.Select(s => (s.DeliveredAt!.Value - s.CreatedAt).TotalMilliseconds).Order().ToArray();
        double span = (sent.Max(s => s.DeliveredAt!.Value) - sent.Min(s => s.CreatedAt)).TotalSeconds;
        if (!print)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  exchange, {mode}: delivered {count / span,6:0} /s   p50 {P(latency, 0.50),7:0.0} ms   p99 {P(latency, 0.99),7:0.0} ms (enqueue committed -> receipt stored)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"      submitted in {submitted:0.0} s ({count / submitted:0} /s), all receipted after {wall:0.0} s, all applied at the receiver after {appliedWall:0.0} s: {count / appliedWall:0} /s end to end"));
    }
}

static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

static async Task<string> CreateDatabaseAsync(string server)
{
    string name = "landsea_bench_" + Guid.NewGuid().ToString("N")[..10];
    await using var c = new Npgsql.NpgsqlConnection(server);
    await c.OpenAsync();
    await using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
    await cmd.ExecuteNonQueryAsync();
    return new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
}

static async Task DropDatabaseAsync(string server, string connectionString)
{
    string name = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
    await using var c = new Npgsql.NpgsqlConnection(server);
    await c.OpenAsync();
    await using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
    await cmd.ExecuteNonQueryAsync();
}
