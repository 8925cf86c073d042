using Landsea.Cli.Commands.Demo;

namespace Landsea.Integration.Tests.Exchange;

/// <summary><c>landsea demo --declarations N --transit M --exit-when-done --json</c>, driven through its command class (four real node processes).</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "landsea-demo-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_TwentyDeclarationsAndEightMovements_ExitsCleanWithReport()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var progress = new StringWriter();
        var output = new StringWriter();
        var run = new DemoCommand.DemoRun(_dir, NodeProcess.FreePort() + 10, progress);

        int exit = await run.ExecuteAsync(20, exitWhenDone: true, json: true, TimeSpan.FromMinutes(2), output, cts.Token, transit: 8);

        Assert.True(exit == 0, $"exit {exit}\n{progress}\n{output}");
        using var doc = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal(0, doc.RootElement.GetProperty("lost").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("appliedTwice").GetInt64());
        Assert.Equal(4, doc.RootElement.GetProperty("nodes").GetArrayLength());
        var cq = doc.RootElement.GetProperty("nodes")[0];
        Assert.Equal("CNCQI", cq.GetProperty("code").GetString());
        Assert.True(cq.GetProperty("sent").GetInt64() >= 20, output.ToString());

        // Eight NCTS movements to Qinzhou, Singapore, Pingxiang and Mohan in turn: each released at Chongqing, announced at its
        // destination node, arrived and written off; the fifth had discrepancies, resolved at Chongqing.
        var transit = doc.RootElement.GetProperty("transit");
        Assert.Equal((8, 8, 0, 1, 0), (transit.GetProperty("movements").GetInt32(), transit.GetProperty("writtenOff").GetInt32(),
            transit.GetProperty("inProgress").GetInt32(), transit.GetProperty("discrepancies").GetInt32(), transit.GetProperty("lost").GetInt32()));
    }

    [Fact]
    public async Task Demo_CorridorTraffic_ReportsConsignmentsEventsAlertsOnceAndClearanceP50PerLane()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var progress = new StringWriter();
        var output = new StringWriter();
        var run = new DemoCommand.DemoRun(_dir, NodeProcess.FreePort() + 20, progress);

        int exit = await run.ExecuteAsync(4, exitWhenDone: true, json: true, TimeSpan.FromMinutes(3), output, cts.Token, corridor: 16);

        Assert.True(exit == 0, $"exit {exit}\n{progress}\n{output}");
        using var doc = System.Text.Json.JsonDocument.Parse(output.ToString());
        var corridor = doc.RootElement.GetProperty("corridor");
        Assert.Equal(16, corridor.GetProperty("consignments").GetInt64());
        Assert.True(corridor.GetProperty("events").GetInt64() > 16 * 4, output.ToString());
        // Two seal breaks (consignments 4 and 14) and two stalled trains (5 and 13) at least; none raised twice.
        Assert.True(corridor.GetProperty("alerts").GetInt64() >= 4, output.ToString());
        Assert.Equal(0, corridor.GetProperty("alertsRaisedTwice").GetInt64());
        double priority = corridor.GetProperty("priorityP50Hours").GetDouble(), normal = corridor.GetProperty("normalP50Hours").GetDouble();
        Assert.True(priority < 1 && normal >= 3 && priority < normal, output.ToString());
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
