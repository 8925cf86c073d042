using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Landsea.Data.Origin;
using Landsea.Data.Sharing;
using Landsea.Exchange.Partners;
using Landsea.Exchange.Storage;
using Landsea.Origin;
using Landsea.Sharing;
using Landsea.Tests;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Tests.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Landsea.Web.Tests.Origin;

/// <summary>
/// Certificates of origin between Chongqing (A) and Singapore (B) as two real nodes: issued on A for Singapore, shared
/// over the exchange, stored on B as received from CNCQI; revoked on A, revoked on B. And the pages in Chromium.
/// </summary>
public sealed class OriginCertificateTests
{
    private static string Chromium => Environment.GetEnvironmentVariable("LANDSEA_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private static CertificateOfOrigin Request(string number)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repository.Path("vectors", "openattestation", "landsea", "rcep-request.json")))!;
        node["certificateNumber"] = number;
        return CertificateOfOrigin.Read(JsonSerializer.SerializeToElement(node), "Chongqing Customs", "CNCQI").OrThrow();
    }

    private static async Task AgreeOriginAsync(WebApplication self, string partner)
    {
        NodeExchange x = TwoNodesInProcess.Exchange(self);
        await using UnitOfWork work = await x.Gateway.BeginAsync(default);
        await x.Gateway.Partners.SetAgreementAsync(work, partner,
            [new OutboundRule(MessageTypes.PreArrival, null), new OutboundRule(MessageTypes.PreArrivalDecision, null),
             new OutboundRule(MessageTypes.OriginCertificate, ["/number", "/targetHash", "/document"]), new OutboundRule(MessageTypes.OriginRevocation, null)],
            [MessageTypes.PreArrival, MessageTypes.PreArrivalDecision, MessageTypes.OriginCertificate, MessageTypes.OriginRevocation], default);
        await work.CommitAsync(default);
    }

    private static CertificateIssuing Issuing(WebApplication node, bool share) =>
        new(share ? new ShareOriginCertificates(node.Services.GetRequiredService<SharingOutbox>()) : null);

    private static async Task<IssueOutcome> IssueAsync(WebApplication node, bool share, params CertificateOfOrigin[] certificates)
    {
        NodeExchange x = TwoNodesInProcess.Exchange(node);
        await using UnitOfWork work = await x.Gateway.BeginAsync(default);
        var issuer = new OriginIssuer(x.Node.Code, "CN800001", x.Gateway.Identity.Certificate.RawData, x.Gateway.Identity.SignEs256);
        IssueOutcome outcome = (await Issuing(node, share).IssueAsync(work, certificates, issuer, RandomNumberGenerator.Fill, default)).Value;
        await work.CommitAsync(default);
        return outcome;
    }

    private static async Task<StoredCertificate?> OnNodeAsync(WebApplication node, string number)
    {
        await using DbConnection c = await TwoNodesInProcess.Exchange(node).Db.OpenAsync(default);
        return await CertificateStore.FindByNumberAsync(c, number, default) is [var first, ..] ? first : null;
    }

