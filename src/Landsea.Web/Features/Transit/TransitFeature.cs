using Landsea.Data;
using Landsea.Data.Sharing;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Transit;

namespace Landsea.Web.Features.Transit;

/// <summary>
/// The transit capability of the web host (NCTS phase 5 at the office of departure): the store and the API under
/// <c>/api/transit</c>. The node's administration (its NTA.xx recipient, its offices, the office list) follows from its
/// node code (<see cref="TransitAdministration.For"/>); which declarations are controlled before release comes from
/// <see cref="TransitControlSettings"/> (none by default; register another before <c>AddTransit</c> to change it).
/// </summary>
public static class TransitFeature
{
    public static WebApplicationBuilder AddTransit(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TransitControlSettings.None);
        builder.Services.AddSingleton(sp => new TransitStore(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CustomsNode>(), sp.GetServices<TransitControlSettings>().First(), sp.GetService<SharingOutbox>(),
            // The risk rules control a movement from the score at which a declaration goes yellow (Landsea:Risk:YellowScore).
            sp.GetService<Landsea.Risk.RiskSettings>()?.YellowScore ?? new Landsea.Risk.RiskSettings().YellowScore));
        return builder;
    }

    /// <summary>Every transit endpoint, one use case per file: <see cref="Lodge"/>, <see cref="List"/>, <see cref="Show"/>, <see cref="Act"/>, <see cref="Guarantees"/>; the pages in <see cref="Pages"/>.</summary>
    public static WebApplication MapTransit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder api = app.MapGroup("/api/transit").RequireAuthorization().WithTags("Transit");
        Lodge.Map(api);
        List.Map(api);
        Show.Map(api);
        Act.Map(api);
        Guarantees.Map(api);
        Pages.Map(app);
        return app;
    }
}
