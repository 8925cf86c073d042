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
            .Validate(o => o.MaxRequestBytes is >= 64 * 1024 and <= 512 * 1024 * 1024, "Exchange:MaxRequestBytes must be between 64 KiB and 512 MiB.")
            .Validate(o => o.Limits.IsValid, "Exchange:Limits: requests must be at least 1, windows and the summary interval positive.")
            .Validate(o => o.HandOverMaxAttempts >= 1 && o.HandOverBackoff >= TimeSpan.Zero, "Exchange:HandOverMaxAttempts must be at least 1 and Exchange:HandOverBackoff not negative.")
            .Validate(o => o.LoopStuckAfter > TimeSpan.Zero, "Exchange:LoopStuckAfter must be positive.")
            .ValidateOnStart();
        if (ExchangeNodeOptions.TestMode)
        {
            builder.Services.AddSingleton(new TestClock());
        }

        builder.Services.AddSingleton(sp =>
        {
            var exchangeOptions = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ExchangeNodeOptions>>();
            var node = new NodeExchange(
                sp.GetRequiredService<Data.NodeDatabase>(), sp.GetRequiredService<Offices.CustomsNode>(), options,
                exchangeOptions, sp, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetService<TestClock>());
            // NodeExchange builds the gateway with the receiver's defaults; the node's configured limits apply here, before any request.
            node.Gateway.Receiver.Options.MaxRequestBytes = exchangeOptions.Value.MaxRequestBytes;
            node.Gateway.Receiver.Refusals.Interval = exchangeOptions.Value.Limits.SummaryInterval;
            return node;
        });
        builder.Services.AddExchangeLimiting();

        // HTTPS (an https:// address in --urls) is served with the node's own certificate, the one partners pin, unless Kestrel is
        // given another (Kestrel:Certificates:Default, or per endpoint): ADR 0406. The certificate is read on each handshake, so
        // the node serves its current key's.
        builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves https:// addresses out otherwise
        if (builder.Configuration["Kestrel:Certificates:Default:Path"] is null && builder.Configuration["Kestrel:Certificates:Default:Subject"] is null)
        {
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
                https.ServerCertificateSelector = (_, _) => k.ApplicationServices.GetRequiredService<NodeExchange>().Gateway.Identity.TlsCertificate));
        }
        builder.Services.AddSingleton<IDeclarationSection, PartnerMessagesSection>();
        builder.Services.AddHostedService<ExchangeSender>();
        builder.Services.AddHostedService<ExchangeHandOver>();
    }

    public static void MapExchange(this WebApplication app)
    {
        // Anonymous at the HTTP level: trust comes from the envelope's signature against the sender's pinned certificate.
        // The rate limiter runs here, after routing, for the endpoints that name its policy.
        app.UseRateLimiter();
        app.MapPost("/exchange/envelopes", ReceiveEnvelopes.HandleAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(ExchangeLimiting.SourcePolicy)
            .WithTags("Exchange")
            .WithSummary("Receive a signed envelope (or a batch) from a partner node; answers with signed receipts (application/jose) whose outcome decides; 429 with Retry-After over a rate limit");
        app.MapPost("/exchange/held-head", HeldHead.HandleAsync).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(ExchangeLimiting.SourcePolicy)
            .WithTags("Exchange")
            .WithSummary("A partner's signed query for the newest audit head this node holds from it; answers the partner's own receipt carrying it");
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
