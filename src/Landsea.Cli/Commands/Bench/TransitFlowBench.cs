using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Cli.Commands.Demo;
using Landsea.Data;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Transit;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench transit-flow</c>: NCTS movements released at Chongqing and announced at Singapore per second, end to
/// end between two node processes on loopback (IE015 lodged over HTTP, validated, MRN allocated, guarantee reserved,
/// released; the IE001 in the release's transaction through the signed, receipted outbox; the movement opened at the
/// destination), against a baseline in the same run: the same IE015s released for an office of destination in
/// Chongqing's own node (everything at the office of departure, nothing sent).
/// </summary>
public static class TransitFlowBench
{
    private const string Holder = DemoTransit.Holder;
    private const string Grn = DemoTransit.Grn;
    private const string Departure = "CN800001";
    private const string SameNodeDestination = "CN800002";
    private const string RemoteDestination = "SG000001";
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var movements = new Option<int>("--movements") { Description = "Movements per measured phase.", DefaultValueFactory = _ => 2000 };
        var warmUp = new Option<int>("--warm-up") { Description = "Movements sent end to end before measuring (not measured: the JIT and the first connections).", DefaultValueFactory = _ => 300 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent HTTP submitters (the holders' systems).", DefaultValueFactory = _ => 8 };
        var departureDb = new Option<string?>("--departure-db") { Description = "Chongqing's database (PostgreSQL connection string or SQLite path); default a fresh SQLite file." };
        var destinationDb = new Option<string?>("--destination-db") { Description = "Singapore's database; default a fresh SQLite file." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON (progress goes to standard error)." };
        var command = new Command("transit-flow",
            "NCTS movements released and announced per second end to end between two nodes (Chongqing to Singapore), against the same movements released within one node, in the same run.\n\n" +
            "Example: landsea bench transit-flow --movements 3000 --json")
        { movements, warmUp, concurrency, departureDb, destinationDb, json };
        command.SetAction(async (r, ct) =>
        {
            TextWriter err = r.InvocationConfiguration.Error;
            int n = r.GetValue(movements), w = r.GetValue(warmUp), parallel = r.GetValue(concurrency);
            if (n < 1 || w < 0 || parallel < 1)
            {
                await err.WriteLineAsync("error: --movements and --concurrency must be at least 1, --warm-up at least 0.");
                return ExitCodes.Usage;
            }

            string root = Path.Combine(Path.GetTempPath(), "landsea-bench-transit-" + Guid.NewGuid().ToString("N"));
            try
            {
                var a = new NodeSetup("CNCQI", r.GetValue(departureDb) ?? Path.Combine(root, "CNCQI", "landsea.db"), Path.Combine(root, "CNCQI"), NodeProcess.FreePort());
                var b = new NodeSetup("SGSIN", r.GetValue(destinationDb) ?? Path.Combine(root, "SGSIN", "landsea.db"), Path.Combine(root, "SGSIN"), NodeProcess.FreePort());
                Dictionary<string, object> figures = await RunAsync(a, b, n, w, parallel, err, ct);
                if (r.GetValue(json))
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
                }
                else
                {
                    foreach ((string key, object value) in figures)
                    {
                        await r.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));
                    }
                }

                return figures["lost"] is 0 && figures["failed"] is 0 ? ExitCodes.Ok : ExitCodes.Invalid;
            }
            finally
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<Dictionary<string, object>> RunAsync(NodeSetup a, NodeSetup b, int n, int warmUp, int parallel, TextWriter err, CancellationToken ct)
    {
        await err.WriteLineAsync($"configuring Chongqing ({a.Database}) and Singapore ({b.Database}) as partners...");
        await CorridorNetwork.ConfigureAsync([a, b], testPing: false, ct);
        var env = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        await using var cq = new NodeProcess(a.Code, a.Database, a.DataDirectory, a.Port, null, env);
        await using var sg = new NodeProcess(b.Code, b.Database, b.DataDirectory, b.Port, null, env);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = parallel * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(2) };
        cq.Start();
        sg.Start();
        await cq.WaitHealthyAsync(http, TimeSpan.FromSeconds(90), ct);
        await sg.WaitHealthyAsync(http, TimeSpan.FromSeconds(90), ct);

        var destinationStore = new TransitStore(NodeDatabase.FromArgument(b.Database), TimeProvider.System, Corridor.FindNode("SGSIN")!, TransitControlSettings.None);
        using (HttpResponseMessage g = await SendAsync(http, cq.Url + "/api/transit/guarantees", "officer.cq",
            JsonContent.Create(new { grn = Grn, kind = "Comprehensive", holderId = Holder, accessCode = "DEMO", amount = 1_000_000_000_000m, currency = "CNY" }), ct))
        {
            if (g.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"registering the benchmark's guarantee answered {(int)g.StatusCode}");
            }
        }

        string run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        int failed = 0;
        if (warmUp > 0)
        {
            await err.WriteLineAsync($"warm-up: {warmUp} movements end to end (not measured)...");
            failed += (await LodgeAsync(http, cq, $"W{run}", warmUp, RemoteDestination, parallel, ct)).Failed;
            await WaitAnnouncedAsync(destinationStore, warmUp, TimeSpan.FromMinutes(5), ct);
        }

        await err.WriteLineAsync($"baseline: {n} movements released for {SameNodeDestination} (Chongqing's own node, nothing sent)...");
        Lodging local = await LodgeAsync(http, cq, $"L{run}", n, SameNodeDestination, parallel, ct);
        failed += local.Failed;

        await err.WriteLineAsync($"end to end: {n} movements released for {RemoteDestination} and announced at Singapore...");
        var clock = Stopwatch.StartNew();
        Lodging remote = await LodgeAsync(http, cq, $"E{run}", n, RemoteDestination, parallel, ct);
        failed += remote.Failed;
        double releasedSeconds = clock.Elapsed.TotalSeconds;
        bool allAnnounced = await WaitAnnouncedAsync(destinationStore, warmUp + n, TimeSpan.FromMinutes(10), ct);
        double announcedSeconds = clock.Elapsed.TotalSeconds;

        await err.WriteLineAsync("stopping the nodes and comparing their stores...");
        await cq.StopAsync(TimeSpan.FromSeconds(30));
        await sg.StopAsync(TimeSpan.FromSeconds(30));
        var departureStore = new TransitStore(NodeDatabase.FromArgument(a.Database), TimeProvider.System, Corridor.FindNode("CNCQI")!, TransitControlSettings.None);
        IReadOnlyList<MovementTiming> departed = await departureStore.TimingsAsync("IE015", ct);
        Dictionary<string, MovementTiming> arrived = (await destinationStore.TimingsAsync("IE001", ct)).ToDictionary(t => t.Mrn, StringComparer.Ordinal);
        HashSet<string> measured = [.. remote.Mrns];
        double[] latencies = [.. departed.Where(d => measured.Contains(d.Mrn) && arrived.TryGetValue(d.Mrn, out MovementTiming? t) && t.FirstInboundAt is not null)
            .Select(d => (arrived[d.Mrn].FirstInboundAt!.Value - d.StoredAt).TotalMilliseconds).Order()];
        IReadOnlyList<MovementReconciliation> sent = await departureStore.ReconcileAsync(ct);
        int lost = sent.Count(m => m.DestinationOffice == RemoteDestination && m.State == nameof(MovementState.Released) && !arrived.ContainsKey(m.Mrn))
            + sent.Count(m => m.AnnouncementsSent > 1);

        return new Dictionary<string, object>
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            ["departureDatabase"] = NodeDatabase.FromArgument(a.Database).Provider.ToString(),
            ["destinationDatabase"] = NodeDatabase.FromArgument(b.Database).Provider.ToString(),
            ["movements"] = n,
            ["concurrency"] = parallel,
            ["baselineReleasedWithinOneNodePerSecond"] = Math.Round(n / local.Seconds, 1),
            ["releasedAtDeparturePerSecond"] = Math.Round(n / releasedSeconds, 1),
            ["endToEndPerSecond"] = allAnnounced ? Math.Round(n / announcedSeconds, 1) : 0,
            ["endToEndSeconds"] = Math.Round(announcedSeconds, 2),
            ["latencyP50Ms"] = latencies.Length == 0 ? 0 : Math.Round(Percentile(latencies, 0.50), 1),
            ["latencyP99Ms"] = latencies.Length == 0 ? 0 : Math.Round(Percentile(latencies, 0.99), 1),
            ["announced"] = latencies.Length,
            ["failed"] = failed,
            ["lost"] = lost,
        };
    }

    private sealed record Lodging(double Seconds, int Failed, IReadOnlyList<string> Mrns);

    /// <summary>Lodges <paramref name="count"/> IE015s from <paramref name="parallel"/> submitters; each must come back released (IE029 among the answers).</summary>
    private static async Task<Lodging> LodgeAsync(HttpClient http, NodeProcess cq, string prefix, int count, string destination, int parallel, CancellationToken ct)
    {
        int next = -1, failed = 0;
        var mrns = new List<string>(count);
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, parallel), ct, async (_, token) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                string lrn = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D7}");
                var body = new ByteArrayContent(Encoding.UTF8.GetBytes(DemoTransit.Declaration(lrn, destination)));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
                using HttpResponseMessage r = await SendAsync(http, cq.Url + "/api/transit/messages", "officer.cq", body, token);
                bool released = r.StatusCode == HttpStatusCode.Created
                    && r.Headers.TryGetValues("X-Ncts-Answers", out IEnumerable<string>? answers) && string.Join(',', answers).Contains("IE029", StringComparison.Ordinal);
                if (!released)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }

                string mrn = MrnOf(await r.Content.ReadAsStringAsync(token));
                lock (mrns)
                {
                    mrns.Add(mrn);
                }
            }
        });
        return new Lodging(clock.Elapsed.TotalSeconds, failed, mrns);
    }

    private static string MrnOf(string ie028) =>
        System.Xml.Linq.XDocument.Parse(ie028).Root!.Element("TransitOperation")!.Element("MRN")!.Value;

    private static async Task<bool> WaitAnnouncedAsync(TransitStore destination, int expected, TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            if (await destination.CountAsync(MovementState.Announced, ct) >= expected)
            {
                return true;
            }

            await Task.Delay(20, ct);
        }

        return false;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string url, string user, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        HttpResponseMessage r = await http.SendAsync(request, ct);
        await r.Content.LoadIntoBufferAsync(ct);
        return r;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
