using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Landsea.Cli.Commands.Demo;

namespace Landsea.Integration.Tests.Exchange;

/// <summary>
/// Issue 17 item 8: the demo tells the truth. Its nodes end with it (even after kill -9), it refuses a folder or ports
/// another process holds (naming the pid), and it restarts a node that dies during the run and says so.
/// </summary>
public sealed class DemoTruthTests : IDisposable
{
    private static readonly string[] s_codes = ["CNCQI", "CNNNG", "CNKMG", "SGSIN"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "landsea-demo-" + Guid.NewGuid().ToString("N"));

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Polls a real process's state (no clock in a child process to inject) until it holds or the deadline passes.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }

    // Symptom: killed with -9, the demo left its four nodes running and holding the ports; a rerun on the same folder
    // drove those orphans (its own nodes failed with "address already in use") and reported "clean".
    [Fact]
    public async Task Issue_17_demo_killed_with_9_left_orphan_nodes_that_a_rerun_drove()
    {
        int basePort = NodeProcess.FreePort() + 30;
        string dll = Path.Combine(AppContext.BaseDirectory, "landsea.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "demo", "--dir", _dir, "--base-port", basePort.ToString(CultureInfo.InvariantCulture)])
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
            Assert.True(await EventuallyAsync(() => Progress().Contains("Ctrl-C stops", StringComparison.Ordinal) || demo.HasExited, TimeSpan.FromMinutes(3)), Progress());
            Assert.False(demo.HasExited, Progress());
            int[] nodes = [.. Enumerable.Range(basePort, 4).Select(p => DemoClaims.ListenerOf(p) ?? 0)];
            Assert.DoesNotContain(0, nodes);

            // While it runs, a second demo on the same folder is refused, naming the first.
            var refused = new StringWriter();
            int second = await new DemoCommand.DemoRun(_dir, NodeProcess.FreePort() + 40, refused).ExecuteAsync(1, true, false, TimeSpan.FromMinutes(1), new StringWriter(), CancellationToken.None);
            Assert.Equal(2, second);
            Assert.Contains($"is in use by another demo (pid {demo.Id}", refused.ToString(), StringComparison.Ordinal);

            demo.Kill(entireProcessTree: false); // SIGKILL to the demo alone: its nodes are not signalled

            static bool Running(int pid) => DemoClaims.CommandLine(pid).Contains(" serve ", StringComparison.Ordinal);
            Assert.True(await EventuallyAsync(() => Enumerable.Range(basePort, 4).All(PortIsFree) && !nodes.Any(Running), TimeSpan.FromSeconds(60)),
                "nodes outlived the demo: " + string.Join(", ", nodes.Select(pid => $"{pid} {(Running(pid) ? "running" : "gone")}")));
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }

        // The rerun on the same folder takes over the dead run's lock and drives its own nodes.
        var rerun = new StringWriter();
        var report = new StringWriter();
        int exit = await new DemoCommand.DemoRun(_dir, basePort, TextWriter.Synchronized(rerun)).ExecuteAsync(3, true, true, TimeSpan.FromMinutes(2), report, CancellationToken.None);
        Assert.True(exit == 0, $"exit {exit}\n{rerun}");
        Assert.Contains(": clean", rerun.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_PortHeldByAnotherProcess_RefusedNamingPortAndPid()
    {
        int basePort = FreeRange(6);
        using var squatter = new TcpListener(IPAddress.Loopback, basePort + 2);
        squatter.Start();
        var progress = new StringWriter();

        int exit = await new DemoCommand.DemoRun(_dir, basePort, progress).ExecuteAsync(1, true, false, TimeSpan.FromMinutes(1), new StringWriter(), CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Equal($"error: port {basePort + 2} is in use by {DemoClaims.Describe(Environment.ProcessId)}; stop it or choose another --base-port.", progress.ToString().Trim());
        Assert.False(File.Exists(DemoClaims.LockPath(_dir)), "a refused run leaves no lock behind");
    }

    /// <summary>A first port whose next <paramref name="count"/> ports are all free now (other tests on the machine take ports too).</summary>
    private static int FreeRange(int count)
    {
        for (int attempt = 0; ; attempt++)
        {
            int first = NodeProcess.FreePort() + 50;
            var held = new List<TcpListener>();
            try
            {
                for (int p = first; p < first + count; p++)
                {
                    var l = new TcpListener(IPAddress.Loopback, p);
                    l.Start();
                    held.Add(l);
                }

                return first;
            }
            catch (SocketException) when (attempt < 50)
            {
            }
            finally
            {
                held.ForEach(l => l.Stop());
            }
        }
    }

    // Symptom: a node killed during a run was not restarted; the run ended "NOT clean" with envelopes still on their way.
    [Fact]
    public async Task Issue_17_a_node_killed_during_the_run_was_not_restarted()
    {
        int basePort = NodeProcess.FreePort() + 60;
        var progress = new StringWriter();
        TextWriter shared = TextWriter.Synchronized(progress);
        var output = new StringWriter();
        Task<int> run = new DemoCommand.DemoRun(_dir, basePort, shared).ExecuteAsync(12, true, true, TimeSpan.FromMinutes(3), output, CancellationToken.None);
        string Progress()
        {
            lock (shared)
            {
                return progress.ToString();
            }
        }

        Assert.True(await EventuallyAsync(() => Progress().Contains("Lodging and releasing", StringComparison.Ordinal) || run.IsCompleted, TimeSpan.FromMinutes(3)), Progress());
        int kunming = DemoClaims.ListenerOf(basePort + 2) ?? throw new InvalidOperationException("Kunming's node is not listening:\n" + Progress());
        using (Process node = Process.GetProcessById(kunming))
        {
            node.Kill();
        }

        int exit = await run;

        string text = Progress();
        Assert.True(exit == 0, $"exit {exit}\n{text}");
        Assert.Contains("node CNKMG exited", text, StringComparison.Ordinal);
        Assert.Contains("restarted CNKMG once", text, StringComparison.Ordinal);
        Assert.Contains("still on their way 0", text, StringComparison.Ordinal);
        Assert.EndsWith(": clean", text.TrimEnd(), StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(output.ToString());
        Assert.Equal([0, 0, 1, 0], report.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("restarts").GetInt32()));
        Assert.Equal(s_codes, report.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("code").GetString()));
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
