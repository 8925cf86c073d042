using System.Net;
using System.Security.Cryptography.X509Certificates;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Signing;
using Landsea.Exchange.Transport;
using Landsea.Web.Tests.Security;
using Microsoft.AspNetCore.Builder;

namespace Landsea.Web.Tests.Exchange;

/// <summary>Issue 16 item 6: a node started on an https:// address serves its own node certificate, the one partners pin.</summary>
public sealed class NodeTlsTests
{
    [Fact]
    public async Task Node_on_an_https_address_serves_its_node_certificate_and_a_client_pinning_another_is_refused()
    {
        string db = SecurityNode.NewDatabase("tls");
        await using WebApplication app = await NodeHost.BuildAsync(new NodeOptions { Database = db, Development = true }, ["--urls", "https://127.0.0.1:0"]);
        await app.StartAsync();
        Uri address = SecurityNode.Address(app);
        using X509Certificate2 nodeCertificate = X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(db)!, "node", NodeIdentity.CertificateFileName)));
        using NodeIdentity other = NodeIdentity.Create("CNCQI", "Not this node", TimeProvider.System);
        using var clients = new PartnerHttpClients(TimeProvider.System);

        using HttpResponseMessage pinned = await clients.For(new Partner("CNCQI", "Chongqing Customs", address, nodeCertificate)).GetAsync(new Uri(address, "/health/live"));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            clients.For(new Partner("SGSIN", "Another pin", address, other.Certificate)).GetAsync(new Uri(address, "/health/live")));

        Assert.Equal(HttpStatusCode.OK, pinned.StatusCode);
        Assert.Equal(HttpRequestError.SecureConnectionError, refused.HttpRequestError);
    }
}
