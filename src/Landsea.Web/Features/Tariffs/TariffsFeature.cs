using Landsea.Data;
using Landsea.Data.Tariffs;
using Landsea.Tariffs;
using Landsea.Web.Features.Declarations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web.Features.Tariffs;

/// <summary>
/// Tariffs inside the node host (issue 13 items 4 and 6): advice stored with a declaration (API and the declaration
/// page's section), the lookup page <c>/tariffs</c> and the origin check form <c>/tariffs/origin-check</c>.
/// </summary>
public static partial class TariffsFeature
{
    public static WebApplicationBuilder AddTariffs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(sp => new TariffStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<AdviceStore>();
        builder.Services.AddSingleton<TariffBooks>();
        builder.Services.AddSingleton<IDeclarationSection, AdviceSection>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTariffs(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder declarations = app.MapGroup("/api/declarations/{mrn}").RequireAuthorization().WithTags("Tariffs");
        Advice.Map(declarations, app);
        LookupPage.Map(app);
        OriginCheckPage.Map(app);
        return app;
    }

    internal static ILogger Logger(ILoggerFactory logs) => logs.CreateLogger("Landsea.Tariffs");

    /// <summary>The tariffs area's log messages (identifiers only).</summary>
    internal static partial class Log
    {
        [LoggerMessage(7301, LogLevel.Information, "Tariff advice for {Mrn} stored ({Items} item(s)) for {User}")]
        public static partial void AdviceStored(ILogger logger, string mrn, int items, string user);
    }
}

/// <summary>The tariff lines a node answers with: those loaded into its database, or the shipped ones when none are loaded.</summary>
public sealed class TariffBooks(TariffStore store)
{
    public async Task<TariffBook> CurrentAsync(CancellationToken ct)
    {
        TariffBook stored = await store.BookAsync(ct);
        return stored.Count > 0 ? stored : TariffBook.Shipped;
    }
}
