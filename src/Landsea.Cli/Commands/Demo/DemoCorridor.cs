using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Landsea.CorridorSupervision;
using Landsea.Data;
using Landsea.Data.CorridorSupervision;

namespace Landsea.Cli.Commands.Demo;

/// <summary>
/// The demo's corridor summary (in the --json report): consignments and events at Chongqing, alerts raised, alerts a second
/// scan would raise again (must be 0), and the p50 clearance hours of each lane over every office.
/// </summary>
public sealed record DemoCorridorReport(long Consignments, long Events, long Alerts, long AlertsRaisedTwice, double? PriorityP50Hours, double? NormalP50Hours);

/// <summary>
/// <c>landsea demo --corridor N</c>: corridor traffic at Chongqing's node, time compressed into one simulated day that
/// ended a day before the run (so every event lies in the past): N consignments departing through the day — rail-sea
/// trains Tuanjie Village → Qinzhou → Singapore (about 24 a day in the brief, three in four here), Yangtze barges Guoyuan →
/// Shanghai and trucks Chongqing → Youyiguan → Lang Son → Hanoi — each followed by carrier events (DCSA departures and
/// arrivals, posted by the carrier's account) and customs events at every office on the way (arrival, release after a
/// clearance time: about half an hour for the priority lane, 3-9 hours otherwise; at departure the goods are presented
/// and released before they leave). One in four is flagged priority by the
/// Chongqing officer at declaration; one in ten has a seal broken at its second stop; one in eight stops after its first
/// leg and is overdue.
/// </summary>
internal sealed class DemoCorridor(HttpClient http, NodeProcess chongqing, TextWriter progress)
{
    private int _declared, _failed;
    private string? _lastError;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"corridor consignments declared {_declared}, failed {_failed}{(_lastError is null ? "" : $" (last: {_lastError})")}");

    private static (string Route, string Mode) Kind(int i) => (i % 8) switch
    {
        3 => ("YANGTZE-BARGE", "BARGE"),
        7 => ("CQ-HANOI-ROAD", "TRUCK"),
        _ => ("ILSTC-RAIL-SEA", "RAIL"),
    };

    private static readonly string[] Boxes = ["CSQU3054383", "MSKU6011672", "TGHU9999995"];

    public async Task<bool> RunAsync(int count, string runId, CancellationToken ct)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        // The simulated day: it ends 24 h plus the longest route (the barge, 336 h) plus clearance before now.
        DateTimeOffset dayStart = now.AddHours(-(24 + 336 + 48 + 24));
        int next = -1;
        await Parallel.ForEachAsync(Enumerable.Range(0, 2), ct, async (_, token) =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                string? error = await ConsignmentAsync(runId, i, dayStart.AddHours(24.0 * i / Math.Max(1, count)), token);
                if (error is null)
                {
                    Interlocked.Increment(ref _declared);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    _lastError = error;
                }
            }
        });
        await progress.WriteLineAsync(Line);
        return _failed == 0;
    }

    private async Task<string?> ConsignmentAsync(string runId, int i, DateTimeOffset departure, CancellationToken ct)
    {
        (string routeId, string mode) = Kind(i);
        Route route = RouteBook.Shipped.Find(routeId)!;
        string id = $"DEMO-{runId}-{i:D4}";
        string document = $"TD{runId}{i:D4}";
        bool priority = i % 4 == 1, sealBroken = i % 10 == 4, stalled = i % 8 == 5;
        string box = Boxes[i % Boxes.Length];
        string declarer = priority ? "officer.cq" : "trader.b";
        HttpResponseMessage declared = await SendAsync(declarer, "/api/corridor/consignments", JsonContent.Create(new
        {
            consignmentID = id, transportDocumentReference = document, route = routeId, departureAt = departure, priority,
            priorityReason = priority ? "demo: urgently needed goods (medical supplies)" : null,
            equipment = new[] { new { equipmentReference = box, seals = new[] { $"SL{i:D5}" } } },
        }), ct);
        if (!declared.IsSuccessStatusCode)
        {
            return $"declare {id}: HTTP {(int)declared.StatusCode}";
        }

        IReadOnlyList<PlannedStop> plan = ConsignmentRules.Plan(ConsignmentRules.Check(new ConsignmentRequest(id, document, routeId, departure,
            [new EquipmentRequest(box, [$"SL{i:D5}"])], []), RouteBook.Shipped, declarer).Value, route);
        DateTimeOffset at = departure;
        for (int s = 0; s < plan.Count; s++)
        {
            PlannedStop stop = plan[s];
            if (s > 0)
            {
                // Late by 0-3 hours on each leg, deterministically.
                at += stop.ArrivingLeg!.Typical + TimeSpan.FromHours(i * 7 % 4);
                if (await CarrierAsync(document, "ARRI", stop.Place.Locode, mode, at, ct) is { } e)
                {
                    return e;
                }
            }

            if (stop.Place.OfficeCode is { } office)
            {
                TimeSpan clearance = priority ? TimeSpan.FromMinutes(20 + (i % 3 * 10)) : TimeSpan.FromHours(3 + (i % 7));
                // At departure the goods are presented (an arrival at the office) and released before the train leaves.
                DateTimeOffset presented = s == 0 ? departure - clearance - TimeSpan.FromMinutes(30) : at;
                if (await CustomsAsync(id, "arrival", office, presented, ct) is { } e1)
                {
                    return e1;
                }

                if (sealBroken && s == 1)
                {
                    HttpResponseMessage check = await SendAsync("officer.cq", $"/api/corridor/consignments/{id}/seal-checks",
                        JsonContent.Create(new { equipmentReference = box, outcome = "broken", found = Array.Empty<string>(), officeCode = office, at = at.AddMinutes(10) }), ct);
                    if (!check.IsSuccessStatusCode)
                    {
                        return $"seal check {id}: HTTP {(int)check.StatusCode}";
                    }
                }

                DateTimeOffset released = presented + clearance;
                if (await CustomsAsync(id, "released", office, released, ct) is { } e2)
                {
                    return e2;
                }

                at = s == 0 ? at : released;
            }

            if (s == plan.Count - 1 || (stalled && s == 1))
            {
                break;
            }

            if (await CarrierAsync(document, "DEPA", stop.Place.Locode, mode, at.AddMinutes(30), ct) is { } e3)
            {
                return e3;
            }

            at = at.AddMinutes(30);
        }

        return null;
    }

    private async Task<string?> CustomsAsync(string id, string kind, string office, DateTimeOffset at, CancellationToken ct)
    {
        HttpResponseMessage r = await SendAsync("officer.cq", $"/api/corridor/consignments/{id}/customs-events", JsonContent.Create(new { kind, officeCode = office, at }), ct);
        return r.IsSuccessStatusCode ? null : $"{kind} {id} at {office}: HTTP {(int)r.StatusCode}";
    }

    private async Task<string?> CarrierAsync(string document, string code, string locode, string mode, DateTimeOffset at, CancellationToken ct)
    {
        string iso = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string body = $$"""
            {"eventID": "{{Guid.NewGuid()}}", "eventType": "TRANSPORT", "eventClassifierCode": "ACT", "eventDateTime": "{{iso}}", "eventCreatedDateTime": "{{iso}}",
             "transportEventTypeCode": "{{code}}", "transportCall": {"transportCallID": "TC-{{locode}}", "UNLocationCode": "{{locode}}", "modeOfTransport": "{{mode}}"},
             "documentReferences": [{"documentReferenceType": "TRD", "documentReferenceValue": "{{document}}"}]}
            """;
        HttpResponseMessage r = await SendAsync("trader.b", "/api/corridor/v2/events", new StringContent(body, Encoding.UTF8, "application/json"), ct);
        return r.IsSuccessStatusCode ? null : $"carrier {code} {document} at {locode}: HTTP {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}";
    }

    private async Task<HttpResponseMessage> SendAsync(string user, string path, HttpContent content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(chongqing.Url + path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:landsea-dev")));
        HttpResponseMessage r = await http.SendAsync(request, ct);
        await r.Content.LoadIntoBufferAsync(ct);
        return r;
    }

    /// <summary>
    /// The summary, once the nodes have stopped: Chongqing's counts after one more alert scan (what the node's job had not
    /// raised yet), and what a second scan raises again (the alert key forbids it: 0); clearance p50 per lane over every office.
    /// </summary>
    public static async Task<DemoCorridorReport> SummaryAsync(NodeSetup chongqing, CancellationToken ct)
    {
        var store = new CorridorStore(NodeDatabase.FromArgument(chongqing.Database), TimeProvider.System, RouteBook.Shipped);
        await store.ScanAlertsAsync(new AlertSettings(), ct);
        long twice = (await store.ScanAlertsAsync(new AlertSettings(), ct)).Count;
        (long consignments, long events, long alerts) = await store.CountsAsync(ct);
        IReadOnlyList<ClearanceFigure> figures = ClearanceTimes.Figures(await store.ClearanceSamplesAsync(ct: ct));
        double? P50(Lane lane) => figures.FirstOrDefault(f => f.OfficeCode == ClearanceTimes.AllOffices && f.Lane == lane)?.P50Hours;
        return new DemoCorridorReport(consignments, events, alerts, twice, P50(Lane.Priority), P50(Lane.Normal));
    }
}
