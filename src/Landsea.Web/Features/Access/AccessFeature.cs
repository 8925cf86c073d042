using Landsea.Data.Access;

namespace Landsea.Web.Features.Access;

/// <summary>Who may do what on the node: accounts, sign-in (basic, cookies, OpenID Connect), the sign-in pages.</summary>
public static class AccessFeature
{
    public static void AddAccess(this WebApplicationBuilder builder, NodeOptions options)
    {
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddNodeAuthentication(options);
        if (options.Development)
        {
            // Runs after the database start-up step (hosted services start in registration order).
            builder.Services.AddHostedService<DevelopmentAccountsSeeding>();
        }
    }

    /// <summary>Authentication and authorization middleware, then the sign-in pages and <c>/api/me</c>.</summary>
    public static void MapAccess(this WebApplication app, NodeOptions options)
    {
        app.MapGet("/api/me", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(NodeAuthentication.ScopeOf(user)))
            .RequireAuthorization().WithTags("Node").WithSummary("Who the caller is and what it may see");
        app.MapAccessPages(options);
    }

    /// <summary>Seeds the documented development accounts at start-up (development mode only).</summary>
    private sealed class DevelopmentAccountsSeeding(UserStore users) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => NodeAuthentication.SeedDevelopmentAccountsAsync(users);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
