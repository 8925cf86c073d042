using System.Data.Common;
using System.Text;
using Landsea.Exchange;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Landsea.Web.Tests.Exchange;

/// <summary>
/// Chongqing (A, CNCQI) and Singapore (B, SGSIN) as two real nodes in this process, each on a loopback port with its own
/// SQLite file and identity, partners of each other over HTTP with signed envelopes and receipts. Each node runs on a
/// <see cref="TestClock"/> that tests move (backoffs pass without waiting). Agreements: A sends pre-arrivals unfiltered
/// (hostile payloads reach B as sent), B answers decisions.
/// </summary>
internal sealed class TwoNodesInProcess : IAsyncDisposable
{
    private readonly string _root;

    private TwoNodesInProcess(string root, WebApplication a, WebApplication b)
    {
        _root = root;
        A = a;
        B = b;
    }

    public WebApplication A { get; }

    public WebApplication B { get; }

    public static NodeExchange Exchange(WebApplication node) => node.Services.GetRequiredService<NodeExchange>();

    /// <param name="configureB">Extra services for B, registered before the node's own (for example a failing applier).</param>
    public static async Task<TwoNodesInProcess> StartAsync(Action<WebApplicationBuilder>? configureB = null, params string[] argsB)
    {
        string root = Path.Combine(Path.GetTempPath(), "landsea-tests", $"pair-{Guid.NewGuid():N}");
        WebApplication a = await StartNodeAsync(root, "CNCQI", null, []);
        WebApplication b = await StartNodeAsync(root, "SGSIN", configureB, argsB);
        var pair = new TwoNodesInProcess(root, a, b);
        await pair.PairAsync(a, b, "SGSIN", [new OutboundRule(MessageTypes.PreArrival, null)], [MessageTypes.PreArrivalDecision]);
        await pair.PairAsync(b, a, "CNCQI", [new OutboundRule(MessageTypes.PreArrivalDecision, null)], [MessageTypes.PreArrival]);
        return pair;
    }

    private static async Task<WebApplication> StartNodeAsync(string root, string code, Action<WebApplicationBuilder>? configure, string[] args)
    {
        string directory = Path.Combine(root, code);
        Directory.CreateDirectory(directory);
        WebApplication app = await NodeHost.BuildAsync(
            new NodeOptions { Database = Path.Combine(directory, "landsea.db"), DataDirectory = directory, NodeCode = code, Development = true },
            ["--urls", "http://127.0.0.1:0", "--Exchange:HandOverPoll=00:00:00.100", .. args],
            builder =>
            {
                builder.Services.AddSingleton(new TestClock());
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication node) => new(node.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    private async Task PairAsync(WebApplication self, WebApplication partner, string partnerCode, IReadOnlyList<OutboundRule> send, IReadOnlyList<string> receive)
    {
        NodeExchange x = Exchange(self);
        NodeExchange other = Exchange(partner);
        await using UnitOfWork work = await x.Gateway.BeginAsync(default);
        await x.Gateway.Partners.SaveAsync(work, new Partner(partnerCode, other.Node.Name, new Uri(Address(partner), "/exchange/envelopes"), other.Gateway.Identity.Certificate), default);
        await x.Gateway.Partners.SetAgreementAsync(work, partnerCode, send, receive, default);
        await work.CommitAsync(default);
    }

    /// <summary>Replaces <paramref name="self"/>'s agreement with its partner <paramref name="partnerCode"/> (types it sends, unfiltered, and types it receives).</summary>
    public static async Task AgreeAsync(WebApplication self, string partnerCode, IReadOnlyList<string> send, IReadOnlyList<string> receive)
    {
        NodeExchange x = Exchange(self);
        await using UnitOfWork work = await x.Gateway.BeginAsync(default);
        await x.Gateway.Partners.SetAgreementAsync(work, partnerCode, [.. send.Select(t => new OutboundRule(t, null))], receive, default);
        await work.CommitAsync(default);
    }

    /// <summary>A enqueues a pre-arrival with exactly these payload bytes for B and records it as sent, as the node does; returns its envelope id.</summary>
    public async Task<string> SendPreArrivalAsync(string mrn, byte[] payload)
    {
        NodeExchange x = Exchange(A);
        await using UnitOfWork work = await x.Gateway.BeginAsync(default);
        EnqueueResult result = await x.Gateway.Outbox.EnqueueAsync(work, new OutgoingMessage("SGSIN", MessageTypes.PreArrival, MessageTypes.Version, mrn, payload), default);
        Envelope sent = result.Envelope!.Envelope;
        await MessageRecords.AddAsync(work, new MessageRecord(sent.Id, MessageRecords.Out, "SGSIN", MessageTypes.PreArrival, mrn, sent.Sequence, "sent", "test", null, x.Time.GetUtcNow()), default);
        await work.CommitAsync(default);
        return sent.Id;
    }

    /// <summary>An HTTP client for <paramref name="node"/> signed in as a development account.</summary>
    public HttpClient Client(WebApplication node, string user) => new()
    {
        BaseAddress = Address(node),
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev"))) },
    };

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<List<MessageRecord>> RecordsAsync(WebApplication node, string mrn)
    {
        await using DbConnection c = await Exchange(node).Db.OpenAsync(default);
        return await MessageRecords.ForKeyAsync(c, mrn, default);
    }

    /// <summary>Moves both nodes' clocks together (a receiver refuses envelopes from too far in its future) and wakes their loops.</summary>
    public void Advance(TimeSpan by)
    {
        foreach (WebApplication node in (WebApplication[])[A, B])
        {
            NodeExchange x = Exchange(node);
            x.TestClock!.Advance(by);
            x.SignalArrival();
            x.Gateway.Sender.Notify();
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (fails after <paramref name="timeout"/> with <paramref name="what"/>); <paramref name="between"/> runs between polls.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, Action? between = null, int timeoutSeconds = 30)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"timed out waiting for: {what}");
            between?.Invoke();
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (WebApplication node in (WebApplication[])[A, B])
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
