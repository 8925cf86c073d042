using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Landsea.Declarations;
using Landsea.Declarations.Edifact;
using Landsea.Declarations.Wco;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench hostile</c> (issue 16 item 5): the time and memory the node's one submission reader spends on the
/// worst inputs of a size (deep nesting, many attributes, long text in XML; deep nesting and a long string in JSON;
/// many misplaced segments in EDIFACT) against a valid document of the same format and size, in the same run. The aim:
/// no input costs more than ten times the valid document.
/// </summary>
public static class HostileBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>How much one input may cost against the valid document of its format and size.</summary>
    public const double Aim = 10.0;

    public static Command Create()
    {
        var sizeMb = new Option<double>("--size-mb") { Description = "Size of every input in MiB (at most the node's 5 MiB submission limit).", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Reads of each input; the fastest counts.", DefaultValueFactory = _ => 3 };
        var sample = new Option<FileInfo>("--sample") { Description = "The valid WCO DEC sample the valid documents are grown from.", DefaultValueFactory = _ => new FileInfo("vectors/wco-dm-uk-cds/examples/annotated_XML_samples/TT_IM101a/TT_IM101a.xml") };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on standard output." };
        var command = new Command("hostile", "Time and memory of the worst inputs (deep nesting, many attributes, long text, many segments) against a valid document of the same size.\n\nExample: landsea bench hostile --size-mb 5 --json") { sizeMb, rounds, sample, json };
        command.SetAction(async (r, ct) =>
        {
            FileInfo file = r.GetValue(sample)!;
            double mb = r.GetValue(sizeMb);
            if (!file.Exists)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: {file.FullName}: no such file (run from the repository root or pass --sample).");
                return ExitCodes.Usage;
            }

            if (mb is <= 0 or > 5)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: --size-mb must be more than 0 and at most 5 (the node's submission limit).");
                return ExitCodes.Usage;
            }

            int size = (int)Math.Min(mb * 1024 * 1024, WcoDeclarationReader.DefaultMaxBytes) - 64;
            byte[] sampleBytes = await File.ReadAllBytesAsync(file.FullName, ct);
            DateOnly today = DateOnly.FromDateTime(DateTime.UtcNow);
            Declaration declaration = SubmissionReader.Read(sampleBytes, today).Check.Declaration
                ?? throw new InvalidOperationException($"{file}: the sample is not a declaration.");
            var inputs = new (string Name, string Baseline, byte[] Bytes)[]
            {
                ("xml-valid", "xml-valid", Inputs.ValidXml(sampleBytes, size)),
                ("xml-deep-nesting", "xml-valid", Inputs.DeepXml(size)),
                ("xml-many-attributes", "xml-valid", Inputs.ManyAttributes(size)),
                ("xml-long-text", "xml-valid", Inputs.LongText(sampleBytes, size)),
                ("json-valid", "json-valid", Inputs.ValidJson(size)),
                ("json-deep-nesting", "json-valid", Inputs.DeepJson(size)),
                ("json-long-string", "json-valid", Inputs.LongString(size)),
                ("edifact-valid", "edifact-valid", Inputs.ValidEdifact(declaration, size)),
                ("edifact-many-segments", "edifact-valid", Inputs.ManySegments(size)),
            };

            int n = Math.Max(1, r.GetValue(rounds));
            var measured = new Dictionary<string, Measurement>(StringComparer.Ordinal);
            foreach ((string name, _, byte[] bytes) in inputs)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"{name}: {bytes.Length:N0} bytes ...");
                measured[name] = Measure(bytes, today, n);
            }

            var rows = inputs.Select(i =>
            {
                Measurement m = measured[i.Name];
                Measurement b = measured[i.Baseline];
                return new
                {
                    input = i.Name,
                    bytes = i.Bytes.Length,
                    outcome = m.Outcome,
                    errorsListed = m.Errors,
                    milliseconds = Math.Round(m.Seconds * 1000, 1),
                    allocatedMiB = Math.Round(m.AllocatedBytes / 1048576.0, 1),
                    peakWorkingSetGrowthMiB = Math.Round(m.PeakGrowthBytes / 1048576.0, 1),
                    timeRatio = Math.Round(m.Seconds / b.Seconds, 2),
                    allocationRatio = Math.Round((double)m.AllocatedBytes / Math.Max(1, b.AllocatedBytes), 2),
                };
            }).ToList();
            var figures = new
            {
                sizeBytes = size,
                rounds = n,
                aim = Aim,
                worstTimeRatio = rows.Max(x => x.timeRatio),
                worstAllocationRatio = rows.Max(x => x.allocationRatio),
                withinAim = rows.All(x => x.timeRatio <= Aim && x.allocationRatio <= Aim),
                inputs = rows,
            };
            TextWriter output = r.InvocationConfiguration.Output;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                await output.WriteLineAsync($"Inputs of {size:N0} bytes, fastest of {n} reads each, against the valid document of the same format:");
                await output.WriteLineAsync($"  {"input",-24}{"ms",10}{"alloc MiB",11}{"peak MiB",10}{"time x",8}{"alloc x",9}  outcome");
                foreach (var x in rows)
                {
                    await output.WriteLineAsync($"  {x.input,-24}{x.milliseconds,10:N1}{x.allocatedMiB,11:N1}{x.peakWorkingSetGrowthMiB,10:N1}{x.timeRatio,8:N2}{x.allocationRatio,9:N2}  {x.outcome} ({x.errorsListed} errors listed)");
                }

                await output.WriteLineAsync(figures.withinAim ? $"Every input within {Aim}x the valid document." : $"Some input costs more than {Aim}x the valid document.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The fastest of the rounds of reads, the bytes the first allocated, and the working set's growth while it ran (sampled every millisecond).</summary>
    private sealed record Measurement(double Seconds, long AllocatedBytes, long PeakGrowthBytes, string Outcome, int Errors);

    private static Measurement Measure(byte[] bytes, DateOnly today, int rounds)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long before = process.WorkingSet64;
        long peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            using var p = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                p.Refresh();
                peak = Math.Max(peak, p.WorkingSet64);
                Thread.Sleep(1);
            }
        });
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        DeclarationCheck check = SubmissionReader.Read(bytes, today).Check;
        double best = Stopwatch.GetElapsedTime(start).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        stop.Cancel();
        sampler.Wait();
        for (int i = 1; i < rounds; i++)
        {
            start = Stopwatch.GetTimestamp();
            SubmissionReader.Read(bytes, today);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        string outcome = check.Errors.Count == 0 ? "read" : check.Errors[0].Code;
        return new Measurement(best, allocated, Math.Max(0, peak - before), outcome, check.Errors.Count);
    }

    /// <summary>The inputs, each exactly or about <c>size</c> bytes.</summary>
    internal static class Inputs
    {
        /// <summary>The sample with its goods item repeated until the document is <paramref name="size"/> bytes: well formed, of the normal shape.</summary>
        public static byte[] ValidXml(byte[] sample, int size)
        {
            string text = Encoding.UTF8.GetString(sample);
            int start = text.IndexOf("<GovernmentAgencyGoodsItem>", StringComparison.Ordinal);
            int end = text.IndexOf("</GovernmentAgencyGoodsItem>", start, StringComparison.Ordinal) + "</GovernmentAgencyGoodsItem>".Length;
            string item = text[start..end];
            int itemBytes = Encoding.UTF8.GetByteCount(item);
            int count = Math.Max(0, (size - sample.Length) / itemBytes);
            var b = new StringBuilder(size + item.Length).Append(text, 0, end);
            b.Insert(b.Length, item, count);
            return Encoding.UTF8.GetBytes(b.Append(text, end, text.Length - end).ToString());
        }

        /// <summary>Elements nested as deep as the size allows (the issue's 5 MB document).</summary>
        public static byte[] DeepXml(int size)
        {
            int levels = (size - 40) / 7;
            var b = new StringBuilder(size).Append("<?xml version=\"1.0\"?>");
            b.Insert(b.Length, "<a>", levels).Insert(b.Length, "</a>", levels);
            return Encoding.UTF8.GetBytes(b.ToString());
        }

        /// <summary>One root element with as many distinct attributes as the size allows.</summary>
        public static byte[] ManyAttributes(int size)
        {
            var b = new StringBuilder(size).Append("<md:MetaData xmlns:md=\"urn:wco:datamodel:WCO:DocumentMetaData-DMS:2\"");
            for (int i = 0; b.Length < size - 40; i++)
            {
                b.Append(" a").Append(i).Append("=\"1\"");
            }

            return Encoding.UTF8.GetBytes(b.Append("/>").ToString());
        }

        /// <summary>The sample with its functional reference as long as the size allows.</summary>
        public static byte[] LongText(byte[] sample, int size)
        {
            string text = Encoding.UTF8.GetString(sample);
            int at = text.IndexOf("<FunctionalReferenceID>", StringComparison.Ordinal) + "<FunctionalReferenceID>".Length;
            return Encoding.UTF8.GetBytes(text[..at] + new string('X', size - text.Length) + text[at..]);
        }

        public static byte[] ValidJson(int size)
        {
            var b = new StringBuilder(size).Append("""{"functionalReference":"HOSTILE-BASE","typeCode":"EXA","declarant":{"id":"91110000600037341L"},"items":[""");
            for (int i = 1; b.Length < size - 200; i++)
            {
                b.Append(i == 1 ? "" : ",").Append("{\"sequence\":").Append(i)
                    .Append(""","commodityCode":"847130","description":"Portable automatic data processing machines","amount":{"amount":10,"currency":"CNY"}}""");
            }

            return Encoding.UTF8.GetBytes(b.Append("]}").ToString());
        }

        public static byte[] DeepJson(int size)
        {
            int levels = (size - 30) / 6;
            var b = new StringBuilder(size).Append("{\"functionalReference\":");
            b.Insert(b.Length, "{\"a\":", levels).Append('1').Append('}', levels + 1);
            return Encoding.UTF8.GetBytes(b.ToString());
        }

        public static byte[] LongString(int size) =>
            Encoding.UTF8.GetBytes("{\"functionalReference\":\"" + new string('X', size - 40) + "\",\"typeCode\":\"EXA\"}");

        /// <summary>A CUSDEC written from the sample's declaration with its goods items repeated until the size.</summary>
        public static byte[] ValidEdifact(Declaration declaration, int size)
        {
            int once = CusdecDeclarationWriter.Write(declaration).Length;
            int perCopy = Math.Max(1, CusdecDeclarationWriter.Write(declaration with { Items = [.. declaration.Items, .. declaration.Items] }).Length - once);
            for (int count = Math.Max(1, (size - once) / perCopy); ; count -= Math.Max(1, count / 50))
            {
                var items = Enumerable.Range(0, count).SelectMany(k => declaration.Items.Select((item, i) => item with { Sequence = (k * declaration.Items.Count) + i + 1 })).ToList();
                byte[] bytes = CusdecDeclarationWriter.Write(declaration with { Items = items });
                if (bytes.Length <= size || count == 1)
                {
                    return bytes;
                }
            }
        }

        /// <summary>A CUSDEC whose body is as many misplaced FTX segments as the size allows: each one is an error.</summary>
        public static byte[] ManySegments(int size)
        {
            var b = new StringBuilder(size).Append("UNA:+.? 'UNB+UNOC:3+SENDER+RECEIVER+261202:1200+1'UNH+1+CUSDEC:D:96B:UN'BGM+929+HOSTILE+9'");
            int segments = 2;
            while (b.Length < size - 40)
            {
                b.Append("FTX+AAA'");
                segments++;
            }

            return Encoding.ASCII.GetBytes(b.Append("UNT+").Append(segments + 1).Append("+1'UNZ+1+1'").ToString());
        }
    }
}
