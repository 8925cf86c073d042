using System.Data.Common;
using System.Text;
using Landsea.Exchange.Inbox;
using Landsea.Exchange.Queries;
using Landsea.Exchange.Records;
using Landsea.Exchange.Storage;
using Landsea.Sharing;
using Landsea.Web.Features.Exchange;
using Landsea.Web.Features.Sharing;
using Landsea.Web.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using static Landsea.Web.Tests.Exchange.TwoNodesInProcess;

namespace Landsea.Web.Tests.Exchange;

/// <summary>
/// Issue 17 item 1 through two real nodes: a poison envelope no longer stops its conversation (or the node) for good; it is
/// quarantined after the configured attempts, the conversation's later envelopes are applied and the sender is told.
/// </summary>
public sealed class QuarantineTests
{
    private const string Mrn = "26CNCQI0000001701";

    private static byte[] PreArrival(string extra = "") =>
        Utf8($$"""{"mrn":"{{Mrn}}"{{extra}},"items":[{"commodityCode":"847130","grossMassKg":12}]}""");

    /// <summary>B's real applier, except that a payload naming "poison" makes it throw, every time.</summary>
    private sealed class PoisonApplier(IEnvelopeApplier inner) : IEnvelopeApplier
    {
        public Task ApplyAsync(InboundEnvelope envelope, UnitOfWork work, CancellationToken ct) =>
            Encoding.UTF8.GetString(envelope.Payload.Span).Contains("\"poison\"", StringComparison.Ordinal)
                ? throw new InvalidOperationException("the applier cannot handle this envelope")
                : inner.ApplyAsync(envelope, work, ct);
    }

    [Fact]
    public async Task Issue_17_HandOver_ApplierThrows_QuarantinedAfterMaxAttempts_LaterEnvelopeApplied_SenderTold()
    {
        // Symptom: the envelope whose application threw stayed first in its conversation for ever; the next pre-arrival of the
        // same MRN was never applied, and a stack trace was logged on every pass.
        await using TwoNodesInProcess pair = await StartAsync(
            b => b.Services.AddSingleton<IEnvelopeApplier>(sp => new PoisonApplier(ActivatorUtilities.CreateInstance<ApplyReceived>(sp))),
            "--Exchange:HandOverMaxAttempts=3");
        string poison = await pair.SendPreArrivalAsync(Mrn, PreArrival(""","poison":true"""));
        string later = await pair.SendPreArrivalAsync(Mrn, PreArrival());
        NodeExchange b = TwoNodesInProcess.Exchange(pair.B);

        await WaitUntilAsync(async () => await ReceivedAsync(b) == 2, "both envelopes received at B");

        // Each failed attempt waits out a backoff on B's clock; moving the clock lets the next one run.
        await WaitUntilAsync(async () => (await QuarantinedAsync(b)).Count == 1, "the poison envelope quarantined at B", () => pair.Advance(TimeSpan.FromMinutes(2)));
        await WaitUntilAsync(async () => (await RecordsAsync(pair.B, Mrn)).Any(r => r.EnvelopeId == later), "the later envelope applied at B");
        await WaitUntilAsync(async () => (await RecordsAsync(pair.A, Mrn)).Any(r => r.Type == MessageTypes.RefusedApplication), "A told of the refusal");

        QuarantinedEnvelope quarantined = Assert.Single(await QuarantinedAsync(b));
        Assert.Equal((poison, 1L, 3L, "CNCQI"), (quarantined.EnvelopeId, quarantined.Sequence, quarantined.Attempts, quarantined.Sender));
        Assert.Contains("InvalidOperationException", quarantined.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(await RecordsAsync(pair.B, Mrn), r => r.EnvelopeId == poison);
        List<MessageRecord> atA = await RecordsAsync(pair.A, Mrn);
        MessageRecord notice = Assert.Single(atA, r => r.Type == MessageTypes.RefusedApplication);
        Assert.Equal((quarantined.NoticeId, ApplicationRefusedReceived.Refusal), (notice.EnvelopeId, notice.State));
        Assert.Contains(poison, notice.Summary, StringComparison.Ordinal);
        Assert.Equal(ApplicationRefusedReceived.Refusal, Assert.Single(atA, r => r.EnvelopeId == poison).State); // A's own record of what it sent
        Assert.Equal("sent", Assert.Single(atA, r => r.EnvelopeId == later).State);
        Assert.Equal(BackgroundLoops.Running, pair.B.Services.GetRequiredService<BackgroundLoops>().States[ExchangeHandOver.LoopName]);

        // The administrator puts it back over the API (the applier still fails): it is tried again from attempt 1, on B's next passes.
        using HttpClient officer = pair.Client(pair.B, "officer.cq");
        using HttpClient admin = pair.Client(pair.B, "admin");
        string listed = await officer.GetStringAsync("/api/exchange/quarantine");
        using HttpResponseMessage byOfficer = await officer.PostAsync($"/api/exchange/quarantine/{poison}/retry", null);
        using HttpResponseMessage byAdmin = await admin.PostAsync($"/api/exchange/quarantine/{poison}/retry", null);

        Assert.Contains(poison, listed, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, byAdmin.StatusCode);
        Assert.Empty(await QuarantinedAsync(b));
        await WaitUntilAsync(async () => (await QuarantinedAsync(b)).Count == 1, "quarantined again after the retry", () => pair.Advance(TimeSpan.FromMinutes(2)));
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "mass 1e400", PreArrivalWithItem("""{"commodityCode":"847130","grossMassKg":1e400}""") },
        { "item a number", PreArrivalWithItem("1") },
        { "lone surrogate", Utf8($$$"""{"mrn":"{{{Mrn}}}","items":[{"commodityCode":"\ud800"}],"exporter":{"name":"\udc00"}}""") },
        { "invalid UTF-8", [.. Utf8($$"""{"mrn":"{{Mrn}}","items":[{"commodityCode":"84"""), 0xC3, 0x28, .. Utf8("\"}]}")] },
    };