    [Fact(Timeout = 120_000)]
    public async Task Issue_ForSingapore_IsStoredOnSingaporeAsReceived_RevocationFollows()
    {
        await using TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync();
        await AgreeOriginAsync(pair.A, "SGSIN");
        await AgreeOriginAsync(pair.B, "CNCQI");

        IssueOutcome issued = await IssueAsync(pair.A, share: true, Request("CQ2026RCEP000901"), Request("CQ2026RCEP000902"));

        Assert.Equal([("CQ2026RCEP000901", "SGSIN"), ("CQ2026RCEP000902", "SGSIN")], issued.Shared);
        await TwoNodesInProcess.WaitUntilAsync(async () => await OnNodeAsync(pair.B, "CQ2026RCEP000902") is not null, "the certificates on SGSIN",
            () => pair.Advance(TimeSpan.FromSeconds(1)));
        StoredCertificate received = (await OnNodeAsync(pair.B, "CQ2026RCEP000901"))!;
        Assert.Equal((CertificateStore.Received, "CNCQI", "SG"), (received.Source, received.IssuerNode, received.ImportingCountry));
        Assert.Equal(issued.Issued[0].TargetHash, received.TargetHash);
        Assert.Equal(issued.Issued[0].Document, received.Document);

        NodeExchange a = TwoNodesInProcess.Exchange(pair.A);
        await using (UnitOfWork work = await a.Gateway.BeginAsync(default))
        {
            var revoked = await Issuing(pair.A, share: true).RevokeAsync(work, "CNCQI", "CQ2026RCEP000901", "wrong consignee", default);
            Assert.Equal(["SGSIN"], revoked.Value.Told);
            await work.CommitAsync(default);
        }

        await TwoNodesInProcess.WaitUntilAsync(async () => (await OnNodeAsync(pair.B, "CQ2026RCEP000901"))!.RevokedAt is not null, "the revocation on SGSIN",
            () => pair.Advance(TimeSpan.FromSeconds(1)));
        Assert.Equal("wrong consignee", (await OnNodeAsync(pair.B, "CQ2026RCEP000901"))!.RevokeReason);
        Assert.Null((await OnNodeAsync(pair.B, "CQ2026RCEP000902"))!.RevokedAt);
    }

    [Fact(Timeout = 120_000)]
    public async Task Receive_CertificateNotSignedBySender_IsRefusedAndNotStored()
    {
        // Singapore sends a certificate that Chongqing signed (a node forwarding another's document): B's pinned key is not the signer.
        await using TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync();
        await AgreeOriginAsync(pair.A, "SGSIN");
        await AgreeOriginAsync(pair.B, "CNCQI");
        IssuedCertificate foreign = (await IssueAsync(pair.B, share: false, Request("SG-FORWARDED-1"))).Issued[0];
        string tampered = foreign.Document.Replace("Gearboxes", "Gearbox", StringComparison.Ordinal);

        NodeExchange a = TwoNodesInProcess.Exchange(pair.A);
        await using (UnitOfWork work = await a.Gateway.BeginAsync(default))
        {
            SharingOutbox outbox = pair.A.Services.GetRequiredService<SharingOutbox>();
            Assert.True(await outbox.SendIfAgreedAsync(work, new PlannedMessage("SGSIN", MessageTypes.OriginCertificate, "SG-FORWARDED-1",
                SharedDocuments.OriginCertificate("SG-FORWARDED-1", foreign.TargetHash, foreign.Document), "forwarded"), default));
            Assert.True(await outbox.SendIfAgreedAsync(work, new PlannedMessage("SGSIN", MessageTypes.OriginCertificate, "SG-TAMPERED-1",
                SharedDocuments.OriginCertificate("SG-TAMPERED-1", foreign.TargetHash, tampered), "tampered"), default));
            await work.CommitAsync(default);
        }

        await TwoNodesInProcess.WaitUntilAsync(async () => (await TwoNodesInProcess.RecordsAsync(pair.B, "SG-TAMPERED-1")).Any(r => r.Direction == "in"),
            "the envelopes recorded on SGSIN", () => pair.Advance(TimeSpan.FromSeconds(1)));
        await TwoNodesInProcess.WaitUntilAsync(async () => (await TwoNodesInProcess.RecordsAsync(pair.B, "SG-FORWARDED-1")).Any(r => r.Direction == "in"),
            "the envelopes recorded on SGSIN", () => pair.Advance(TimeSpan.FromSeconds(1)));
        Assert.Contains(await TwoNodesInProcess.RecordsAsync(pair.B, "SG-FORWARDED-1"), r => r.Direction == "in" && r.State == "refused");
        Assert.Contains(await TwoNodesInProcess.RecordsAsync(pair.B, "SG-TAMPERED-1"), r => r.Direction == "in" && r.State == "refused");
        await using DbConnection c = await TwoNodesInProcess.Exchange(pair.B).Db.OpenAsync(default);
        Assert.Equal(CertificateStore.Issued, (await CertificateStore.FindByTargetHashAsync(c, foreign.TargetHash, default))!.Source); // only B's own
    }

