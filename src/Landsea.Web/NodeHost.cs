using Landsea.Data;
using Landsea.Offices;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.CorridorSupervision;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Features.Origin;
using Landsea.Web.Features.Risk;
using Landsea.Web.Features.Sharing;
using Landsea.Web.Features.Measures;
using Landsea.Web.Features.Scans;
using Landsea.Web.Features.Statistics;
using Landsea.Web.Features.Tariffs;
using Landsea.Web.Features.Transit;
using Landsea.Web.Infrastructure;
using Landsea.Web.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Landsea.Web;

/// <summary>Builds a Landsea node: the table of contents of the web host, one <c>Add</c> and one <c>Map</c> per capability.</summary>
public static class NodeHost
{
    /// <summary>
    /// Builds the node without touching its database or files: the migration, the development accounts and the exchange
    /// identity are start-up steps that run in <c>StartAsync</c>, before the background loops and the server.
    /// </summary>
    /// <param name="options">How the node runs.</param>
    /// <param name="args">Command-line style configuration (for example <c>--urls</c>, <c>--Exchange:MaxAttempts=3</c>).</param>
    /// <param name="configure">Called after the service defaults, before the capabilities register theirs (tests add services here).</param>
    public static Task<WebApplication> BuildAsync(NodeOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Configuration.GetSection(OpenIdSettings.Section).Bind(options.Oidc);
        builder.AddServiceDefaults(options.Oidc.Enabled ? options.Oidc.Authority : null);
        configure?.Invoke(builder);
        builder.AddNode(options);
        builder.AddAccess(options);
        builder.AddDeclarations();
        builder.AddExchange(options);
        builder.AddSharing();
        builder.AddRisk();
        builder.AddTransit();
        builder.AddTariffs();
        builder.AddOrigin();
        builder.AddStatistics();
        builder.AddMeasures();
        builder.AddScans();
        builder.AddCorridor();

        WebApplication app = builder.Build();
        app.UseServiceDefaults();
        app.UseSecurityHeaders();
        app.UseLanguages();
        app.UseAuthentication();
        app.UseCrossSiteRequests();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapAccess(options);
        app.MapDeclarations();
        app.MapExchange();
        app.MapSharing();
        app.MapRisk();
        app.MapTransit();
        app.MapTariffs();
        app.MapOrigin();
        app.MapStatistics();
        app.MapMeasures();
        app.MapScans();
        app.MapCorridor();
        return Task.FromResult(app);
    }

    /// <summary>The node itself: its options, clock, code, database (migrated by the first start-up step) and request limit.</summary>
    private static void AddNode(this WebApplicationBuilder builder, NodeOptions options)
    {
        CustomsNode node = Corridor.FindNode(options.NodeCode)
            ?? throw new ArgumentException($"Unknown node '{options.NodeCode}'; known: {string.Join(", ", Corridor.Nodes.Select(n => n.Code))}.");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxSubmissionBytes + 1024);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System); // a test may register its own clock first
        builder.Services.AddSingleton(NodeDatabase.FromArgument(options.Database));
        builder.Services.AddSingleton(node);
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.WalCheckpointEvery > TimeSpan.Zero, "Storage:WalCheckpointEvery must be positive.").ValidateOnStart();
        builder.Services.AddSingleton<WalCheckpointLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointLoop>());
    }

}