    private static byte[] PreArrivalWithItem(string item) => Utf8($$"""{"mrn":"{{Mrn}}","items":[{{item}}]}""");

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Issue_17_HandOver_HostilePreArrival_HandedOverWithAResult_ConversationGoesOn(string what, byte[] payload)
    {
        // Symptom: these payloads threw out of the hand-over (FormatException, InvalidOperationException): the node stopped
        // applying, or the envelope stayed first in line for ever.
        await using TwoNodesInProcess pair = await StartAsync();
        string hostile = await pair.SendPreArrivalAsync(Mrn, payload);
        string later = await pair.SendPreArrivalAsync(Mrn, PreArrival());

        await WaitUntilAsync(async () => (await RecordsAsync(pair.B, Mrn)).Any(r => r.EnvelopeId == later), $"the envelope after the hostile one ({what}) applied at B");

        MessageRecord first = Assert.Single(await RecordsAsync(pair.B, Mrn), r => r.EnvelopeId == hostile);
        Assert.Contains(first.State, new[] { PreArrivalAssessment.HoldDecision, "unreadable" });
        if (first.State == "unreadable")
        {
            // The sender is told: its own record of the envelope is marked refused, and it holds the notice.
            await WaitUntilAsync(async () => (await RecordsAsync(pair.A, Mrn)).Any(r => r.EnvelopeId == hostile && r.State == ApplicationRefusedReceived.Refusal),
                $"A told that B could not apply the {what} envelope");
            Assert.Contains(await RecordsAsync(pair.A, Mrn), r => r.Type == MessageTypes.RefusedApplication && r.Summary.Contains("unreadable payload (LS", StringComparison.Ordinal));
        }

        Assert.Empty(await QuarantinedAsync(TwoNodesInProcess.Exchange(pair.B)));
        await using DbConnection c = await TwoNodesInProcess.Exchange(pair.B).Db.OpenAsync();
        Assert.Equal(0L, (await MessageLog.StatsAsync(c)).WaitingHandOver);
    }

    private static async Task<long> ReceivedAsync(NodeExchange node)
    {
        await using DbConnection c = await node.Db.OpenAsync();
        return (await MessageLog.StatsAsync(c)).Received;
    }

    private static async Task<List<QuarantinedEnvelope>> QuarantinedAsync(NodeExchange node)
    {
        await using DbConnection c = await node.Db.OpenAsync();
        return await node.Gateway.Quarantine.ListAsync(c, default);
    }
}
