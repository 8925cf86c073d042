using System.Text;
using Landsea.Exchange.Receiving;
using Landsea.Exchange.Transport;
using Landsea.Web.Features.Declarations;
using Landsea.Web.ServiceDefaults;

namespace Landsea.Web.Features.Exchange;

/// <summary>
/// Node-to-node exchange inside the node host (issue 3): the gateway, its endpoints, the node's identity, the delivery and
/// hand-over loops, the message log and partner administration. What the messages mean is the Sharing capability's.
/// </summary>
public static class ExchangeFeature
{
    public static void AddExchange(this WebApplicationBuilder builder, NodeOptions options)
    {
        builder.Services.AddOptions<ExchangeNodeOptions>()
            .BindConfiguration(ExchangeNodeOptions.Section)
            .Validate(o => o.MaxAttempts >= 1 && o.HandOverPoll > TimeSpan.Zero, "Exchange:MaxAttempts must be at least 1 and Exchange:HandOverPoll positive.")
            .Validate(o => o.HandOverMaxAttempts >= 1 && o.HandOverBackoff >= TimeSpan.Zero, "Exchange:HandOverMaxAttempts must be at least 1 and Exchange:HandOverBackoff not negative.")
            .Validate(o => o.LoopStuckAfter > TimeSpan.Zero, "Exchange:LoopStuckAfter must be positive.")
            .ValidateOnStart();
        if (ExchangeNodeOptions.TestMode)
        {
            builder.Services.AddSingleton(new TestClock());
        }

        builder.Services.AddSingleton(sp => new NodeExchange(
            sp.GetRequiredService<Data.NodeDatabase>(), sp.GetRequiredService<Offices.CustomsNode>(), options,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExchangeNodeOptions>>(), sp, sp.GetRequiredService<ILoggerFactory>(),
            new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetService<TestClock>(), sp.GetRequiredService<NodeMetrics>()));
        builder.Services.AddSingleton<IDeclarationSection, PartnerMessagesSection>();
        builder.Services.AddHostedService<ExchangeSender>();
        builder.Services.AddHostedService<ExchangeHandOver>();
    }

    public static void MapExchange(this WebApplication app)
    {
        // Anonymous at the HTTP level: trust comes from the envelope's signature against the sender's pinned certificate.
        app.MapPost("/exchange/envelopes", async (HttpRequest request, NodeExchange node, NodeMetrics metrics, CancellationToken ct) =>
        {
            if (string.Equals(request.ContentType?.Split(';')[0].Trim(), BatchCodec.BatchMediaType, StringComparison.OrdinalIgnoreCase))
            {
                // Several envelopes in one request: one transaction, one signed receipt each (ADR 0305).
                IReadOnlyList<ReceiveResult>? batch = await node.Gateway.Receiver.ReceiveBatchAsync(request.Body, request.ContentLength, ct);
                if (batch is null)
                {
                    return Results.Text("batch over the size limits or malformed; send the envelopes one by one", "text/plain", Encoding.UTF8, StatusCodes.Status413PayloadTooLarge);
                }

                foreach (ReceiveResult r in batch)
                {
                    metrics.EnvelopeReceived(r.Outcome.ToString());
                }

                if (batch.Any(r => r.Outcome == Landsea.Exchange.ReceiptOutcome.Received))
                {
                    node.SignalArrival();
                }

                return Results.Bytes(BatchCodec.WriteReceipts(batch.Select(r => r.Receipt.Text)), BatchCodec.ReceiptsMediaType);
            }

            ReceiveResult result = await node.Gateway.Receiver.ReceiveAsync(request.Body, request.ContentLength, ct);
            metrics.EnvelopeReceived(result.Outcome.ToString());
            if (result.Outcome == Landsea.Exchange.ReceiptOutcome.Received)
            {
                node.SignalArrival();
            }

            return Results.Text(result.Receipt.Text, ReceiveResult.ContentType, Encoding.ASCII, result.StatusCode);
        }).AllowAnonymous().DisableAntiforgery().WithTags("Exchange")
          .WithSummary("Receive a signed envelope from a partner node; answers with a signed receipt (application/jose) whose outcome decides");
        app.MapGet("/exchange/identity", (NodeExchange node) => Results.Ok(new NodeIdentityView(
                node.Node.Code, node.Node.Name, node.Gateway.Identity.KeyId, node.Gateway.Identity.CertificatePem)))
            .AllowAnonymous().WithTags("Exchange").WithSummary("This node's code, name and certificate (public): what a partner pins");
        app.MapExchangeApi();
        app.MapQuarantineApi();
        app.MapExchangePages();
        if (ExchangeNodeOptions.TestMode)
        {
            app.MapTestEndpoints();
        }
    }
}

/// <summary>The public identity of a node.</summary>
public sealed record NodeIdentityView(string Code, string Name, string KeyId, string CertificatePem);
