using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Landsea.Data;
using Landsea.Data.Transit;
using Landsea.Offices;
using Landsea.Transit;

namespace Landsea.Cli.Commands.Demo;

/// <summary>The demo's transit summary (in the --json report).</summary>
/// <param name="Lost">Movements released at Chongqing for another node's office and never announced there, plus movements announced more than once.</param>
public sealed record DemoTransitReport(int Movements, int WrittenOff, int InProgress, int Discrepancies, int Lost);

/// <summary>
/// <c>landsea demo --transit N</c>: NCTS transit movements from Chongqing's office of departure (CN800001) to Qinzhou
/// (CN720001, Nanning node), Singapore (SG000001), Pingxiang (CN720002) and Mohan (CN860001), in turn: lodged as IE015 by
/// the holder's agent at Chongqing and released there, announced to the destination node (IE001), arrived there (the
/// destination office's officer lodges the IE007 and the unloading remarks IE044), advised back (IE006, IE018) and
/// written off at Chongqing; one movement in five has discrepancies, which the Chongqing officer resolves (IE049).
/// The IE015, IE007 and IE044 are HMRC's phase-5 samples (vectors/ncts, Apache-2.0) moved to the corridor.
/// </summary>
internal sealed class DemoTransit(HttpClient http, IReadOnlyList<NodeProcess> nodes, TextWriter progress)
{
    internal const string Holder = "XI603202734852";
    internal const string Grn = "26CNDEMO000000011";
    private static readonly string[] s_destinations = ["CN720001", "SG000001", "CN720002", "CN860001"];

