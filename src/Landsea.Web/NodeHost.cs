using Landsea.Data;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Offices;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Features.Risk;
using Scalar.AspNetCore;

namespace Landsea.Web;

/// <summary>Builds a Landsea node: the table of contents of the web host.</summary>
public static class NodeHost
{
    public static async Task<WebApplication> BuildAsync(NodeOptions options, string[]? args = null, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // Logs go to standard error, so that commands hosting a node keep standard output for their results (--json).
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxSubmissionBytes + 1024);
        configure?.Invoke(builder);

        CustomsNode node = Corridor.FindNode(options.NodeCode)
            ?? throw new ArgumentException($"Unknown node '{options.NodeCode}'; known: {string.Join(", ", Corridor.Nodes.Select(n => n.Code))}.");
        NodeDatabase db = NodeDatabase.FromArgument(options.Database);
        await db.MigrateAsync();

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton(node);
        builder.Services.AddDeclarations();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddNodeAuthentication(options);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.AddExchangeFeature(options);
        builder.AddRiskFeature(options);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });

        WebApplication app = builder.Build();
        if (options.Development)
        {
            await NodeAuthentication.SeedDevelopmentAccountsAsync(app.Services.GetRequiredService<UserStore>());
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", (NodeDatabase d) => Results.Ok(new { status = "ok", node = node.Code, name = node.Name, database = d.Provider.ToString() }))
            .AllowAnonymous().WithTags("Node").WithSummary("Liveness: the node answers and knows its database");
        app.MapGet("/api/me", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(NodeAuthentication.ScopeOf(user)))
            .RequireAuthorization().WithTags("Node").WithSummary("Who the caller is and what it may see");
        app.MapOpenApi();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("Landsea node API"));
        app.MapAccessPages(options);
        app.MapDeclarationsApi();
        app.MapDeclarationPages();
        app.MapExchangeFeature(options);
        app.MapRiskFeature(options);
        return app;
    }
}
