using Landsea.CorridorSupervision;
using Landsea.Data;
using Landsea.Data.CorridorSupervision;
using Landsea.Data.Sharing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.CorridorSupervision;

/// <summary>
/// Corridor supervision inside the node host (issue 11, docs/corridor.md): the DCSA events API and subscriptions
/// (<c>/api/corridor/v2/events</c>), consignments, timelines, seal checks and alerts (<c>/api/corridor/...</c>), the
/// pages <c>/corridor</c> (map and arrivals) and <c>/corridor/consignments/{id}</c> (timeline), the alert job and the
/// subscription pusher. A later capability adds timeline entries by registering an <see cref="ITimelineContributor"/>.
/// </summary>
public static class CorridorFeature
{
    public static WebApplicationBuilder AddCorridor(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(RouteBook.Shipped);
        // Seal incidents go to the office of departure's node over the exchange when the node shares at all.
        builder.Services.TryAddSingleton(sp => new CorridorStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RouteBook>(), sp.GetServices<ITimelineContributor>(),
            sp.GetService<SharingOutbox>() is { } outbox && sp.GetService<Landsea.Offices.CustomsNode>() is { } node ? new ShareSealIncidents(outbox, node) : null));
        builder.Services.AddOptions<CorridorOptions>().BindConfiguration(CorridorOptions.Section);
        builder.Services.AddSingleton<AlertJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertJob>());
        builder.Services.AddHttpClient(EventPusher.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddSingleton<EventPusher>();
        builder.Services.AddHostedService<EventPushLoop>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCorridor(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        EventsApi.Map(app.MapGroup("/api/corridor/v2").RequireAuthorization().WithTags("Corridor events (DCSA T&T 2.2)"));
        ConsignmentsApi.Map(app.MapGroup("/api/corridor").RequireAuthorization().WithTags("Corridor"));
        MapPage.Map(app);
        TimelinePage.Map(app);
        ClearanceTimesPage.Map(app);
        return app;
    }
}

/// <summary>Settings of corridor supervision (section <c>Corridor</c>), with their defaults.</summary>
public sealed class CorridorOptions
{
    public const string Section = "Corridor";

    /// <summary>How often the alert job scans (default one minute; zero turns it off, for a test that scans itself).</summary>
    public TimeSpan AlertsEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often subscriptions are pushed (default two seconds; zero turns the push off).</summary>
    public TimeSpan PushEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Grace after an ETA before a consignment is overdue (at least; 25 % of the leg otherwise).</summary>
    public TimeSpan OverdueGrace { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A stop longer than this is a long stop.</summary>
    public TimeSpan LongStop { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The trader identifiers (EORI, USCC, UEN) of the authorised traders (AEO) this administration recognises: only they,
    /// besides officers, flag their own consignments for the priority lane. Empty by default (then only officers flag).
    /// </summary>
    public System.Collections.ObjectModel.Collection<string> AuthorisedTraders { get; } = [];

    public AlertSettings Alerts => new() { MinimumGrace = OverdueGrace, LongStop = LongStop };
}
