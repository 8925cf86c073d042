using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Outbox;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Tests.Infrastructure;
using Landsea.Exchange.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Landsea.Exchange.Tests.Transport;

/// <summary>
/// Issue 16 item 6: two nodes talk HTTPS on loopback, each serving its own node certificate; each accepts only the
/// certificate it pins for the other (or one from the partner administration's CA), and a key rollover keeps them talking.
/// </summary>
public sealed class TlsLoopbackTests(SqliteDatabases databases) : IClassFixture<SqliteDatabases>
{
    [Fact]
    public async Task Two_nodes_over_tls_accept_only_the_pinned_certificate_both_ways()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        await using Node b = await Node.StartAsync(pair.B.Identity.TlsCertificate, pair.B.Receiver);
        await using Node a = await Node.StartAsync(pair.A.Identity.TlsCertificate, pair.A.Receiver);
        await PinAsync(pair, a, b);
        for (int i = 0; i < 3; i++)
        {
            await pair.SendAsync(NodePair.PreArrival, $"26CNCQI000000000{i}", $$"""{"mrn":"26CNCQI000000000{{i}}"}""");
        }

        await SendDecisionFromBAsync(pair);

        Assert.Equal(new DeliveryPass(3, 0, 0), await DeliverAsync(pair.A, pair)); // one batch request over TLS
        Assert.Equal(new DeliveryPass(1, 0, 0), await DeliverAsync(pair.B, pair));

