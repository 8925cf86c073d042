using System.Diagnostics;
using System.Globalization;
using Landsea.Edifact;
using Landsea.Edifact.Directories;
using Landsea.Edifact.Samples;
using Landsea.Edifact.Syntax;
using Landsea.Edifact.Validation;

// Throughput of the EDIFACT reader and validator against the npm 'edifact' parser on one generated corpus.
// Usage: dotnet run -c Release --project bench/Landsea.Edifact.Bench [-- SIZE_MB]
// A second argument limits the run to the measurements whose names contain it (for example "validate").
int sizeMb = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
string only = args.Length > 1 ? args[1] : "";
string folder = Path.Combine(Path.GetTempPath(), "landsea-edifact-bench");
Directory.CreateDirectory(folder);
string corpusPath = Path.Combine(folder, $"corpus-{sizeMb}mb.edi");
if (!File.Exists(corpusPath))
{
    File.WriteAllBytes(corpusPath, Corpus.Build(sizeMb * 1024L * 1024L));
}

byte[] data = File.ReadAllBytes(corpusPath);
double mb = data.Length / (1024.0 * 1024.0);
var sanity = EdifactValidator.Validate(data);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpusPath} ({mb:F1} MiB, {sanity.Messages.Count} messages, UNOC, D96B CUSDEC/CUSCAR/CUSRES, valid: {sanity.IsValid})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));

Measure("read (tokenize, release resolved)", () => Tokenize(data));
Measure("read + envelopes, counts, charset", () => Envelopes(data));
Measure("read + validate (D96B)", () => EdifactValidator.Validate(data).Issues.Count);
Measure("read into segment tree", () => EdifactReader.Read(data).Document is null ? 0 : 1);
if (only.Length == 0 || "npm".Contains(only, StringComparison.Ordinal))
{
    Npm.Run(corpusPath, mb);
}

void Measure(string name, Func<long> action)
{
    if (!name.Contains(only, StringComparison.Ordinal))
    {
        return;
    }

    // Warm up (at least 3 runs and half a second) so that tiered compilation has finished before timing.
    var warm = Stopwatch.StartNew();
    for (int i = 0; i < 3 || warm.Elapsed.TotalSeconds < 0.5; i++)
    {
        action();
    }

    var times = new List<double>();
    long allocated = 0;
    // At least 7 runs, more for fast paths (up to 25 or about 3 s), so that the best run shows the speed on a
    // machine shared with others and the median what a run usually gets.
    var total = Stopwatch.StartNew();
    for (int i = 0; i < 25 && (i < 7 || total.Elapsed.TotalSeconds < 3); i++)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        action();
        sw.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        times.Add(sw.Elapsed.TotalSeconds);
    }

    times.Sort();
    double median = times[times.Count / 2];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {mb / median,8:F0} MiB/s (median of {times.Count}, best {mb / times[0]:F0}), allocated {allocated / mb / 1024.0,10:F1} KiB per MiB"));
}

static long Envelopes(byte[] data)
{
    var walker = new EnvelopeWalker(EdifactReadOptions.Default, new IssueList(1000));
    var sink = new CountingSink();
    walker.Run(data, sink);
    return sink.Count;
}

static long Tokenize(byte[] data)
{
    var tokenizer = new EdifactTokenizer(data, ServiceStringAdvice.Version3Default);
    long components = 0;
    while (tokenizer.Read() == TokenizerStatus.Segment)
    {
        int elements = tokenizer.ElementCount;
        for (int e = 0; e < elements; e++)
        {
            components += tokenizer.ComponentCount(e);
        }
    }

    return components;
}

internal sealed class CountingSink : ISegmentSink
{
    public long Count { get; private set; }

    public void OnSegment(ref EdifactTokenizer tokenizer, in SegmentContext context) => Count++;
}

internal static class Corpus
{
    public static byte[] Build(long size)
    {
        var builder = new SampleBuilder(DirectoryCatalog.Get("D96B"), new Random(1)) { Escapes = true };
        string[] types = ["CUSDEC", "CUSCAR", "CUSRES"];
        var messages = new List<Landsea.Edifact.Model.EdifactMessage>();
        long estimate = 0;
        int n = 0;
        while (estimate < size)
        {
            var m = builder.Message(types[n % 3], "M" + n.ToString(CultureInfo.InvariantCulture), full: false);
            estimate += m.Segments().Sum(s => s.ToString().Length + 1);
            messages.Add(m);
            n++;
        }

        return EdifactWriter.Write(SampleBuilder.Interchange(messages, "BENCH1"), new EdifactWriteOptions { LineBreaks = true });
    }
}

internal static class Npm
{
    private const string Script = """
        const Parser = require('edifact/parser.js');
        const fs = require('fs');
        const doc = fs.readFileSync(process.argv[2], 'latin1');
        function run(build) {
          const p = new Parser();
          p.encoding('UNOC');
          const result = []; let elements, components, count = 0;
          if (build) {
            p.onopensegment = s => { elements = []; result.push({ name: s, elements }); };
            p.onelement = () => { components = []; elements.push(components); };
            p.oncomponent = v => { components.push(v); };
          } else {
            p.onopensegment = s => {}; p.onelement = () => {}; p.oncomponent = v => { count++; };
          }
          const t = process.hrtime.bigint();
          p.write(doc); p.end();
          return Number(process.hrtime.bigint() - t) / 1e9;
        }
        for (const build of [false, true]) {
          run(build);
          const times = [run(build), run(build), run(build), run(build), run(build)].sort((a, b) => a - b);
          console.log((build ? 'tree' : 'tokenize') + ' ' + times[2] + ' ' + times[0]);
        }
        """;

    public static void Run(string corpus, double mb)
    {
        string folder = Path.Combine(Path.GetTempPath(), "landsea-edifact-bench", "npm");
        Directory.CreateDirectory(folder);
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "edifact")))
        {
            if (Exec("npm", $"install edifact@1.2.12 --prefix \"{folder}\" --no-audit --no-fund", folder) is null)
            {
                Console.WriteLine("npm edifact: skipped (npm or the registry is not available)");
                return;
            }
        }

        string scriptPath = Path.Combine(folder, "bench.js");
        File.WriteAllText(scriptPath, Script);
        string? output = Exec("node", $"--max-old-space-size=8192 \"{scriptPath}\" \"{corpus}\"", folder);
        if (output is null)
        {
            Console.WriteLine("npm edifact: skipped (node failed)");
            return;
        }

        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            double seconds = double.Parse(parts[1], CultureInfo.InvariantCulture);
            double best = double.Parse(parts[2], CultureInfo.InvariantCulture);
            string name = parts[0] == "tree" ? "npm edifact: read into arrays" : "npm edifact: tokenize (no-op events)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {mb / seconds,8:F0} MiB/s (median of 5, best {mb / best:F0})"));
        }
    }

    private static string? Exec(string file, string arguments, string directory)
    {
        try
        {
            var psi = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
