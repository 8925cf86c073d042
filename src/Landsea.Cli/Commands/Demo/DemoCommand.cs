using Landsea.Sharing;
using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Landsea.Data;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Records;

namespace Landsea.Cli.Commands.Demo;

/// <summary>The demo's final report (printed with --json).</summary>
/// <param name="InFlight">Envelopes not yet applied that are still on their way (in the sender's outbox without a receipt, or in
/// the recipient's inbox waiting for hand-over): after Ctrl-C they are delivered when the nodes next run; not lost.</param>
/// <param name="Transit">With --transit: the NCTS movements' summary (departure's and destinations' stores compared).</param>
/// <param name="Corridor">With --corridor: the corridor supervision summary at Chongqing (consignments, events, alerts, clearance p50 per lane).</param>
public sealed record DemoReport(IReadOnlyList<DemoNodeReport> Nodes, long Lost, long AppliedTwice, double Seconds, long InFlight = 0,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DemoTransitReport? Transit = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DemoCorridorReport? Corridor = null);

/// <param name="Restarts">How many times the demo restarted this node after it died during the run.</param>
public sealed record DemoNodeReport(string Code, string Name, string Url, string Db, long Sent, long Received, long Applied, long DuplicatesDropped, long DeadLetters, int Restarts = 0);

