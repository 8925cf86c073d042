using Landsea.Data;
using Landsea.Data.Statistics;
using Landsea.Offices;
using Landsea.Statistics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Statistics;

/// <summary>
/// Foreign-trade statistics inside the node host (issue 14 items 5 and 7): the API <c>/api/statistics/trade</c>, the page
/// <c>/statistics</c> with its charts, and the CSV downloads. The figures aggregate every trader's declarations, so
/// officers and auditors read them; traders, partners and administrators do not.
/// </summary>
public static class StatisticsFeature
{
    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new TradeQueries(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<CustomsNode>()));
        builder.Services.TryAddSingleton(sp => new OfficialTradeStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        TradeApi.Map(app.MapGroup("/api/statistics").RequireAuthorization().WithTags("Statistics"));
        TradePage.Map(app);
        return app;
    }

    /// <summary>The published aggregates loaded into the node's database, or the shipped files when none are loaded.</summary>
    internal static async Task<IReadOnlyList<OfficialTradeRow>> OfficialRowsAsync(OfficialTradeStore store, CancellationToken ct)
    {
        IReadOnlyList<OfficialTradeRow> stored = await store.AllAsync(ct);
        return stored.Count > 0 ? stored : ShippedStatistics.Rows();
    }
}
