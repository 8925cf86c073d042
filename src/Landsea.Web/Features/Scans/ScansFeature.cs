using System.Collections.Concurrent;
using Landsea.Data;
using Landsea.Data.Scans;
using Landsea.Scans;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// Container scans inside the node host (issue 12 items 1 and 3, first part): <c>POST /api/scans</c> lodges a scan, the
/// reviewer page <c>/scans/{id}</c> shows it in a canvas viewer beside its declaration and the machine checks, and takes
/// a verdict with annotated regions from a customs officer; the review centre (issue 12 item 2) queues lodged scans by
/// priority lane, risk and age, assigns them by workload and skill (<see cref="ReviewJob"/>, <c>/api/scans/queue</c>,
/// <c>/api/scans/{id}/assign</c>), times them and asks for a second review when a verdict disagrees with the machine.
/// </summary>
public static class ScansFeature
{
    public static WebApplicationBuilder AddScans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new ScanStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<ReferenceLibraries>();
        builder.Services.TryAddSingleton<IScanPriority>(sp => new CorridorScanPriority(sp.GetRequiredService<Landsea.Data.CorridorSupervision.CorridorStore>()));
        builder.Services.TryAddSingleton(sp => new ReviewStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IScanPriority>()));
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section);
        builder.Services.TryAddSingleton<ScanExchange>();
        builder.Services.TryAddSingleton(sp => new ScanVerdictTimeline(sp.GetRequiredService<NodeDatabase>()));
        builder.Services.AddSingleton<Landsea.Data.CorridorSupervision.ITimelineContributor>(sp => sp.GetRequiredService<ScanVerdictTimeline>());
        builder.Services.AddSingleton<Landsea.Web.Features.Declarations.IDeclarationSection, ScansSection>();
        builder.Services.AddSingleton<ReviewJob>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReviewJob>());
        return builder;
    }

    public static IEndpointRouteBuilder MapScans(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        LodgeScan.Map(app);
        ReviewPage.Map(app);
        ReviewApi.Map(app);
        return app;
    }
}

/// <summary>The reference library per scan size, simulated once on first use (a few seconds) and kept.</summary>
public sealed class ReferenceLibraries
{
    private readonly ConcurrentDictionary<(int Width, int Height), Lazy<ReferenceLibrary>> _libraries = new();

    public ReferenceLibrary For(int width, int height) =>
        _libraries.GetOrAdd((width, height), size => new Lazy<ReferenceLibrary>(() => ReferenceLibrary.Build(size.Width, size.Height, perHeading: 3))).Value;
}

/// <summary>The review centre's settings (configuration section <c>Scans:Review</c>).</summary>
public sealed class ReviewOptions
{
    public const string Section = "Scans:Review";

    /// <summary>How often the review job assigns waiting scans and checks the timers (default one minute; zero turns it off).</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a scan may wait for a reviewer (first or second review) before an alert.</summary>
    public TimeSpan Unassigned { get; set; } = ReviewTimers.Default.Unassigned;

    /// <summary>How long an assigned scan may wait for its verdict before an alert.</summary>
    public TimeSpan Undecided { get; set; } = ReviewTimers.Default.Undecided;

    /// <summary>Most open scans a reviewer holds before automatic assignment passes them over.</summary>
    public int MaxOpenPerReviewer { get; set; } = ReviewCentre.DefaultMaxOpen;

    /// <summary>Bytes of a scan's bundle per <c>scan-part</c> message (default 448 KiB: an envelope stays under the 1 MiB limit).</summary>
    public int PartBytes { get; set; } = ScanTransfer.DefaultPartBytes;

    public ReviewTimers Timers => new(Unassigned, Undecided);
}