    [SkippableFact(Timeout = 180_000)]
    public async Task Pages_CertificateWithQr_VerifyByLinkAndUpload()
    {
        Skip.IfNot(File.Exists(Chromium), $"Chromium not found at {Chromium}: apt-get install chromium (bash .ci/run does).");
        await using TwoNodesInProcess pair = await TwoNodesInProcess.StartAsync();
        IssuedCertificate c = (await IssueAsync(pair.A, share: false, Request("CQ2026RCEP000777"))).Issued[0];
        string file = Path.Combine(Path.GetTempPath(), $"landsea-coo-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, c.Document);
        string tamperedFile = Path.Combine(Path.GetTempPath(), $"landsea-coo-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(tamperedFile, c.Document.Replace("Brake pads", "Brake shoes", StringComparison.Ordinal));
        try
        {
            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await HeadlessChromium.LaunchAsync(playwright);
            string baseUrl = pair.Client(pair.A, "officer.cq").BaseAddress!.ToString();
            IBrowserContext context = await browser.NewContextAsync(new() { BaseURL = baseUrl });
            context.SetDefaultTimeout(60_000);
            IPage officer = await context.NewPageAsync();
            await officer.GotoAsync("/dev/login/officer.cq?returnUrl=/origin/certificates/CQ2026RCEP000777");

            Assert.Equal("VALID", await officer.InnerTextAsync("#verdict"));
            Assert.Equal("valid", await officer.InnerTextAsync("#signature"));
            Assert.Contains("(trusted)", await officer.InnerTextAsync("#issuer"), StringComparison.Ordinal);
            Assert.Contains("870840", await officer.InnerTextAsync("#items"), StringComparison.Ordinal);
            Assert.Contains("Lion City Auto Supplies", await officer.InnerTextAsync("#consignee"), StringComparison.Ordinal);
            Assert.True(await officer.EvaluateAsync<int>("document.querySelector('#qr').naturalWidth") > 100, "the QR code image did not load");
            string href = (await officer.GetAttributeAsync("#verify-url", "href"))!;
            Assert.EndsWith("/origin/verify?targetHash=" + c.TargetHash, href, StringComparison.Ordinal);
            Assert.Equal(href, Assert.Single(QrText(Convert.FromBase64String((await officer.GetAttributeAsync("#qr", "src"))!["data:image/png;base64,".Length..]), href)));

            // Anyone (a new context, not signed in) follows the QR code, then uploads the document and a tampered copy.
            IPage anyone = await (await browser.NewContextAsync(new() { BaseURL = baseUrl })).NewPageAsync();
            await anyone.GotoAsync(href);
            Assert.Contains("NOT REVOKED", await anyone.InnerTextAsync("#lookup"), StringComparison.Ordinal);
            await anyone.SetInputFilesAsync("#document", file);
            await anyone.ClickAsync("#verify");
            await anyone.WaitForSelectorAsync("#verdict");
            Assert.Equal("VALID", await anyone.InnerTextAsync("#verdict"));
            Assert.Equal(c.TargetHash, await anyone.InnerTextAsync("#target-hash"));
            await anyone.SetInputFilesAsync("#document", tamperedFile);
            await anyone.ClickAsync("#verify");
            await anyone.WaitForSelectorAsync("#verdict:text('NOT VALID')");
            Assert.Equal("invalid", await anyone.InnerTextAsync("#integrity"));
            await officer.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "landsea-certificate-of-origin.png"), FullPage = true });

            await anyone.GotoAsync("/origin/certificates/CQ2026RCEP000777");
            Assert.DoesNotContain("Lion City Auto Supplies", await anyone.ContentAsync(), StringComparison.Ordinal); // signed-in officers only
        }
        finally
        {
            File.Delete(file);
            File.Delete(tamperedFile);
        }
    }

    /// <summary>The QR image carries exactly the URL: re-encoding the URL gives the same PNG (QRCoder is deterministic).</summary>
    private static IEnumerable<string> QrText(byte[] png, string expected) =>
        png.AsSpan().SequenceEqual(Landsea.Web.Features.Origin.ShowCertificate.QrPng(expected)) ? [expected] : [];
}
