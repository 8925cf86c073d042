using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Data;
using Landsea.Exchange;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Transport;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench flood</c> (issue 17 item 2): what unauthenticated requests to <c>POST /exchange/envelopes</c> cost a node.
/// Each scenario runs on a fresh node on loopback (SQLite, logging at Information as <c>landsea serve</c> does) and reports the
/// audit entries added, the growth of the database files, the bytes the node process wrote (Linux <c>/proc/self/io</c>) and
/// the bytes of log text it produced, measured after the node stopped (so that anything it summarises on stopping counts).
/// </summary>
public static class FloodBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var requests = new Option<int>("--requests") { Description = "Requests per scenario.", DefaultValueFactory = _ => 1000 };
        var batchRequests = new Option<int?>("--batch-requests") { Description = "Requests for the batch scenario (default --requests; each carries --envelopes empty envelopes)." };
        var envelopes = new Option<int>("--envelopes") { Description = "Empty envelopes in each batch request.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent clients.", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("flood", "Audit entries, database and log bytes that unauthenticated requests cost a node (fresh node per scenario).\n\nExample: landsea bench flood --requests 1000 --json")
        {
            requests, batchRequests, envelopes, concurrency, json,
        };
        command.SetAction(async (r, ct) =>
        {
            int n = r.GetValue(requests);
            int parallel = r.GetValue(concurrency);
            int perBatch = r.GetValue(envelopes);
            if (n < 1 || parallel < 1 || perBatch < 1)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --requests, --envelopes and --concurrency must be at least 1.");
                return ExitCodes.Usage;
            }

            byte[] batchBody = Encoding.ASCII.GetBytes("{\"envelopes\":[" + string.Join(",", Enumerable.Repeat("{}", perBatch)) + "]}");
            using NodeIdentity stranger = NodeIdentity.Create("VNHPH", "Hai Phong (not a partner)", TimeProvider.System);
            var scenarios = new List<Scenario>
            {
                new("batch-of-empty-envelopes", r.GetValue(batchRequests) ?? n, _ => (batchBody, BatchCodec.BatchMediaType)),
                new("one-byte", n, _ => ("x"u8.ToArray(), HttpExchangeTransport.EnvelopeMediaType)),
                new("forged-unknown-sender", n, i => (Forge(stranger, i), HttpExchangeTransport.EnvelopeMediaType)),
            };

            var figures = new Dictionary<string, object>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["concurrency"] = parallel,
                ["envelopesPerBatch"] = perBatch,
            };
            foreach (Scenario s in scenarios)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"{s.Name}: {s.Requests} requests, {parallel} clients...");
                figures[s.Name] = await RunAsync(s, parallel, ct);
            }

            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                foreach ((string k, object v) in figures)
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync($"{k,-26} {(v is string text ? text : JsonSerializer.Serialize(v))}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One kind of request, sent <see cref="Requests"/> times; <see cref="Body"/> gives the i-th body and its media type.</summary>
    private sealed record Scenario(string Name, int Requests, Func<int, (byte[] Body, string MediaType)> Body);

    private static async Task<Dictionary<string, object>> RunAsync(Scenario scenario, int parallel, CancellationToken ct)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"landsea-flood-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        string database = Path.Combine(folder, "node.db");
        var log = new LogBytes();
        var statuses = new SortedDictionary<int, int>();
        long sentBytes = 0;
        long auditBefore;
        long diskBefore;
        long writtenBefore;
        double seconds;
        await using (WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = database, Development = true },
            ["--urls", "http://127.0.0.1:0"], b =>
            {
                b.Logging.ClearProviders();
                b.Logging.AddProvider(log);
            }))
        {
            await app.StartAsync(ct);
            string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            auditBefore = await AuditSequenceAsync(database, ct);
            diskBefore = DiskBytes(folder);
            writtenBefore = ProcessWrittenBytes();
            log.Reset();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            long start = Stopwatch.GetTimestamp();
            await Parallel.ForEachAsync(Enumerable.Range(0, scenario.Requests), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (i, token) =>
            {
                (byte[] body, string media) = scenario.Body(i);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue(media);
                Interlocked.Add(ref sentBytes, body.Length);
                int status;
                try
                {
                    using HttpResponseMessage response = await http.PostAsync("/exchange/envelopes", content, token);
                    await response.Content.ReadAsByteArrayAsync(token);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                lock (statuses)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                }
            });
            seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            await app.StopAsync(ct);
        }

        long audit = await AuditSequenceAsync(database, ct) - auditBefore;
        long disk = DiskBytes(folder) - diskBefore;
        long written = ProcessWrittenBytes() - writtenBefore;
        double per1000 = 1000.0 / scenario.Requests;
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return new Dictionary<string, object>
        {
            ["requests"] = scenario.Requests,
            ["sentBytes"] = sentBytes,
            ["seconds"] = Math.Round(seconds, 2),
            ["statuses"] = statuses.ToDictionary(p => p.Key == 0 ? "failed" : p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
            ["auditEntriesAdded"] = audit,
            ["databaseGrowthBytes"] = disk,
            ["processWrittenBytes"] = written,
            ["logBytes"] = log.Bytes,
            ["logEvents"] = log.Events,
            ["per1000Requests"] = new Dictionary<string, long>
            {
                ["auditEntries"] = (long)Math.Round(audit * per1000),
                ["databaseGrowthBytes"] = (long)Math.Round(disk * per1000),
                ["processWrittenBytes"] = (long)Math.Round(written * per1000),
                ["logBytes"] = (long)Math.Round(log.Bytes * per1000),
            },
        };
    }

    private static byte[] Forge(NodeIdentity signer, int i)
    {
        var envelope = new Envelope(Guid.NewGuid().ToString("N"), "pre-arrival", "1", signer.Code, "CNCQI", "26VN" + i.ToString("D14", CultureInfo.InvariantCulture), 1,
            DateTimeOffset.UtcNow, """{"mrn":"26VN0000000000001"}"""u8.ToArray());
        return EnvelopeCodec.ToWire(EnvelopeCodec.Sign(envelope, signer));
    }

    /// <summary>The audit chain's head sequence: the number of entries ever appended.</summary>
    private static async Task<long> AuditSequenceAsync(string database, CancellationToken ct)
    {
        await using DbConnection c = await NodeDatabase.FromArgument(database).OpenAsync(ct);
        return (await AuditTrail.ReadHeadAsync(c, ct)).Sequence;
    }

    /// <summary>Bytes of the SQLite file and its WAL and shared-memory files.</summary>
    private static long DiskBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("node.db*").Sum(f => f.Length);

    /// <summary>Bytes this process caused to be written to storage (Linux <c>write_bytes</c>); 0 elsewhere.</summary>
    private static long ProcessWrittenBytes()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("write_bytes:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(12).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    /// <summary>
    /// Counts what the node's console log would hold after the node's own filters: one line per event at Information or above,
    /// <c>warn: Category[id] message</c> as the single-line simple console formatter writes it, plus any exception text.
    /// </summary>
    private sealed class LogBytes : ILoggerProvider
    {
        private long _bytes;
        private long _events;

        public long Bytes => Interlocked.Read(ref _bytes);

        public long Events => Interlocked.Read(ref _events);

        public void Reset()
        {
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _events, 0);
        }

        public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Category(LogBytes owner, string name) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel))
                {
                    return;
                }

                int bytes = 6 + Encoding.UTF8.GetByteCount(name) + 3 + eventId.Id.ToString(CultureInfo.InvariantCulture).Length
                    + Encoding.UTF8.GetByteCount(formatter(state, exception)) + 1;
                if (exception is not null)
                {
                    bytes += Encoding.UTF8.GetByteCount(exception.ToString()) + 1;
                }

                Interlocked.Add(ref owner._bytes, bytes);
                Interlocked.Increment(ref owner._events);
            }
        }
    }
}
