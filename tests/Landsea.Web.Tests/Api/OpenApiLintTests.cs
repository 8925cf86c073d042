using System.Diagnostics;
using System.Text.Json;

namespace Landsea.Web.Tests.Api;

/// <summary>
/// Issue 15, item 9: the node's OpenAPI document is clean under Redocly's recommended rules (tools/openapi-lint, pinned
/// in its package-lock.json; <c>.ci/run</c> installs it with <c>npm ci</c>).
/// </summary>
public class OpenApiLintTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly string Tool = Landsea.Tests.Repository.Path("tools", "openapi-lint");

    [SkippableFact]
    public async Task Document_IsCleanUnderRedoclyRecommended()
    {
        string cli = Path.Combine(Tool, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Skip.IfNot(File.Exists(cli), $"Redocly CLI is not installed: run 'npm ci --prefix {Tool}' (.ci/run does)");
        string file = Path.Combine(Path.GetTempPath(), $"landsea-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await node.Client().GetStringAsync("/openapi/v1.json"));
        try
        {
            var start = new ProcessStartInfo("node", [cli, "lint", file, "--format=json", "--config", Path.Combine(Tool, "redocly.yaml")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Tool,
            };
            using Process lint = Process.Start(start)!;
            Task<string> stdout = lint.StandardOutput.ReadToEndAsync();
            Task<string> stderr = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            string output = await stdout;
            using JsonDocument report = JsonDocument.Parse(output);
            string[] problems = [.. report.RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}")];
            Assert.True(problems.Length == 0, string.Join("\n", problems) + await stderr);
            Assert.Equal(0, lint.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
