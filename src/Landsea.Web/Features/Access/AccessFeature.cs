using Landsea.Data.Access;
using Landsea.Web.Infrastructure;

namespace Landsea.Web.Features.Access;

/// <summary>Who may do what on the node: accounts, sign-in (basic, cookies, OpenID Connect), the sign-in pages.</summary>
public static class AccessFeature
{
    public static void AddAccess(this WebApplicationBuilder builder, NodeOptions options)
    {
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddOptions<SignInThrottling>().BindConfiguration(SignInThrottling.Section)
            .Validate(o => o.IsValid, "SignIn: failure counts and times must be positive, and KeepFor at least Window + LockoutFor.").ValidateOnStart();
        builder.Services.AddSingleton(sp => new SignInAttempts(
            sp.GetRequiredService<Landsea.Data.NodeDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInThrottling>>().Value));
        builder.Services.AddCrossSiteRequests();
        builder.Services.AddNodeAuthentication(options);
        builder.AddAdminAccounts();
        if (options.Development)
        {
            // Runs after the database start-up step (hosted services start in registration order).
            builder.Services.AddHostedService<DevelopmentAccountsSeeding>();
        }
        else
        {
            builder.Services.AddHostedService<DevelopmentAccountsGuard>();
        }
    }

    /// <summary>Authentication and authorization middleware, then the sign-in pages and <c>/api/me</c>.</summary>
    public static void MapAccess(this WebApplication app, NodeOptions options)
    {
        app.MapGet("/api/me", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(NodeAuthentication.ScopeOf(user)))
            .RequireAuthorization().WithTags("Node").WithSummary("Who the caller is and what it may see");
        app.MapAccessPages(options);
        app.MapAdminAccounts();
    }

    /// <summary>
    /// Production mode: a database that still holds development accounts with the published password (it was served
    /// in development mode once) is not served, unless the operator asked for them to be removed.
    /// </summary>
    private sealed class DevelopmentAccountsGuard(UserStore users, NodeOptions options, ILogger<DevelopmentAccountsGuard> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.PurgeDevelopmentAccounts)
            {
                IReadOnlyList<string> removed = await DevelopmentAccountList.PurgeAsync(users, cancellationToken);
                if (removed.Count > 0)
                {
                    log.LogWarning("Removed {Count} development accounts at start-up: {Usernames}", removed.Count, string.Join(", ", removed));
                }

                return;
            }

            IReadOnlyList<string> present = await DevelopmentAccountList.PresentAsync(users, stopAtFirst: true, cancellationToken);
            if (present.Count > 0)
            {
                throw new InvalidOperationException(
                    $"this database holds development accounts with the published password (such as '{present[0]}'), so it is not served in production mode. " +
                    "Remove them with 'landsea account purge-development --db DB', or start with --no-dev --purge-development-accounts.");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Seeds the documented development accounts at start-up (development mode only).</summary>
    private sealed class DevelopmentAccountsSeeding(UserStore users) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => NodeAuthentication.SeedDevelopmentAccountsAsync(users);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
