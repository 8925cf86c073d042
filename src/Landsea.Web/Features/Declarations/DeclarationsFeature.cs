using Landsea.Data;
using Landsea.Data.Declarations;
using Landsea.Offices;

namespace Landsea.Web.Features.Declarations;

/// <summary>The declarations capability of the web host: its services and its endpoints (API and pages).</summary>
public static class DeclarationsFeature
{
    /// <summary>
    /// The group-committing <see cref="DeclarationWriter"/> (with every registered <see cref="IDeclarationObserver"/>) and the
    /// <see cref="DeclarationQueries"/>. Needs <see cref="NodeDatabase"/>, <see cref="CustomsNode"/> and <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddDeclarations(this IServiceCollection services)
    {
        services.AddSingleton(sp => new DeclarationWriter(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CustomsNode>(), sp.GetServices<IDeclarationObserver>()));
        services.AddSingleton(sp => new DeclarationQueries(sp.GetRequiredService<NodeDatabase>()));
        return services;
    }

    /// <summary>The REST API under <c>/api/declarations</c> and <c>/api/submissions</c>, and the officer pages.</summary>
    public static WebApplication MapDeclarations(this WebApplication app)
    {
        app.MapDeclarationsApi();
        app.MapDeclarationPages();
        return app;
    }
}
