using Landsea.Data.Declarations;
using Landsea.Data.Sharing;
using Landsea.Web.Features.Exchange;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Sharing;

/// <summary>
/// The business flows between nodes (pre-arrival on export release, anticipated arrival and its confirmation, control
/// results): the decisions are in Landsea.Domain's <c>Sharing</c> folder; what a node sends in its business transactions
/// (<see cref="SharingOutbox"/>, <see cref="ShareDeclarationChange"/>, <see cref="ForwardControlResult"/>) in Landsea.Data's;
/// what it does with received envelopes and the officers' actions here; the transport in the exchange gateway.
/// </summary>
public static class SharingFeature
{
    /// <summary>Registers the flows. Call after <c>AddExchange</c> and before the risk feature (observers run in registration order).</summary>
    public static void AddSharing(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new SharingOutbox(sp.GetRequiredService<NodeExchange>().Gateway.Outbox, sp.GetRequiredService<NodeExchange>().Time,
            sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<IDeclarationObserver, ShareDeclarationChange>();
        builder.Services.AddSingleton<IInspectionOutcomeSink, ForwardControlResult>();
        builder.Services.AddSingleton<ConfirmArrival>();
        builder.Services.AddSingleton<RecordInspection>();
        builder.Services.TryAddSingleton<IEnvelopeApplier, ApplyReceived>(); // a test may register its own first (a failing one, issue 17)
    }

    /// <summary>The officers' actions on partner goods (API and page forms).</summary>
    public static void MapSharing(this WebApplication app)
    {
        ConfirmArrival.Map(app);
        RecordInspection.Map(app);
    }
}