        // The same endpoint pinned to another certificate: the handshake fails, nothing is sent, the envelope waits.
        using NodeIdentity stranger = NodeIdentity.Create("SGSIN", "Not Singapore", pair.Time);
        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SaveAsync(work, new Partner("SGSIN", "Singapore Customs", b.Endpoint, stranger.Certificate), default));
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000009", "{}");

        Assert.Equal(new DeliveryPass(0, 1, 0), await DeliverAsync(pair.A, pair));
        Assert.Equal("SecureConnectionError", await LastErrorAsync(pair.A));
        Assert.Equal(1, b.Posts); // the one batch request; the refused handshake reached no endpoint
    }

    [Fact]
    public async Task After_a_key_rollover_over_tls_both_keys_are_accepted_for_the_overlap_then_only_the_new_one()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        await using Node b = await Node.StartAsync(pair.B.Identity.TlsCertificate, pair.B.Receiver);
        await using Node a = await Node.StartAsync(pair.A.Identity.TlsCertificate, pair.A.Receiver);
        await PinAsync(pair, a, b);

        // Singapore rolls over; the announcement (old key) and a decision (new key) travel to Chongqing in one TLS request.
        using NodeIdentity next = pair.B.Identity.CreateSuccessor(pair.Time);
        await pair.InTransactionAsync(pair.B, work => pair.B.Outbox.EnqueueKeyRolloverAsync(work, "CNCQI", next, pair.Time.GetUtcNow().AddDays(14), default));
        using var restarted = new ExchangeGateway(databases.B, next, pair.Transport, pair.Time, new ExchangeOptions { CheckpointEvery = 5 });
        await pair.InTransactionAsync(restarted, work => restarted.Outbox.EnqueueAsync(work,
            new OutgoingMessage("CNCQI", NodePair.Decision, "1", "26CNCQI0000000001", Encoding.UTF8.GetBytes("""{"decision":"accept"}""")), default));
        Assert.Equal(new DeliveryPass(2, 0, 0), await DeliverAsync(restarted, pair));

        // Chongqing now pins the new certificate, and still the old one for the overlap (a node not yet restarted serves it).
        b.Serve(next.TlsCertificate, restarted.Receiver);
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000002", "{}");
        Assert.Equal(new DeliveryPass(1, 0, 0), await DeliverAsync(pair.A, pair));
        b.Serve(pair.B.Identity.TlsCertificate, restarted.Receiver);
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000003", "{}");
        Assert.Equal(new DeliveryPass(1, 0, 0), await DeliverAsync(pair.A, pair));

        pair.Time.Advance(TimeSpan.FromDays(15));
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000004", "{}");
        Assert.Equal(new DeliveryPass(0, 1, 0), await DeliverAsync(pair.A, pair));
        b.Serve(next.TlsCertificate, restarted.Receiver);
        pair.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(new DeliveryPass(1, 0, 0), await DeliverAsync(pair.A, pair));
    }

    [Fact]
    public async Task A_partner_pinned_by_its_administrations_ca_is_accepted_with_a_certificate_it_issued_for_the_host()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        using X509Certificate2 ca = CreateAuthority("Singapore Customs CA", pair.Time.GetUtcNow());
        using X509Certificate2 otherCa = CreateAuthority("Another CA", pair.Time.GetUtcNow());
        using X509Certificate2 server = Issue(ca, "127.0.0.1", pair.Time.GetUtcNow());
        await using Node b = await Node.StartAsync(server, pair.B.Receiver);
        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SaveAsync(work,
            new Partner("SGSIN", "Singapore Customs", b.Endpoint, pair.B.Identity.Certificate) { TlsAuthority = ca }, default));
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000001", "{}");

        Assert.Equal(new DeliveryPass(1, 0, 0), await DeliverAsync(pair.A, pair));

        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SaveAsync(work,
            new Partner("SGSIN", "Singapore Customs", b.Endpoint, pair.B.Identity.Certificate) { TlsAuthority = otherCa }, default));
        await pair.SendAsync(NodePair.ControlResult, "26CNCQI0000000002", "{}");

        Assert.Equal(new DeliveryPass(0, 1, 0), await DeliverAsync(pair.A, pair));
    }

    /// <summary>One delivery pass of <paramref name="node"/> through fresh pinned clients (no TLS connection reused from before).</summary>
    private static async Task<DeliveryPass> DeliverAsync(ExchangeGateway node, NodePair pair)
    {
        using var clients = new PartnerHttpClients(pair.Time);
        using var sender = new OutboxSender(node.Database, node.Identity, node.Audit, new HttpExchangeTransport(clients), new DeliveryOptions(), pair.Time);
        return await sender.DeliverDueAsync(default);
    }

    private static async Task PinAsync(NodePair pair, Node a, Node b)
    {
        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SaveAsync(work, new Partner("SGSIN", "Singapore Customs", b.Endpoint, pair.B.Identity.Certificate), default));
        await pair.InTransactionAsync(pair.B, work => pair.B.Partners.SaveAsync(work, new Partner("CNCQI", "Chongqing Customs", a.Endpoint, pair.A.Identity.Certificate), default));
    }

    private static Task<EnqueueResult> SendDecisionFromBAsync(NodePair pair) =>
        pair.InTransactionAsync(pair.B, work => pair.B.Outbox.EnqueueAsync(work,
            new OutgoingMessage("CNCQI", NodePair.Decision, "1", "26CNCQI0000000000", Encoding.UTF8.GetBytes("""{"decision":"accept"}""")), default));

    private static async Task<string?> LastErrorAsync(ExchangeGateway node)
    {
        await using DbConnection connection = await node.Database.OpenAsync(default);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = "SELECT last_error FROM exchange_outbox WHERE delivered_at IS NULL";
        return (string?)await command.ExecuteScalarAsync();
    }

    private static X509Certificate2 CreateAuthority(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string ip, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={ip}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse(ip));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using X509Certificate2 issued = request.Create(authority, now.AddHours(-1), now.AddDays(30), [1, 2, 3, 4]);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A node's exchange endpoint behind Kestrel on 127.0.0.1 over HTTPS; what it serves and who receives can change.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private X509Certificate2 _certificate;
        private ExchangeReceiver _receiver;
        private int _posts;

        private Node(WebApplication app, X509Certificate2 certificate, ExchangeReceiver receiver)
        {
            _app = app;
            _certificate = certificate;
            _receiver = receiver;
        }

        public Uri Endpoint => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/exchange/v1/envelopes");

        public int Posts => _posts;

        public static async Task<Node> StartAsync(X509Certificate2 certificate, ExchangeReceiver receiver)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            Node? node = null;
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificateSelector = (_, _) => node!._certificate,
            })));
            WebApplication app = builder.Build();
            node = new Node(app, certificate, receiver);
            app.MapPost("/exchange/v1/envelopes", async (HttpRequest request, CancellationToken ct) =>
            {
                Interlocked.Increment(ref node._posts);
                if (request.ContentType == BatchCodec.BatchMediaType)
                {
                    IReadOnlyList<ReceiveResult>? batch = await node._receiver.ReceiveBatchAsync(request.Body, request.ContentLength, ct);
                    return batch is null
                        ? Results.StatusCode(StatusCodes.Status413PayloadTooLarge)
                        : Results.Bytes(BatchCodec.WriteReceipts(batch.Select(r => r.Receipt.Text)), BatchCodec.ReceiptsMediaType);
                }

                ReceiveResult result = await node._receiver.ReceiveAsync(request.Body, request.ContentLength, ct);
                return Results.Text(result.Receipt.Text, ReceiveResult.ContentType, Encoding.ASCII, result.StatusCode);
            });
            await app.StartAsync();
            return node;
        }

        public void Serve(X509Certificate2 certificate, ExchangeReceiver receiver) => (_certificate, _receiver) = (certificate, receiver);

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
