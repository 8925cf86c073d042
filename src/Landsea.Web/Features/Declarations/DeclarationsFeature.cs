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
    public static WebApplicationBuilder AddDeclarations(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddSingleton(sp => new DeclarationWriter(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<CustomsNode>(), sp.GetServices<IDeclarationObserver>(), sp.GetService<IControlStateSource>()));
        services.AddSingleton(sp => new DeclarationQueries(sp.GetRequiredService<NodeDatabase>()));
        services.AddSingleton(sp => new NotificationFeed(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new IdempotencyKeys(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new NotificationCallbacks(sp.GetRequiredService<NodeDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(CallbackPusher.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<CallbackPusher>();
        services.AddHostedService<CallbackPushLoop>();
        return builder;
    }

    /// <summary>
    /// Every declarations endpoint: the REST API under <c>/api/declarations</c> and <c>/api/submissions</c>, and the officer
    /// pages. One use case per file: <see cref="Lodge"/>, <see cref="List"/>, <see cref="Show"/>, <see cref="Decide"/>,
    /// <see cref="Notifications"/>, <see cref="Submissions"/>.
    /// </summary>
    public static WebApplication MapDeclarations(this WebApplication app)
    {
        app.MapDeclarationsApi();
        app.MapDeclarationPages();
        return app;
    }

    /// <summary>The REST API alone; <see cref="MapDeclarations"/> maps it with the pages.</summary>
    public static void MapDeclarationsApi(this WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/declarations").RequireAuthorization().WithTags("Declarations");
        Lodge.Map(api);
        List.MapApi(api);
        Show.MapApi(api);
        Decide.MapApi(api);
        Notifications.Map(api);
        Feed.Map(app);
        Callbacks.Map(app);
        Submissions.Map(app);
    }

    /// <summary>The officer pages alone; <see cref="MapDeclarations"/> maps them with the API.</summary>
    public static void MapDeclarationPages(this WebApplication app)
    {
        List.MapPage(app);
        LodgePage.Map(app);
        Show.MapPage(app);
        Decide.MapPage(app);
    }
}
