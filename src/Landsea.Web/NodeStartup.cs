using Landsea.Data;

namespace Landsea.Web;

/// <summary>
/// The node's first start-up step: brings the database to the current migration before any other hosted service starts (the
/// development-account seeding, the exchange's delivery and hand-over loops) and before the server listens. Hosted services start one after the other
/// in registration order, and the web server starts after all of them.
/// </summary>
internal sealed class DatabaseStartup(NodeDatabase db) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => db.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
