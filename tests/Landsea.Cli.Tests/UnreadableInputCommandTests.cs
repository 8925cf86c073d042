using System.CommandLine;
using System.Text;
using Landsea.Cli;

namespace Landsea.Cli.Tests;

/// <summary>Issue 17 item 4: <c>landsea declaration check</c> on inputs that made the reader throw; the runner's last-resort answer.</summary>
public sealed class UnreadableInputCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("landsea-unreadable-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Declaration(string sequence = "1", string description = "Laptops", string extraItemKey = "") => $$"""
        {"functionalReference":"C-1","typeCode":"IMA","declarant":{"id":"91350100M000100Y43"},
         "items":[{"sequence":{{sequence}},"commodityCode":"847130","description":"{{description}}"{{extraItemKey}}}]}
        """;

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // Symptom: "Unhandled exception. System.OverflowException" (or InvalidOperationException) with a stack trace, exit 1.
    [Theory]
    [InlineData("sequence", "LS040 /items/0/sequence")]
    [InlineData("surrogate", "LS005 /items/0/description")]
    [InlineData("utf8", "LS005")]
    [InlineData("duplicate", "LS006 /items/0/commodityCode")]
    public async Task Issue_17_check_printed_unhandled_exception(string kind, string expected)
    {
        byte[] bytes = kind switch
        {
            "sequence" => Encoding.UTF8.GetBytes(Declaration(sequence: "99999999999999999999")),
            "surrogate" => Encoding.UTF8.GetBytes(Declaration(description: "\\ud800")),
            "utf8" => [.. Encoding.UTF8.GetBytes(Declaration()).Select(b => b == (byte)'L' ? (byte)0xFF : b)],
            _ => Encoding.UTF8.GetBytes(Declaration(extraItemKey: ",\"commodityCode\":\"090121\"")),
        };
        string file = Write(kind + ".json", bytes);

        (int exit, string output, string error) = await CliHarness.Run("declaration", "check", file, "--date", "2026-11-26");

        Assert.Equal(ExitCodes.Invalid, exit);
        Assert.Equal("", error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"INVALID {file}", lines[0]);
        Assert.StartsWith(expected, lines[1], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length); // the file, the error's code and pointer, its reason
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandThrowsABug_OneLineExit2NoStackTrace()
    {
        var root = new RootCommand("test");
        var broken = new Command("broken");
        broken.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("a broken invariant\nwith a second line")));
        root.Subcommands.Add(broken);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = await CliRunner.RunAsync(root, ["broken"], output, error);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("error: unexpected failure (InvalidOperationException): a broken invariant" + Environment.NewLine, error.ToString());
        Assert.Equal("", output.ToString());
    }
}
