using System.Data.Common;
using System.Net;
using System.Text;
using Landsea.Exchange.Delivery;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Storage;
using Landsea.Exchange.Tests.Infrastructure;
using Landsea.Exchange.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Landsea.Exchange.Tests.Transport;

/// <summary>Real HTTP on loopback: Singapore's receiver behind Kestrel on 127.0.0.1 (port 0), Chongqing's sender using HttpClient.</summary>
public sealed class HttpLoopbackTests(SqliteDatabases databases) : IClassFixture<SqliteDatabases>
{
    [Fact]
    public async Task DeliverDue_OverHttp_ReceivedAndReceiptVerified()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        await using WebApplication app = await StartReceiverAsync(pair.B.Receiver);
        using var client = new HttpClient();
        var sender = new OutboxSender(databases.A, pair.A.Identity, pair.A.Audit, new HttpExchangeTransport(client), new DeliveryOptions(), pair.Time);
        await PointAtAsync(pair, app);
        await pair.SendAsync(NodePair.PreArrival, "26CNCQI0000000017", """{"mrn":"26CNCQI0000000017","consignor":{"name":"X","taxId":"secret"}}""");

        DeliveryPass pass = await sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(1, 0, 0), pass);
        Assert.Equal("""{"mrn":"26CNCQI0000000017","consignor":{"name":"X"}}""", Encoding.UTF8.GetString(Assert.Single(await pair.HandOverAtBAsync()).Payload.Span));
        sender.Dispose();
    }

    [Fact]
    public async Task Post_OversizedBody_413WithSignedTooLargeReceipt()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        await using WebApplication app = await StartReceiverAsync(pair.B.Receiver);
        using var client = new HttpClient();

        using HttpResponseMessage response = await client.PostAsync(Endpoint(app), new ByteArrayContent(new byte[200_000]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Receipt? receipt = ReceiptCodec.Verify(await response.Content.ReadAsStringAsync(), pair.B.Identity.Certificate);
        Assert.Equal(ReceiptOutcome.TooLarge, receipt?.Outcome);
    }

    [Fact]
    public async Task DeliverDue_ReceiverNotListening_RetriesWithoutCountingTowardDeadLetter()
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        using var client = new HttpClient();
        var sender = new OutboxSender(databases.A, pair.A.Identity, pair.A.Audit, new HttpExchangeTransport(client), new DeliveryOptions { MaxAttempts = 1 }, pair.Time);
        await pair.InTransactionAsync(pair.A, work => pair.A.Partners.SaveAsync(work, new Partner("SGSIN", "Singapore Customs", new Uri("http://127.0.0.1:9/exchange"), pair.B.Identity.Certificate), default));
        await pair.SendAsync(NodePair.ControlResult, "26CN1", "{}");

        DeliveryPass pass = await sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(0, 1, 0), pass);
        sender.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DeliverDue_ManyEnvelopes_OneBatchRequest_OrOneByOneWhenThePartnerHasNoBatches(bool batches)
    {
        using NodePair pair = await NodePair.CreateAsync(databases);
        await using WebApplication app = await StartReceiverAsync(pair.B.Receiver, batches);
        using var client = new HttpClient();
        var sender = new OutboxSender(databases.A, pair.A.Identity, pair.A.Audit, new HttpExchangeTransport(client), new DeliveryOptions(), pair.Time);
        await PointAtAsync(pair, app);
        for (int i = 0; i < 5; i++)
        {
            await pair.SendAsync(NodePair.ControlResult, "26CNB" + i, "{}");
        }

        DeliveryPass pass = await sender.DeliverDueAsync(default);

        Assert.Equal(new DeliveryPass(5, 0, 0), pass);
        Assert.Equal(5, (await pair.HandOverAtBAsync()).Count);
        sender.Dispose();
    }

    private static async Task<WebApplication> StartReceiverAsync(ExchangeReceiver receiver, bool batches = false)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.MapPost("/exchange/v1/envelopes", async (HttpRequest request, CancellationToken ct) =>
        {
            if (batches && request.ContentType == BatchCodec.BatchMediaType)
            {
                IReadOnlyList<ReceiveResult>? batch = await receiver.ReceiveBatchAsync(request.Body, request.ContentLength, ct);
                return batch is null
                    ? Results.StatusCode(StatusCodes.Status413PayloadTooLarge)
                    : Results.Bytes(BatchCodec.WriteReceipts(batch.Select(r => r.Receipt.Text)), BatchCodec.ReceiptsMediaType);
            }

            ReceiveResult result = await receiver.ReceiveAsync(request.Body, request.ContentLength, ct);
            return Results.Text(result.Receipt.Text, ReceiveResult.ContentType, Encoding.ASCII, result.StatusCode);
        });
        await app.StartAsync();
        return app;
    }

    private static Uri Endpoint(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/exchange/v1/envelopes");

    private static Task PointAtAsync(NodePair pair, WebApplication app) =>
        pair.InTransactionAsync(pair.A, (UnitOfWork work) =>
            pair.A.Partners.SaveAsync(work, new Partner("SGSIN", "Singapore Customs", Endpoint(app), pair.B.Identity.Certificate), default));
}