    private int _released, _writtenOff, _discrepancies, _failed;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"transit movements released {_released}, written off {_writtenOff} (with discrepancies {_discrepancies}), failed {_failed}");

    private NodeProcess Node(string code) => nodes.First(n => n.Code == code);

    public async Task<bool> RunAsync(int count, string runId, CancellationToken ct)
    {
        NodeProcess cq = Node("CNCQI");
        HttpResponseMessage g = await SendAsync(cq, "officer.cq", HttpMethod.Post, "/api/transit/guarantees",
            () => JsonContent.Create(new { grn = Grn, kind = "Comprehensive", holderId = Holder, accessCode = "DEMO", amount = 1_000_000_000m, currency = "CNY" }), ct);
        if (g.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity))
        {
            await progress.WriteLineAsync($"error: registering the demo guarantee answered {(int)g.StatusCode}");
            return false;
        }

        int next = -1;
        await Parallel.ForEachAsync(Enumerable.Range(0, 4), ct, async (_, token) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                if (!await MovementAsync(runId, i, token))
                {
                    Interlocked.Increment(ref _failed);
                }
            }
        });
        return _failed == 0;
    }

    private async Task<bool> MovementAsync(string runId, int i, CancellationToken ct)
    {
        string destination = s_destinations[i % s_destinations.Length];
        CustomsOffice office = Corridor.FindOffice(destination)!;
        NodeProcess cq = Node("CNCQI"), there = Node(office.NodeCode);
        string officer = Landsea.Data.Access.DevelopmentAccountList.OfficersOf(office.NodeCode).First(a => a.OfficeCode == destination).Username;
        string lrn = string.Create(CultureInfo.InvariantCulture, $"T{runId}{i:D5}");
        string recipient = "NTA." + office.Code[..2];

        HttpResponseMessage lodged = await SendAsync(cq, "officer.cq", HttpMethod.Post, "/api/transit/messages", () => Xml(Declaration(lrn, destination)), ct);
        if (lodged.StatusCode != HttpStatusCode.Created)
        {
            await progress.WriteLineAsync($"transit {lrn}: the IE015 answered {(int)lodged.StatusCode}");
            return false;
        }

        string mrn = XDocument.Parse(await lodged.Content.ReadAsStringAsync(ct)).Root!.Element("TransitOperation")!.Element("MRN")!.Value;
        Interlocked.Increment(ref _released);
        if (!await WaitForStateAsync(there, mrn, ["Announced"], ct))
        {
            await progress.WriteLineAsync($"transit {mrn}: never announced to {destination}");
            return false;
        }

        bool conform = i % 5 != 4;
        foreach ((string message, string id) in new[] { (Arrival(mrn, destination, recipient), "A"), (Unloading(mrn, destination, recipient, conform), "U") })
        {
            HttpResponseMessage r = await SendAsync(there, officer, HttpMethod.Post, "/api/transit/messages", () => Xml(message.Replace("{ID}", lrn + id, StringComparison.Ordinal)), ct);
            if (r.StatusCode != HttpStatusCode.OK)
            {
                await progress.WriteLineAsync($"transit {mrn}: {(id == "A" ? "IE007" : "IE044")} at {destination} answered {(int)r.StatusCode}");
                return false;
            }
        }

        if (!await WaitForStateAsync(cq, mrn, conform ? ["WrittenOff"] : ["Discrepancies"], ct))
        {
            await progress.WriteLineAsync($"transit {mrn}: the control results never reached Chongqing");
            return false;
        }

        if (!conform)
        {
            Interlocked.Increment(ref _discrepancies);
            HttpResponseMessage resolved = await SendAsync(cq, "officer.cq", HttpMethod.Post, $"/api/transit/movements/{mrn}/resolve", () => JsonContent.Create(new { text = "demo: resolved" }), ct);
            if (!resolved.IsSuccessStatusCode)
            {
                return false;
            }
        }

        Interlocked.Increment(ref _writtenOff);
        return true;
    }

    private async Task<bool> WaitForStateAsync(NodeProcess node, string mrn, string[] states, CancellationToken ct)
    {
        for (int attempt = 0; attempt < 600; attempt++)
        {
            HttpResponseMessage r = await SendAsync(node, "auditor", HttpMethod.Get, $"/api/transit/movements/{mrn}", null, ct);
            if (r.IsSuccessStatusCode)
            {
                using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct));
                if (states.Contains(doc.RootElement.GetProperty("movement").GetProperty("state").GetString()))
                {
                    return true;
                }
            }

            await Task.Delay(200, ct);
        }

        return false;
    }

    /// <param name="content">Makes the body anew for each attempt (a sent request disposes its content).</param>
    private async Task<HttpResponseMessage> SendAsync(NodeProcess node, string user, HttpMethod method, string path, Func<HttpContent>? content, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(node.Url + path)) { Content = content?.Invoke() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
            try
            {
                HttpResponseMessage r = await http.SendAsync(request, ct);
                await r.Content.LoadIntoBufferAsync(ct);
                return r;
            }
            catch (HttpRequestException) when (attempt < 240 && !ct.IsCancellationRequested)
            {
                // The node is being restarted by the demo: the same message again is safe (a duplicate is refused as such).
                await Task.Delay(500, ct);
            }
        }
    }

    /// <summary>
    /// Compares the stores once the nodes have stopped: a movement Chongqing released for another node's office is lost
    /// when that node holds no record of it, and counted lost too when Chongqing announced it more than once.
    /// </summary>
    public static async Task<DemoTransitReport> CompareAsync(IReadOnlyList<NodeSetup> setups, CancellationToken ct)
    {
        var byNode = new Dictionary<string, IReadOnlyList<MovementReconciliation>>(StringComparer.Ordinal);
        foreach (NodeSetup s in setups)
        {
            CustomsNode node = Corridor.FindNode(s.Code)!;
            byNode[s.Code] = await new TransitStore(NodeDatabase.FromArgument(s.Database), TimeProvider.System, node, TransitControlSettings.None).ReconcileAsync(ct);
        }

        IReadOnlyList<MovementReconciliation> departure = byNode["CNCQI"];
        int lost = 0;
        foreach (MovementReconciliation m in departure.Where(m => m.State is not ("Submitted" or "Rejected" or "MrnAllocated" or "PreLodged" or "GuaranteeReserved" or "UnderControl" or "NotReleased" or "Cancelled")))
        {
            string? there = Corridor.FindOffice(m.DestinationOffice)?.NodeCode;
            bool remote = there is not null && there != "CNCQI";
            bool announced = remote && byNode.TryGetValue(there!, out var held) && held.Any(h => h.Mrn == m.Mrn);
            lost += (remote && !announced) || m.AnnouncementsSent > 1 ? 1 : 0;
        }

        return new DemoTransitReport(departure.Count, departure.Count(m => m.State == "WrittenOff"),
            departure.Count(m => m.State is "Released" or "Arrived" or "Discrepancies" or "Enquiry"),
            departure.Count(m => m.DiscrepancyNotices > 0), lost);
    }

    private static ByteArrayContent Xml(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        return content;
    }

    private static string Sample(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Landsea.Cli.ncts." + name)
            ?? throw new InvalidOperationException($"The NCTS sample {name} is not embedded in landsea.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>HMRC's IE015 sample from Guoyuan Port (CN800001) to <paramref name="destination"/>, with the demo's guarantee (25,000 CNY).</summary>
    internal static string Declaration(string lrn, string destination) => Sample("cc015c-valid.xml")
        .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal)
        .Replace("GB3KMA8M", "CN800001", StringComparison.Ordinal)
        .Replace("BN3KMA8M", destination, StringComparison.Ordinal)
        .Replace("<LRN>DHbrfgDQJRm</LRN>", $"<LRN>{lrn}</LRN>", StringComparison.Ordinal)
        .Replace("<messageIdentification>wrxe</messageIdentification>", $"<messageIdentification>{lrn}D</messageIdentification>", StringComparison.Ordinal)
        .Replace("<identificationNumber>ezv3Z</identificationNumber>", $"<identificationNumber>{Holder}</identificationNumber>", StringComparison.Ordinal)
        .Replace("<guaranteeType>P</guaranteeType>", "<guaranteeType>0</guaranteeType>", StringComparison.Ordinal)
        .Replace("<otherGuaranteeReference>iNkM2E</otherGuaranteeReference>",
            $"<GuaranteeReference><sequenceNumber>1</sequenceNumber><GRN>{Grn}</GRN><accessCode>DEMO</accessCode><amountToBeCovered>25000.00</amountToBeCovered><currency>CNY</currency></GuaranteeReference>",
            StringComparison.Ordinal);

    private static string Arrival(string mrn, string office, string recipient) => Sample("cc007c-valid.xml")
        .Replace("NTA.GB", recipient, StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", mrn, StringComparison.Ordinal)
        .Replace("GB123456", office, StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", "<messageIdentification>{ID}</messageIdentification>", StringComparison.Ordinal);

    private static string Unloading(string mrn, string office, string recipient, bool conform) => Sample("cc044c-valid.xml")
        .Replace("<messageRecipient>token</messageRecipient>", $"<messageRecipient>{recipient}</messageRecipient>", StringComparison.Ordinal)
        .Replace("27WF9X1FQ9RCKN0TM3", mrn, StringComparison.Ordinal)
        .Replace("GB123456", office, StringComparison.Ordinal)
        .Replace("<messageIdentification>token</messageIdentification>", "<messageIdentification>{ID}</messageIdentification>", StringComparison.Ordinal)
        .Replace("<conform>0</conform>", conform ? "<conform>1</conform>" : "<conform>0</conform>", StringComparison.Ordinal)
        .Replace("</unloadingDate>", conform ? "</unloadingDate>" : "</unloadingDate><unloadingRemark>demo: two packages missing</unloadingRemark>", StringComparison.Ordinal);
}
