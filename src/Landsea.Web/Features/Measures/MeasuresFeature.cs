using System.Globalization;
using Landsea.Data;
using Landsea.Data.Measures;
using Landsea.Measures;
using Landsea.Offices;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Measures;

/// <summary>
/// TBT/SPS measure tracking inside the node host (issue 14 part A, docs/measures.md): the register page <c>/measures</c>
/// with the node's matched traffic, its API <c>/api/measures</c>, the officers' entry page <c>/measures/new</c>, the
/// alerts page <c>/measures/alerts</c> (traders' subscriptions; officers' measures for their office's traffic) and the
/// alerts feed <c>/api/measures/alerts</c> in Atom and JSON.
/// </summary>
public static class MeasuresFeature
{
    public static WebApplicationBuilder AddMeasures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new MeasureStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton(sp => new MeasureTraffic(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<CustomsNode>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapMeasures(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder api = app.MapGroup("/api/measures").RequireAuthorization().WithTags("Measures");
        RegisterApi.Map(api);
        AlertsFeed.Map(api);
        RegisterPage.Map(app);
        EntryPage.Map(app);
        AlertsPage.Map(app);
        return app;
    }

    /// <summary>The page address of one notification in the register.</summary>
    internal static string Href(string symbol) => "/measures?symbol=" + Uri.EscapeDataString(symbol) + "#m-" + Anchor(symbol);

    /// <summary>An HTML id for a symbol: G/TBT/N/THA/712/Add.1 => G-TBT-N-THA-712-Add-1.</summary>
    internal static string Anchor(string symbol) => string.Concat(symbol.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    /// <summary>"12 days left", "closes today", "closed 2026-01-10", or "no deadline".</summary>
    internal static string DaysLeft(Notification n, DateOnly today) => n.DaysToComment(today) switch
    {
        null => "no comment deadline",
        0 => "comments close today",
        > 0 and int d => string.Create(CultureInfo.InvariantCulture, $"{d} day(s) left to comment"),
        _ => string.Create(CultureInfo.InvariantCulture, $"comment period closed {n.CommentDeadline:yyyy-MM-dd}"),
    };

    internal static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
