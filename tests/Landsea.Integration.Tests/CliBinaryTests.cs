using System.Diagnostics;

namespace Landsea.Integration.Tests;

public class CliBinaryTests
{
    [Fact]
    public async Task Help_ListsEveryTopLevelCommand()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "landsea.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--help"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        foreach (string command in new[] { "serve", "declaration", "node", "partner", "agreement", "dead-letter", "audit", "demo", "edifact", "risk", "bench" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }
}
