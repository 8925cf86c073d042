using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Landsea.Cli.Commands.Demo;

namespace Landsea.Integration.Tests.Exchange;

/// <summary>
/// <c>landsea demo</c> as a user runs it: the real binary streams declarations until interrupted, prints each node's address,
/// and on SIGINT (Ctrl-C) stops its four nodes, compares their stores and exits 0.
/// </summary>
public sealed class InteractiveDemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "landsea-demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_StreamingUntilCtrlC_PrintsAddresses_StopsNodesCleanly()
    {
        int basePort = NodeProcess.FreePort() + 20;
        string dll = Path.Combine(AppContext.BaseDirectory, "landsea.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "demo", "--dir", _dir, "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var progress = new StringBuilder();
        using Process demo = Process.Start(start)!;
        demo.ErrorDataReceived += (_, e) =>
        {
            lock (progress)
            {
                progress.AppendLine(e.Data);
            }
        };
        demo.BeginErrorReadLine();
        string Progress()
        {
            lock (progress)
            {
                return progress.ToString();
            }
        }

        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{basePort}"), Timeout = TimeSpan.FromSeconds(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("auditor:landsea-dev"u8));
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            long sent = 0;
            while (sent < 3)
            {
                deadline.Token.ThrowIfCancellationRequested();
                Assert.False(demo.HasExited, "the demo exited early:\n" + Progress());
                if (Progress().Contains("Ctrl-C stops", StringComparison.Ordinal))
                {
                    using JsonDocument stats = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/exchange/stats", UriKind.Relative), deadline.Token));
                    sent = stats.RootElement.GetProperty("sent").GetInt64();
                }

                await Task.Delay(200, deadline.Token); // polling a real process's progress
            }

            using (Process kill = Process.Start("kill", ["-INT", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(deadline.Token);
            }

            await demo.WaitForExitAsync(deadline.Token);

            string text = Progress();
            Assert.True(demo.ExitCode == 0, $"exit {demo.ExitCode}\n{text}");
            foreach (string code in new[] { "CNCQI", "CNNNG", "CNKMG", "SGSIN" })
            {
                Assert.Contains($"{code} ", text, StringComparison.Ordinal);
            }

            Assert.Contains($"http://127.0.0.1:{basePort}", text, StringComparison.Ordinal);
            Assert.Contains("Stopping the nodes", text, StringComparison.Ordinal);
            Assert.Contains("lost 0, applied twice 0", text, StringComparison.Ordinal);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("/health", UriKind.Relative))); // the nodes are gone
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
