using System.Collections.Concurrent;
using Landsea.Data;
using Landsea.Data.Scans;
using Landsea.Scans;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// Container scans inside the node host (issue 12 items 1 and 3, first part): <c>POST /api/scans</c> lodges a scan, the
/// reviewer page <c>/scans/{id}</c> shows it in a canvas viewer beside its declaration and the machine checks, and takes
/// a verdict with annotated regions from a customs officer.
/// </summary>
public static class ScansFeature
{
    public static WebApplicationBuilder AddScans(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new ScanStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<ReferenceLibraries>();
        return builder;
    }

    public static IEndpointRouteBuilder MapScans(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        LodgeScan.Map(app);
        ReviewPage.Map(app);
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
