using Landsea.Sharing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Landsea.Cli.Commands.Demo;
using Landsea.Exchange.Queries;
using Landsea.Web.Features.Exchange;

namespace Landsea.Integration.Tests.Exchange;

/// <summary>
/// Chongqing (A, CNCQI) and Singapore (B, SGSIN) as two real node processes in test mode on loopback, each with its own
/// database, keys and the corridor agreements plus opaque test traffic. Every process is killed on dispose.
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private TwoNodes(string root, NodeSetup a, NodeSetup b, NodeProcess pa, NodeProcess pb)
    {
        Root = root;
        SetupA = a;
        SetupB = b;
        A = pa;
        B = pb;
    }

    public string Root { get; }

    public NodeSetup SetupA { get; }

    public NodeSetup SetupB { get; }

    public NodeProcess A { get; }

    public NodeProcess B { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <param name="databaseB">B's database (default: a SQLite file in its folder).</param>
    /// <param name="advertisedPortB">The port A is told B listens on (a capture proxy's), when not B's own.</param>
    public static async Task<TwoNodes> CreateAsync(string? databaseB = null, int? advertisedPortB = null)
    {
        string root = Path.Combine(Path.GetTempPath(), "landsea-it-" + Guid.NewGuid().ToString("N"));
        int portA = NodeProcess.FreePort(), portB = NodeProcess.FreePort();
        var a = new NodeSetup("CNCQI", Path.Combine(root, "CNCQI", "landsea.db"), Path.Combine(root, "CNCQI"), portA);
        var b = new NodeSetup("SGSIN", databaseB ?? Path.Combine(root, "SGSIN", "landsea.db"), Path.Combine(root, "SGSIN"), portB);
        await CorridorNetwork.ConfigureAsync([a, b with { Port = advertisedPortB ?? portB }], testPing: true, CancellationToken.None);
        var env = new Dictionary<string, string> { [ExchangeNodeOptions.TestModeVariable] = "1" };
        var pa = new NodeProcess(a.Code, a.Database, a.DataDirectory, a.Port, environment: env);
        var pb = new NodeProcess(b.Code, b.Database, b.DataDirectory, b.Port, environment: env);
        return new TwoNodes(root, a, b, pa, pb);
    }

    public async Task StartAsync(NodeProcess node)
    {
        node.Start();
        await node.WaitHealthyAsync(Http, StartTimeout, CancellationToken.None);
    }

    public async Task EnqueueAsync(NodeProcess from, string to, int count, int conversations, string prefix = "T")
    {
        using HttpResponseMessage r = await Http.PostAsJsonAsync(new Uri(from.Url + "/test/exchange/enqueue"),
            new TestEnqueueRequest(to, count, conversations, 300, MessageTypes.TestPing, prefix));
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    public async Task<List<AppliedEnvelope>> AppliedAsync(NodeProcess node) =>
        (await Http.GetFromJsonAsync<List<AppliedEnvelope>>(new Uri(node.Url + "/test/exchange/applied"), JsonSerializerOptions.Web))!;

    public async Task<ExchangeStats> StatsAsync(NodeProcess node)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(node.Url + "/api/exchange/stats"));
        request.Headers.Authorization = Basic("auditor");
        using HttpResponseMessage r = await Http.SendAsync(request);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<ExchangeStats>(JsonSerializerOptions.Web))!;
    }

    public async Task AdvanceClockAsync(NodeProcess node, TimeSpan by)
    {
        using HttpResponseMessage r = await Http.PostAsync(new Uri($"{node.Url}/test/clock/advance?seconds={by.TotalSeconds}"), null);
        r.EnsureSuccessStatusCode();
    }

    /// <summary>Polls <paramref name="condition"/> every 200 ms until it holds or <paramref name="timeout"/> passes (then fails with <paramref name="what"/>).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for: {what}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until the exchange between <paramref name="sender"/> and <paramref name="receiver"/> is quiet: nothing left
    /// undelivered in the sender's outbox and nothing waiting for hand-over in the receiver's inbox. Then no further envelope can
    /// be applied, so an exactly-once check made afterwards would see a second application if there were one.
    /// </summary>
    public async Task WaitUntilQuietAsync(NodeProcess sender, NodeProcess receiver, TimeSpan timeout) =>
        await WaitUntilAsync(async () => (await StatsAsync(sender)).Pending == 0 && (await StatsAsync(receiver)).WaitingHandOver == 0, timeout,
            $"{sender.Code}'s outbox delivered and {receiver.Code}'s inbox handed over");

    /// <summary>Each envelope applied exactly once; within each conversation, applied in sequence order 1, 2, 3, ...</summary>
    public static void AssertExactlyOnceInOrder(List<AppliedEnvelope> applied, int expected)
    {
        Assert.Equal(expected, applied.Count);
        Assert.Equal(expected, applied.Select(a => a.EnvelopeId).Distinct(StringComparer.Ordinal).Count());
        foreach (IGrouping<(string, string), AppliedEnvelope> conversation in applied.GroupBy(a => (a.Partner, a.Conversation)))
        {
            long[] sequences = conversation.OrderBy(a => a.Id).Select(a => a.Sequence).ToArray();
            Assert.Equal(Enumerable.Range(1, sequences.Length).Select(i => (long)i), sequences);
        }
    }

    public static AuthenticationHeaderValue Basic(string user) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));

    public async ValueTask DisposeAsync()
    {
        A.Kill();
        B.Kill();
        await A.DisposeAsync();
        await B.DisposeAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
