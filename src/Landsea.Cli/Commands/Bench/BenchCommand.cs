using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml;
using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Declarations.Wco;
using Landsea.Offices;
using Landsea.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Cli.Commands.Bench;

/// <summary><c>landsea bench lodge</c>: declarations lodged per second, in process and over HTTP, with baselines from the same run.</summary>
public static class BenchCommand
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (figures for the issue notes; not tests).");
        var count = new Option<int>("--declarations") { Description = "How many declarations per measurement.", DefaultValueFactory = _ => 5000 };
        var db = new Option<string?>("--db") { Description = "Database (SQLite path or PostgreSQL connection string); default a fresh SQLite file in a temp folder." };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent submitters.", DefaultValueFactory = _ => 32 };
        var samples = new Option<DirectoryInfo>("--samples") { Description = "Folder of samples: WCO DEC XML (TT_*.xml) or UN/EDIFACT CUSDEC (*.edi).", DefaultValueFactory = _ => new DirectoryInfo("vectors/wco-dm-uk-cds/examples/annotated_XML_samples") };
        var format = new Option<string>("--format") { Description = "Lodge as wco-xml (the XML samples) or edifact (CUSDEC: the .edi samples, and the XML samples written as CUSDEC).", DefaultValueFactory = _ => "wco-xml" };
        format.AcceptOnlyFromAmong("wco-xml", "edifact");
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var lodge = new Command("lodge", "Declarations lodged per second: parse, validate, persist durably; in process and over HTTP.\n\nExample: landsea bench lodge --declarations 3000 --json") { count, db, concurrency, samples, format, json };
        lodge.SetAction(async (r, ct) =>
        {
            TextWriter err = r.InvocationConfiguration.Error;
            DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
            SubmissionFormat as_ = SubmissionFormats.FromName(r.GetValue(format)) ?? SubmissionFormat.WcoXml;
            List<Sample> corpus = LoadCorpus(r.GetValue(samples)!, today).Where(x => as_ == SubmissionFormat.Edifact || x.Format == as_).ToList();
            if (corpus.Count == 0)
            {
                await err.WriteLineAsync("error: no valid original declarations found among the samples; run from the repository root or give --samples.");
                return ExitCodes.Usage;
            }

            int n = r.GetValue(count);
            int parallel = r.GetValue(concurrency);
            string database = r.GetValue(db) ?? Path.Combine(Path.GetTempPath(), $"landsea-bench-{Guid.NewGuid():N}.db");
            var figures = new Dictionary<string, object>
            {
                ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
                ["database"] = NodeDatabase.FromArgument(database).Provider.ToString(),
                ["declarations"] = n,
                ["concurrency"] = parallel,
                ["format"] = as_.Name(),
            };

            byte[][] work = Enumerable.Range(0, n).Select(i => Unique(corpus[i % corpus.Count], "BENCH-A-" + i, as_)).ToArray();
            figures["averageBytes"] = (int)work.Average(c => c.Length);
            if (as_ == SubmissionFormat.WcoXml)
            {
                await err.WriteLineAsync($"baseline: XSD validation only, one core, {n} documents...");
                figures["xsdValidateOneCorePerSecond"] = Rate(n, () => { foreach (byte[] b in work) { ValidateOnly(b); } });
            }

            await err.WriteLineAsync("read + all rules, no storage, one core...");
            figures["checkOneCorePerSecond"] = Rate(n, () => { foreach (byte[] b in work) { SubmissionReader.Read(b, today); } });
            if (as_ == SubmissionFormat.WcoXml)
            {
                await err.WriteLineAsync("baseline: parse without validation, one core...");
                figures["parseOnlyOneCorePerSecond"] = Rate(n, () => { foreach (byte[] b in work) { ParseOnly(b); } });
            }

            await err.WriteLineAsync("read + all rules, no storage, all cores...");
            figures["checkAllCoresPerSecond"] = Rate(n, () => Parallel.ForEach(work, b => SubmissionReader.Read(b, today)));

            NodeDatabase nodeDb = NodeDatabase.FromArgument(database);
            await nodeDb.MigrateAsync(ct);
            CustomsNode node = Corridor.FindNode("CNCQI")!;
            var scope = new AccessScope("bench", Role.Officer, "CN800001");
            await using (var store = new DeclarationWriter(nodeDb, TimeProvider.System, node))
            {
                await err.WriteLineAsync($"in process: read, check and store durably, {parallel} submitters...");
                int accepted = 0;
                figures["inProcessPerSecond"] = await RateAsync(n, async () =>
                    await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (b, token) =>
                    {
                        (SubmissionFormat read, DeclarationCheck check) = SubmissionReader.Read(b, today);
                        LodgeAnswer a = await store.LodgeAsync(new Submission(b, read, check, scope, "CN800001"), token);
                        if (a.Outcome == LodgeAnswer.Accepted)
                        {
                            Interlocked.Increment(ref accepted);
                        }
                    }));
                figures["inProcessAccepted"] = accepted;

                await err.WriteLineAsync("store only: documents checked beforehand, then stored durably...");
                var checkedWork = Enumerable.Range(0, n).Select(i => Unique(corpus[i % corpus.Count], "BENCH-S-" + i, as_))
                    .Select(b => (Bytes: b, Read: SubmissionReader.Read(b, today))).ToArray();
                figures["storeOnlyPerSecond"] = await RateAsync(n, async () =>
                    await Parallel.ForEachAsync(checkedWork, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (w, token) =>
                        await store.LodgeAsync(new Submission(w.Bytes, w.Read.Format, w.Read.Check, scope, "CN800001"), token)));
                figures["writtenInBatches"] = store.WriteStatistics.Batched;
                figures["writtenOneByOne"] = store.WriteStatistics.OneByOne;
                figures["batchFailures"] = store.WriteStatistics.BatchFailures;
            }

            await err.WriteLineAsync("in process with risk scoring on acceptance (rules only, no model promoted)...");
            var riskObserver = new Landsea.Data.Risk.RiskObserver(new Landsea.Data.Risk.ModelCache(null), new Landsea.Risk.RiskSettings(), new Landsea.Data.Risk.RiskRandom(1), node);
            await using (var scored = new DeclarationWriter(nodeDb, TimeProvider.System, node, [riskObserver]))
            {
                byte[][] riskWork = Enumerable.Range(0, n).Select(i => Unique(corpus[i % corpus.Count], "BENCH-R-" + i, as_)).ToArray();
                figures["inProcessWithRiskPerSecond"] = await RateAsync(n, async () =>
                    await Parallel.ForEachAsync(riskWork, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (b, token) =>
                    {
                        (SubmissionFormat read, DeclarationCheck check) = SubmissionReader.Read(b, today);
                        await scored.LodgeAsync(new Submission(b, read, check, scope, "CN800001"), token);
                    }));
            }

            byte[][] httpWork = Enumerable.Range(0, n).Select(i => Unique(corpus[i % corpus.Count], "BENCH-H-" + i, as_)).ToArray();
            await using (WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = database, Development = true }, ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]))
            {
                await app.StartAsync(ct);
                string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(address) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("officer.cq:landsea-dev")));
                await err.WriteLineAsync($"over HTTP on loopback: POST /api/declarations, {parallel} clients...");
                int created = 0;
                var latencies = new double[n];
                figures["httpPerSecond"] = await RateAsync(n, async () =>
                    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, token) =>
                    {
                        long start = Stopwatch.GetTimestamp();
                        using var content = new ByteArrayContent(httpWork[i]);
                        content.Headers.ContentType = new MediaTypeHeaderValue(as_.MediaType());
                        using HttpResponseMessage response = await http.PostAsync("/api/declarations", content, token);
                        latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        if ((int)response.StatusCode == 201)
                        {
                            Interlocked.Increment(ref created);
                        }
                    }));
                Array.Sort(latencies);
                figures["httpCreated"] = created;
                figures["httpLatencyMsP50"] = Math.Round(latencies[n / 2], 2);
                figures["httpLatencyMsP99"] = Math.Round(latencies[(int)(n * 0.99)], 2);
                await app.StopAsync(ct);
            }

            if (r.GetValue(json))
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                foreach ((string k, object v) in figures)
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync($"{k,-28} {v}");
                }
            }

            return ExitCodes.Ok;
        });
        bench.Subcommands.Add(lodge);
        bench.Subcommands.Add(TransitValidateBench.Create());
        bench.Subcommands.Add(TransitFlowBench.Create());
        bench.Subcommands.Add(FloodBench.Create());
        bench.Subcommands.Add(OriginVerifyBench.Create());
        bench.Subcommands.Add(Landsea.Cli.Commands.Tariffs.DutyBench.Create());
        bench.Subcommands.Add(HostileBench.Create());
        bench.Subcommands.Add(StatsBench.Create());
        bench.Subcommands.Add(Landsea.Cli.Commands.Measures.MeasuresBench.Create());
        bench.Subcommands.Add(Landsea.Cli.Commands.Scans.ScanBench.Create());
        bench.Subcommands.Add(CorridorSupervision.EventsBench.Create());
        return bench;
    }

    /// <summary>A valid original among the samples: its bytes, their format, and the declaration read from them.</summary>
    private sealed record Sample(SubmissionFormat Format, byte[] Bytes, Declaration Declaration);

    /// <summary>
    /// The valid originals among the samples, WCO DEC XML test samples (TT_*.xml) and CUSDEC (*.edi), each read with the
    /// node's one <see cref="SubmissionReader"/>.
    /// </summary>
    private static List<Sample> LoadCorpus(DirectoryInfo dir, DateOnly today)
    {
        if (!dir.Exists)
        {
            return [];
        }

        var corpus = new List<Sample>();
        foreach (FileInfo f in dir.EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            if (f.Extension == ".edi" || (f.Extension == ".xml" && f.FullName.Contains("/TT_", StringComparison.Ordinal)))
            {
                byte[] bytes = File.ReadAllBytes(f.FullName);
                (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, today);
                if (check is { IsValid: true, Declaration.Kind: SubmissionKind.Original })
                {
                    corpus.Add(new Sample(format, bytes, check.Declaration!));
                }
            }
        }

        return corpus;
    }

    /// <summary>
    /// The sample in the bench's format with a unique functional reference, so that no submission is a duplicate: WCO XML
    /// is the sample's own text with the reference replaced; CUSDEC is written from the sample's declaration.
    /// </summary>
    private static byte[] Unique(Sample sample, string reference, SubmissionFormat format)
    {
        if (format == SubmissionFormat.Edifact)
        {
            return Landsea.Declarations.Edifact.CusdecDeclarationWriter.Write(sample.Declaration with { FunctionalReference = reference });
        }

        string text = Encoding.UTF8.GetString(sample.Bytes);
        int start = text.IndexOf("<FunctionalReferenceID>", StringComparison.Ordinal);
        int end = text.IndexOf("</FunctionalReferenceID>", start, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text[..(start + 23)] + reference + text[end..]);
    }

    private static void ValidateOnly(byte[] bytes)
    {
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = WcoSchemas.Declaration, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        settings.ValidationEventHandler += (_, _) => { };
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        while (reader.Read())
        {
        }
    }

    private static void ParseOnly(byte[] bytes)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read())
        {
        }
    }

    private static double Rate(int n, Action run)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        return Math.Round(n / Stopwatch.GetElapsedTime(start).TotalSeconds, 0);
    }

    private static async Task<double> RateAsync(int n, Func<Task> run)
    {
        long start = Stopwatch.GetTimestamp();
        await run();
        return Math.Round(n / Stopwatch.GetElapsedTime(start).TotalSeconds, 0);
    }
}