/// <summary>
/// <c>landsea demo</c>: four nodes (Chongqing, Nanning, Kunming, Singapore) as separate processes on loopback, each with its own
/// SQLite file, keys and agreements; streams export declarations through the flows (pre-arrival and decision, anticipated
/// arrival and confirmation, control results) with a live progress display on stderr.
/// </summary>
public static class DemoCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var declarations = new Option<int?>("--declarations") { Description = "How many declarations to lodge and release at Chongqing (default: one every half second until Ctrl-C)." };
        var dir = new Option<string>("--dir") { Description = "Folder for the nodes' files (DIR/<node code>/landsea.db, keys, node.log).", DefaultValueFactory = _ => "landsea-demo" };
        var exitWhenDone = new Option<bool>("--exit-when-done") { Description = "Stop the nodes and exit when every declaration has gone through every flow." };
        var json = new Option<bool>("--json") { Description = "Print the final report as one JSON object on stdout." };
        var basePort = new Option<int>("--base-port") { Description = "First of four loopback ports.", DefaultValueFactory = _ => 5081 };
        var timeout = new Option<int>("--timeout") { Description = "With --exit-when-done: give up after this many seconds (exit 1).", DefaultValueFactory = _ => 900 };
        var transit = new Option<int>("--transit")
        {
            Description = "Also run this many NCTS transit movements from Chongqing to Qinzhou, Singapore, Pingxiang and Mohan in turn (released, announced, arrived, written off; one in five with discrepancies).",
            DefaultValueFactory = _ => 0,
        };
        var corridor = new Option<int>("--corridor")
        {
            Description = "Also run this many corridor consignments at Chongqing, time compressed into one simulated day: rail-sea trains, Yangtze barges and trucks with carrier and customs events, seal breaks, delays and the priority lane.",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("demo", "Run four corridor nodes on loopback and stream declarations through the exchange flows.\n\nExample: landsea demo --declarations 200 --transit 20 --corridor 32 --dir ./landsea-demo --exit-when-done")
        {
            declarations, dir, exitWhenDone, json, basePort, timeout, transit, corridor,
        };
        command.SetAction(async (r, ct) =>
        {
            var run = new DemoRun(r.GetValue(dir)!, r.GetValue(basePort), r.InvocationConfiguration.Error);
            int movements = r.GetValue(transit);
            if (movements < 0)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --transit must be 0 or more.");
                return ExitCodes.Usage;
            }

            int consignments = r.GetValue(corridor);
            if (consignments < 0)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --corridor must be 0 or more.");
                return ExitCodes.Usage;
            }

            return await run.ExecuteAsync(r.GetValue(declarations), r.GetValue(exitWhenDone), r.GetValue(json), TimeSpan.FromSeconds(r.GetValue(timeout)),
                r.InvocationConfiguration.Output, ct, movements, consignments);
        });
        return command;
    }

    /// <summary>One demo run. Public so process-level tests can drive it.</summary>
    public sealed class DemoRun(string directory, int basePort, TextWriter progress)
    {
        private static readonly string[] Codes = ["CNCQI", "CNNNG", "CNKMG", "SGSIN"];

        private readonly Dictionary<string, int> _restarts = new(StringComparer.Ordinal);

        public async Task<int> ExecuteAsync(int? count, bool exitWhenDone, bool json, TimeSpan timeout, TextWriter output, CancellationToken ct, int transit = 0, int corridor = 0)
        {
            var clock = Stopwatch.StartNew();
            var setups = Codes.Select((code, i) => new NodeSetup(code, Path.Combine(directory, code, "landsea.db"), Path.GetFullPath(Path.Combine(directory, code)), basePort + i)).ToList();
            using DemoClaims? claims = DemoClaims.TryTake(directory, [.. setups.Select(s => s.Port)], [.. setups.Select(s => s.Database)], out string refusal);
            if (claims is null)
            {
                // Another demo, or nodes left running, hold the folder or the ports: driving them would report on someone else's nodes.
                await progress.WriteLineAsync(refusal);
                return ExitCodes.Usage;
            }

            await progress.WriteLineAsync($"Preparing {setups.Count} nodes in {Path.GetFullPath(directory)} (identities, databases, partners, agreements)...");
            await CorridorNetwork.ConfigureAsync(setups, testPing: false, ct);
            var nodes = setups.Select(s => new NodeProcess(s.Code, s.Database, s.DataDirectory, s.Port,
                s.Code switch
                {
                    "CNNNG" or "CNKMG" => ["--auto-confirm-arrivals"],
                    "SGSIN" => ["--auto-inspect-held"],
                    _ => [],
                })).ToList();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            int exit = ExitCodes.Ok;
            bool completed = false;
            try
            {
                foreach (NodeProcess n in nodes)
                {
                    n.Start();
                }

                foreach (NodeProcess n in nodes)
                {
                    await n.WaitHealthyAsync(http, TimeSpan.FromSeconds(90), ct);
                }

                foreach (NodeSetup s in setups)
                {
                    string officers = string.Join(", ", Landsea.Data.Access.DevelopmentAccountList.OfficersOf(s.Code).Select(a => a.Username).DefaultIfEmpty("no officer account"));
                    await progress.WriteLineAsync($"  {s.Code} {s.Name,-18} {s.Url}  (sign in as {officers}, trader.a or auditor, password landsea-dev; log: {Path.Combine(s.DataDirectory, "node.log")})");
                }

                await progress.WriteLineAsync(count is null ? "Streaming declarations; Ctrl-C stops." : $"Lodging and releasing {count} declarations at Chongqing...");
                var movements = new DemoTransit(http, nodes, progress);
                Task<bool> transitRun = transit > 0
                    ? movements.RunAsync(transit, DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture), ct)
                    : Task.FromResult(true);
                Task<bool> corridorRun = corridor > 0
                    ? new DemoCorridor(http, nodes[0], progress).RunAsync(corridor, DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture), ct)
                    : Task.FromResult(true);
                completed = await StreamAsync(http, nodes, count, exitWhenDone, timeout, ct);
                if (transit > 0)
                {
                    completed &= await transitRun;
                    await progress.WriteLineAsync(movements.Line);
                }

                completed &= await corridorRun;

                if (exitWhenDone && !completed)
                {
                    await progress.WriteLineAsync("error: the run did not complete within the timeout.");
                    exit = ExitCodes.Invalid;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await progress.WriteLineAsync();
                await progress.WriteLineAsync("Stopping the nodes...");
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException)
            {
                await progress.WriteLineAsync($"error: {ex.Message}");
                exit = ExitCodes.Usage;
            }
            finally
            {
                await Task.WhenAll(nodes.Select(n => n.DisposeAsync().AsTask()));
            }

            DemoReport report = await CompareStoresAsync(setups, clock.Elapsed.TotalSeconds, CancellationToken.None);
            if (transit > 0)
            {
                report = report with { Transit = await DemoTransit.CompareAsync(setups, CancellationToken.None) };
            }

            if (corridor > 0)
            {
                report = report with { Corridor = await DemoCorridor.SummaryAsync(setups[0], CancellationToken.None) };
            }

            bool clean = report.Lost == 0 && report.AppliedTwice == 0 && report.Nodes.All(n => n.DeadLetters == 0) && (!exitWhenDone || report.InFlight == 0)
                && (report.Transit is null || (report.Transit.Lost == 0 && (!exitWhenDone || report.Transit.InProgress == 0)))
                && (report.Corridor is null || report.Corridor.AlertsRaisedTwice == 0);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(report, Json));
            }

            string restarted = report.Nodes.Any(n => n.Restarts > 0)
                ? ", restarted " + string.Join(", ", report.Nodes.Where(n => n.Restarts > 0).Select(n => $"{n.Code} {(n.Restarts == 1 ? "once" : $"{n.Restarts} times")}"))
                : "";
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"lost {report.Lost}, applied twice {report.AppliedTwice}, dead letters {report.Nodes.Sum(n => n.DeadLetters)}, still on their way {report.InFlight}{restarted}{(report.Transit is { } t ? $"; transit: {t.Movements} movements, {t.WrittenOff} written off, {t.InProgress} in progress, {t.Discrepancies} with discrepancies, lost {t.Lost}" : "")}{(report.Corridor is { } k ? $"; corridor: {k.Consignments} consignments, {k.Events} events, {k.Alerts} alerts (raised twice {k.AlertsRaisedTwice}), clearance p50 priority {k.PriorityP50Hours:0.0} h, normal {k.NormalP50Hours:0.0} h" : "")}, {report.Seconds:0.0} s: {(clean ? "clean" : "NOT clean")}"));
            if (exit == ExitCodes.Ok && exitWhenDone && !clean)
            {
                exit = ExitCodes.Invalid;
            }

            return exit;
        }

        private async Task<bool> StreamAsync(HttpClient http, List<NodeProcess> nodes, int? count, bool exitWhenDone, TimeSpan timeout, CancellationToken ct)
        {
            NodeProcess cq = nodes[0];
            string runId = DateTime.UtcNow.ToString("yyMMddHHmmss", CultureInfo.InvariantCulture);
            int lodged = 0, released = 0, sgBound = 0, failed = 0;
            string? lastError = null;
            using var lodge = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task producer = Task.Run(async () =>
            {
                int total = count ?? int.MaxValue;
                int next = -1;
                await Parallel.ForEachAsync(Enumerable.Range(0, 4), lodge.Token, async (_, token) =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < total)
                    {
                        (byte[] body, string destination) = DemoDeclarations.Create(runId, i, DateTimeOffset.UtcNow);
                        (string? mrn, string? error) = await LodgeAndReleaseRetryingAsync(http, cq, body, token);
                        Interlocked.Increment(ref lodged);
                        if (mrn is null)
                        {
                            Interlocked.Increment(ref failed);
                            lastError = error;
                            continue;
                        }

                        Interlocked.Increment(ref released);
                        if (destination == "SG")
                        {
                            Interlocked.Increment(ref sgBound);
                        }

                        if (count is null)
                        {
                            await Task.Delay(2000, token);
                        }
                    }
                });
            }, lodge.Token);

            DateTime deadline = DateTime.UtcNow + timeout;
            bool interactive = !Console.IsErrorRedirected && ReferenceEquals(progress, Console.Error);
            int drawn = 0;
            int quiet = 0;
            DateTime lastLine = DateTime.MinValue;
            while (true)
            {
                await Task.Delay(1000, ct);
                foreach (NodeProcess n in nodes.Where(n => !n.IsRunning))
                {
                    // A node that died (killed, crashed) is started again on its own files; its envelopes resume from its store.
                    await progress.WriteLineAsync($"node {n.Code} exited (code {n.ExitCode}); restarting it...");
                    drawn = 0;
                    n.Start();
                    await n.WaitHealthyAsync(http, TimeSpan.FromSeconds(90), ct);
                    _restarts[n.Code] = _restarts.GetValueOrDefault(n.Code) + 1;
                    await progress.WriteLineAsync($"node {n.Code} restarted (pid {n.ProcessId}).");
                }

                var stats = new List<(NodeProcess Node, ExchangeStats? Stats)>();
                foreach (NodeProcess n in nodes)
                {
                    stats.Add((n, await StatsAsync(http, n.Url, ct)));
                }

                var lines = new List<string>
                {
                    string.Create(CultureInfo.InvariantCulture, $"declarations lodged {lodged}, released {released} (to Singapore {sgBound}), failed {failed}{(lastError is null ? "" : $" (last: {lastError})")}"),
                };
                lines.AddRange(stats.Select(s => s.Stats is { } x
                    ? string.Create(CultureInfo.InvariantCulture, $"  {s.Node.Code}: sent {x.Sent,6} delivered {x.Delivered,6} pending {x.Pending,5} | received {x.Received,6} applied {x.Applied,6} dupes {x.DuplicatesDropped,3} refused {x.Refused,3} dead {x.DeadLetters,3}")
                    : $"  {s.Node.Code}: not answering"));
                if (interactive)
                {
                    var b = new StringBuilder();
                    if (drawn > 0)
                    {
                        b.Append(CultureInfo.InvariantCulture, $"\u001b[{drawn}A");
                    }

                    foreach (string line in lines)
                    {
                        b.Append("\u001b[2K").Append(line).Append('\n');
                    }

                    await progress.WriteAsync(b.ToString());
                    drawn = lines.Count;
                }
                else if (DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(5))
                {
                    await progress.WriteLineAsync(string.Join(Environment.NewLine, lines));
                    lastLine = DateTime.UtcNow;
                }

                if (producer.IsFaulted)
                {
                    await producer; // surfaces the error
                }

                if (count is not null && exitWhenDone && producer.IsCompleted && stats.All(s => s.Stats is not null))
                {
                    ExchangeStats cqStats = stats[0].Stats!;
                    bool idle = stats.All(s => s.Stats!.Pending == 0 && s.Stats.WaitingHandOver == 0);
                    bool answered = cqStats.AppliedByType.GetValueOrDefault(MessageTypes.PreArrivalDecision) >= sgBound
                        && cqStats.AppliedByType.GetValueOrDefault(MessageTypes.ArrivalConfirmation) >= released;
                    quiet = idle && answered ? quiet + 1 : 0;
                    if (quiet >= 2)
                    {
                        if (!interactive)
                        {
                            await progress.WriteLineAsync(string.Join(Environment.NewLine, lines));
                        }

                        return failed == 0;
                    }
                }

                if (exitWhenDone && DateTime.UtcNow > deadline)
                {
                    await lodge.CancelAsync();
                    return false;
                }
            }
        }

        /// <summary>
        /// Lodges and releases one declaration; while Chongqing is down (it died and is being restarted) tries again for up to
        /// two minutes. Again is safe: the same bytes are a duplicate answered with the declaration's current status.
        /// </summary>
        private static async Task<(string? Mrn, string? Error)> LodgeAndReleaseRetryingAsync(HttpClient http, NodeProcess cq, byte[] body, CancellationToken ct)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return await LodgeAndReleaseAsync(http, cq.Url, body, ct);
                }
                catch (HttpRequestException) when (attempt < 240 && !ct.IsCancellationRequested)
                {
                    await Task.Delay(500, ct);
                }
            }
        }

        private static async Task<(string? Mrn, string? Error)> LodgeAndReleaseAsync(HttpClient http, string url, byte[] body, CancellationToken ct)
        {
            using var lodge = new HttpRequestMessage(HttpMethod.Post, new Uri(url + "/api/declarations")) { Content = new ByteArrayContent(body) };
            lodge.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            lodge.Headers.Authorization = Basic("officer.cq");
            using HttpResponseMessage answer = await http.SendAsync(lodge, ct);
            string text = await answer.Content.ReadAsStringAsync(ct);
            if (!answer.IsSuccessStatusCode)
            {
                return (null, $"lodging answered {(int)answer.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            }

            using JsonDocument doc = JsonDocument.Parse(text);
            string? mrn = doc.RootElement.TryGetProperty("mrn", out JsonElement m) ? m.GetString() : null;
            if (mrn is null)
            {
                return (null, "no MRN in the answer");
            }

            if (doc.RootElement.TryGetProperty("status", out JsonElement st) && st.GetString() is nameof(Landsea.Declarations.DeclarationStatus.Released) or nameof(Landsea.Declarations.DeclarationStatus.Cleared))
            {
                return (mrn, null); // lodged and released before the node died: the answer to the same bytes again says so
            }

            (HttpStatusCode status, string refusal) = await ReleaseAsync(http, url, mrn, ct);
            if (status == HttpStatusCode.Conflict && refusal.Contains("LS083", StringComparison.Ordinal))
            {
                // Red or yellow: the goods are held until the control is recorded, as an officer at the office would.
                using var control = new HttpRequestMessage(HttpMethod.Post, new Uri($"{url}/api/declarations/{Uri.EscapeDataString(mrn)}/outcomes"))
                {
                    Content = JsonContent.Create(new { found = false, what = "demo officer: goods and documents checked, nothing found" }),
                };
                control.Headers.Authorization = Basic("officer.cq");
                using HttpResponseMessage recorded = await http.SendAsync(control, ct);
                if (!recorded.IsSuccessStatusCode)
                {
                    return (null, $"recording the control outcome answered {(int)recorded.StatusCode}: {await recorded.Content.ReadAsStringAsync(ct)}");
                }

                (status, refusal) = await ReleaseAsync(http, url, mrn, ct);
            }

            return status == HttpStatusCode.OK ? (mrn, null) : (null, $"release answered {(int)status}: {refusal}");
        }

        private static async Task<(HttpStatusCode Status, string Body)> ReleaseAsync(HttpClient http, string url, string mrn, CancellationToken ct)
        {
            using var release = new HttpRequestMessage(HttpMethod.Post, new Uri($"{url}/api/declarations/{Uri.EscapeDataString(mrn)}/events"))
            {
                Content = JsonContent.Create(new { @event = "Released", note = "demo" }),
            };
            release.Headers.Authorization = Basic("officer.cq");
            using HttpResponseMessage released = await http.SendAsync(release, ct);
            return (released.StatusCode, released.IsSuccessStatusCode ? "" : await released.Content.ReadAsStringAsync(ct));
        }

        private static async Task<ExchangeStats?> StatsAsync(HttpClient http, string url, CancellationToken ct)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url + "/api/exchange/stats"));
                request.Headers.Authorization = Basic("auditor");
                using HttpResponseMessage r = await http.SendAsync(request, ct);
                return r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<ExchangeStats>(Json, ct) : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        private static AuthenticationHeaderValue Basic(string user) =>
            new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));

        /// <summary>
        /// Compares the nodes' stores: an envelope one node sent (outbox or dead letter) is lost when its recipient holds no applied
        /// record of it and it is not still on its way (undelivered in the sender's outbox, or waiting in the recipient's inbox),
        /// and applied twice when the recipient holds more than one.
        /// </summary>
        public async Task<DemoReport> CompareStoresAsync(IReadOnlyList<NodeSetup> setups, double seconds, CancellationToken ct)
        {
            var applied = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
            var sent = new List<(string Recipient, string Id, bool Delivered)>();
            var waiting = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var reports = new List<DemoNodeReport>();
            foreach (NodeSetup s in setups)
            {
                await using DbConnection c = await NodeDatabase.FromArgument(s.Database).OpenAsync(ct);
                applied[s.Code] = await MessageRecords.CountByEnvelopeAsync(c, MessageRecords.In, ct);
                sent.AddRange((await MessageLog.SentAsync(c, ct)).Select(e => (e.Recipient, e.EnvelopeId, e.Delivered)));
                waiting[s.Code] = (await MessageLog.WaitingAsync(c, ct)).ToHashSet(StringComparer.Ordinal);
                ExchangeStats st = await MessageLog.StatsAsync(c, ct);
                reports.Add(new DemoNodeReport(s.Code, s.Name, s.Url, Path.Combine(directory, s.Code, "landsea.db"), st.Sent, st.Received, st.Applied, st.DuplicatesDropped, st.DeadLetters,
                    _restarts.GetValueOrDefault(s.Code)));
            }

            long lost = 0, twice = 0, inFlight = 0;
            foreach ((string recipient, string id, bool delivered) in sent)
            {
                long n = applied.TryGetValue(recipient, out var map) ? map.GetValueOrDefault(id) : 0;
                bool onItsWay = n == 0 && (!delivered || (waiting.TryGetValue(recipient, out var inbox) && inbox.Contains(id)));
                inFlight += onItsWay ? 1 : 0;
                lost += n == 0 && !onItsWay ? 1 : 0;
                twice += n > 1 ? 1 : 0;
            }

            return new DemoReport(reports, lost, twice, Math.Round(seconds, 1), inFlight);
        }
    }
}
