using System.Reflection;
using System.Text.RegularExpressions;
using Landsea.Tests;

namespace Landsea.Architecture.Tests;

/// <summary>
/// The layer rules of docs/architecture.md. Each test names the rule it checks and, when it fails, every place that
/// breaks it. Assemblies are checked by their references (what they were compiled against); source rules read src/.
/// </summary>
public sealed partial class LayerRules
{
    private static readonly Assembly Domain = Load("Landsea.Domain");
    private static readonly Assembly Data = Load("Landsea.Data");
    private static readonly Assembly Exchange = Load("Landsea.Exchange");
    private static readonly Assembly Edifact = Load("Landsea.Edifact");
    private static readonly Assembly Risk = Load("Landsea.Risk");
    private static readonly Assembly Web = Load("Landsea.Web");

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    private static string[] References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    private static string[] Offending(Assembly assembly, params string[] forbiddenPrefixes) =>
        [.. References(assembly).Where(r => forbiddenPrefixes.Any(p => r.Equals(p, StringComparison.Ordinal) || r.StartsWith(p + ".", StringComparison.Ordinal)))];

    [Fact]
    public void Domain_ReferencesNoIoDatabaseAspNetOrMl()
    {
        string[] bad = Offending(Domain,
            "Microsoft.Data.Sqlite", "Npgsql", "Dapper", "Microsoft.EntityFrameworkCore", "System.Data.Common",
            "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.ML", "System.Net.Http", "System.Net.Sockets",
            "Landsea.Data", "Landsea.Exchange", "Landsea.Web", "Landsea.Cli", "Landsea.Risk");
        Assert.True(bad.Length == 0, "Landsea.Domain must stay pure; it references: " + string.Join(", ", bad));
    }

    [Fact]
    public void Domain_ReadsNoClockAndTouchesNoFiles()
    {
        // The domain gets time from a TimeProvider passed in, and data from embedded resources, never from the file system.
        var io = new Regex(@"\b(DateTime(Offset)?\.(Utc)?Now|TimeProvider\.System|File\.|Directory\.|FileStream|new HttpClient|Environment\.GetEnvironmentVariable)", RegexOptions.CultureInvariant);
        string[] bad = [.. SourceLines("src/Landsea.Domain").Where(l => io.IsMatch(l.Text)).Select(l => l.ToString())];
        Assert.True(bad.Length == 0, "clock or I/O in Landsea.Domain:\n" + string.Join("\n", bad));
    }

    [Fact]
    public void Exchange_ReferencesNoCustomsProject()
    {
        string[] bad = Offending(Exchange, "Landsea.Domain", "Landsea.Data", "Landsea.Edifact", "Landsea.Risk", "Landsea.Web", "Landsea.Cli");
        Assert.True(bad.Length == 0, "Landsea.Exchange knows no customs documents; it references: " + string.Join(", ", bad));
    }

    [Fact]
    public void Edifact_IsASyntaxLibrary()
    {
        string[] bad = Offending(Edifact, "Landsea.Domain", "Landsea.Data", "Landsea.Exchange", "Landsea.Risk", "Landsea.Web", "Landsea.Cli");
        Assert.True(bad.Length == 0, "Landsea.Edifact is syntax only (the customs mappings live in Domain/Declarations/Edifact); it references: " + string.Join(", ", bad));
    }

    [Fact]
    public void Risk_ReferencesDomainNotData()
    {
        string[] bad = Offending(Risk, "Landsea.Data", "Landsea.Exchange", "Landsea.Web", "Landsea.Cli");
        Assert.True(bad.Length == 0, "Landsea.Risk (the learner) references Domain only; it references: " + string.Join(", ", bad));
        Assert.Contains("Landsea.Domain", References(Risk));
    }

    [Fact]
    public void Data_ReferencesNoHost()
    {
        string[] bad = Offending(Data, "Microsoft.AspNetCore", "Landsea.Web", "Landsea.Cli", "Landsea.Risk", "Microsoft.ML");
        Assert.True(bad.Length == 0, "Landsea.Data stores; it references: " + string.Join(", ", bad));
    }

