using System.Diagnostics;
using System.Text.Json;
using Landsea.Edifact.Directories;
using Landsea.Edifact.Samples;

namespace Landsea.Edifact.Tests.CrossCheck;

/// <summary>
/// Independent check: the npm package 'edifact' (1.2.12, installed into a temporary folder) parses the same
/// interchanges, and its segment trees must equal ours.
/// </summary>
public class NpmEdifactCrossCheckTests
{
    private static readonly string[] s_types = ["CUSDEC", "CUSCAR", "CUSRES", "CUSREP"];

    private const string Script = """
        const Parser = require('edifact/parser.js');
        const fs = require('fs');
        const doc = fs.readFileSync(process.argv[2], 'latin1');
        const p = new Parser();
        p.encoding('UNOC');
        const result = []; let elements, components;
        p.onopensegment = s => { elements = []; result.push({ tag: s, elements }); };
        p.onelement = () => { components = []; elements.push(components); };
        p.oncomponent = v => { components.push(v); };
        p.write(doc); p.end();
        process.stdout.write(JSON.stringify(result));
        """;

    [NpmFact]
    public void Parse_GeneratedInterchanges_SameSegmentTreesAsNpmEdifact()
    {
        string folder = Path.Combine(Path.GetTempPath(), "landsea-edifact-npm-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            Run("npm", $"install edifact@1.2.12 --prefix \"{folder}\" --no-audit --no-fund --silent", folder);
            File.WriteAllText(Path.Combine(folder, "parse.js"), Script);

            foreach (string directory in DirectoryCatalog.Shipped)
            {
                var builder = new SampleBuilder(DirectoryCatalog.Get(directory), new Random(3)) { Escapes = true };
                var document = SampleBuilder.Interchange(s_types.Select((t, i) => builder.Message(t, "M" + i, full: true)));
                byte[] bytes = EdifactWriter.Write(document, new EdifactWriteOptions { LineBreaks = true });
                string file = Path.Combine(folder, directory + ".edi");
                File.WriteAllBytes(file, [.. "UNA:+.? '\n"u8, .. bytes]);

                string theirs = Run("node", $"parse.js \"{file}\"", folder);
                var ours = EdifactReader.Read(File.ReadAllBytes(file)).Document!;
                string expected = JsonSerializer.Serialize(ours.Segments().Select(s => new { tag = s.Tag, elements = s.Elements.Select(e => e.Components).ToArray() }));

                Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(theirs)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Run(string file, string arguments, string directory)
    {
        var psi = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), $"{file} did not finish in 120 s");
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed: {stderr}");
        return stdout.Result;
    }
}
