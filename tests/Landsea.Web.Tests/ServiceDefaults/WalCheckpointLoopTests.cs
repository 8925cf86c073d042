using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Landsea.Data;
using Landsea.Web.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Landsea.Web.Tests.ServiceDefaults;

/// <summary>Issue 17 item 7: the node truncates its SQLite WAL on its own clock (Storage:WalCheckpointEvery).</summary>
public sealed class WalCheckpointLoopTests
{
    [Fact]
    public async Task Issue_17_Node_WalCheckpointEvery_WalTruncatedToZeroAfterWrites()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        string db = Path.Combine(Path.GetTempPath(), "landsea-tests", $"wal-node-{Guid.NewGuid():N}.db");
        WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true },
            ["--urls", "http://127.0.0.1:0", "--Storage:WalCheckpointEvery=00:10:00"], b => b.Services.AddSingleton<TimeProvider>(clock));
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("officer.cq:landsea-dev")));
            using var content = new StringContent(File.ReadAllText(Path.Combine(NodeFixture.Samples, "TT_IM101a", "TT_IM101a.xml")), Encoding.UTF8, "application/xml");
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/declarations", content)).StatusCode);
            WalCheckpointLoop loop = app.Services.GetRequiredService<WalCheckpointLoop>();
            Assert.Null(loop.Last); // not before the interval, on the node's clock
            Assert.True(new FileInfo(db + "-wal").Length > 0);

            clock.Advance(TimeSpan.FromMinutes(10));
            DateTime until = DateTime.UtcNow.AddSeconds(30);
            while (loop.Last is null)
            {
                Assert.True(DateTime.UtcNow < until, "no checkpoint within 30 s of the interval");
                await Task.Delay(20);
            }

            WalCheckpoint done = loop.Last;
            Assert.False(done.Busy);
            Assert.True(done.WalBytesBefore > 0);
            Assert.Equal(0L, done.WalBytesAfter);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