    [Fact]
    public void Sql_OnlyInDataAndExchange()
    {
        string[] bad = [.. SqlLines().Where(l => !l.File.StartsWith("src/Landsea.Data/", StringComparison.Ordinal) && !l.File.StartsWith("src/Landsea.Exchange/", StringComparison.Ordinal)).Select(l => l.ToString())];
        Assert.True(bad.Length == 0, "SQL text outside Landsea.Data and Landsea.Exchange:\n" + string.Join("\n", bad));
    }

    [Fact]
    public void ExchangeTables_ReadOnlyByExchange()
    {
        var table = new Regex(@"\bexchange_[a-z_]+\b", RegexOptions.CultureInvariant);
        string[] bad = [.. SqlLines().Concat(SourceLines("src").Where(l => table.IsMatch(l.Text) && SqlWords().IsMatch(l.Text)))
            .Where(l => table.IsMatch(l.Text) && !l.File.StartsWith("src/Landsea.Exchange/", StringComparison.Ordinal))
            .Select(l => l.ToString()).Distinct()];
        Assert.True(bad.Length == 0, "exchange_* tables are read and written only by Landsea.Exchange:\n" + string.Join("\n", bad));
    }

    [Fact]
    public void Cli_ReferencesWebHostOnlyToServe()
    {
        // The CLI works through the exchange gateway and the domain; it needs the web host only to run a node: `landsea serve`,
        // and `landsea bench lodge` and `bench flood`, which serve one on loopback to measure lodging and floods over HTTP.
        string[] hosts = ["src/Landsea.Cli/Commands/ServeCommand.cs", "src/Landsea.Cli/Commands/Bench/BenchCommand.cs", "src/Landsea.Cli/Commands/Bench/FloodBench.cs"];
        string[] bad = [.. SourceLines("src/Landsea.Cli").Where(l => l.Text.Contains("Landsea.Web", StringComparison.Ordinal))
            .Where(l => !hosts.Contains(l.File)).Select(l => l.ToString())];
        Assert.True(bad.Length == 0, "Landsea.Web used outside `landsea serve`:\n" + string.Join("\n", bad));
    }

    [Fact]
    public void WebFeatures_AreCapabilityFolders()
    {
        // Features/<Capability>/<UseCase>.cs: no loose files directly under Features/.
        string features = Repository.Path("src", "Landsea.Web", "Features");
        string[] loose = [.. Directory.GetFiles(features, "*.cs").Select(System.IO.Path.GetFileName)!];
        Assert.True(loose.Length == 0, "files directly under Features/: " + string.Join(", ", loose));
    }

    [Fact]
    public void SourceScan_FindsTheTree()
    {
        // Guards the source rules above against passing because they read nothing.
        Assert.True(SourceLines("src/Landsea.Domain").Count() > 1000);
        Assert.Contains(SqlLines(), l => l.File.StartsWith("src/Landsea.Exchange/", StringComparison.Ordinal));
        Assert.Contains(SqlLines(), l => l.File.StartsWith("src/Landsea.Data/", StringComparison.Ordinal));
    }

    private sealed record SourceLine(string File, int Number, string Text)
    {
        public override string ToString() => $"{File}:{Number}: {Text.Trim()}";
    }

    /// <summary>SQL statements start with one of these words inside a string literal.</summary>
    [GeneratedRegex(@"(""|^\s*)\s*(SELECT\s+[\w*(]|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(UNIQUE\s+)?(TABLE|INDEX)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|INDEX)\s|PRAGMA\s)", RegexOptions.CultureInvariant)]
    private static partial Regex SqlWords();

    private static IEnumerable<SourceLine> SqlLines() => SourceLines("src").Where(l => SqlWords().IsMatch(l.Text));

    private static IEnumerable<SourceLine> SourceLines(string folder)
    {
        string root = Repository.Root;
        foreach (string file in Directory.EnumerateFiles(System.IO.Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = System.IO.Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal))
            {
                continue;
            }

            int n = 0;
            foreach (string line in File.ReadLines(file))
            {
                n++;
                string trimmed = line.TrimStart();
                if (trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith("///", StringComparison.Ordinal))
                {
                    continue;
                }

                yield return new SourceLine(relative, n, line);
            }
        }
    }
}
