using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Scans;
using Landsea.Declarations;
using Landsea.Scans;
using Landsea.Shared;
using Landsea.Web.Features.Access;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// The reviewer page (issue 12 item 3, first part): <c>/scans</c> lists lodged scans; <c>/scans/{id}</c> shows the scan in
/// a canvas viewer (zoom, pan, window/level, dual-energy material colouring, region annotation; <c>/scans/viewer.js</c>),
/// beside it the declaration's goods, HS codes and declared mass, the machine checks with their regions and reasons, the
/// typical reference for the declared heading, and the verdict form. A verdict (clear, or inspect physically, with the
/// annotated regions and a reason) is taken only from a customs officer of an office (a reviewer); anyone else is refused.
/// </summary>
public static class ReviewPage
{
    private const string WhoMay = "Scans are read by customs officers and auditors.";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/scans", ListAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/scans/viewer.js", () => Results.Text(ViewerScript.Source, "text/javascript; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/scans/{id}", PageAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/scans/{id}/channels", ChannelsAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/scans/{id}/verdict", VerdictAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ScanStore store, ReviewStore reviews, TimeProvider time, Microsoft.Extensions.Options.IOptions<ReviewOptions> options,
        CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Forbidden("Scans", WhoMay, user);
        }

        IReadOnlyList<StoredScan> scans = await store.LodgedAsync(200, ct);
        var b = new StringBuilder();
        AppendQueue(b, await reviews.QueueAsync(options.Value.Timers, ct), await reviews.ReviewersAsync(ct), time.GetUtcNow());
        b.Append("<h2>Lodged scans</h2>");
        if (scans.Count == 0)
        {
            b.Append("<p class=\"empty\" id=\"no-scans\">No scan is lodged at this node yet: lodge one with <code>landsea scan lodge</code> or <code>POST /api/scans</code>.</p>");
        }
        else
        {
            b.Append("<table id=\"scans\"><tr><th>Scan</th><th>Container</th><th>MRN</th><th>Office</th><th>Taken (UTC)</th></tr>");
            foreach (StoredScan s in scans)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/scans/{E(s.ScanId)}\">{E(s.ScanId[..12])}</a></td><td>{E(s.ContainerNumber)}</td><td>{E(s.Mrn)}</td><td>{E(s.Office)}</td><td>{s.TakenAt:yyyy-MM-dd HH:mm}</td></tr>");
            }

            b.Append("</table>");
        }

        return Page("Scans", b.ToString(), user);
    }

    /// <summary>The review centre's queue in its order (lane, risk, age), who holds each scan, its timer and alerts; the reviewers.</summary>
    private static void AppendQueue(StringBuilder b, IReadOnlyList<QueueEntry> queue, IReadOnlyList<StoredReviewer> reviewers, DateTimeOffset now)
    {
        b.Append("<h2>Review queue</h2>");
        if (queue.Count == 0)
        {
            b.Append("<p class=\"muted\" id=\"queue-empty\">No scan is waiting for review.</p>");
        }
        else
        {
            b.Append("<p class=\"muted\">In order: the priority lane first, then the risk channel and score of the declaration, then the oldest.</p>");
            b.Append("<table id=\"queue\"><tr><th>#</th><th>Scan</th><th>Container</th><th>MRN</th><th>Scanned at</th><th>Lane</th><th>Risk</th><th>Queued (UTC)</th><th>Stage</th><th>Reviewer</th><th>Timer</th><th>Alerts</th></tr>");
            foreach (QueueEntry e in queue)
            {
                string timer = e.DueAt is not { } due ? "" : due <= now
                    ? string.Create(CultureInfo.InvariantCulture, $"overdue by {(now - due).TotalMinutes:0} min")
                    : string.Create(CultureInfo.InvariantCulture, $"due in {(due - now).TotalMinutes:0} min");
                string stage = e.Stage switch
                {
                    ReviewStage.Queued => "waiting",
                    ReviewStage.Assigned => "first review",
                    ReviewStage.SecondQueued => "waiting for second review",
                    _ => "second review",
                };
                b.Append(CultureInfo.InvariantCulture, $"<tr data-scan=\"{E(e.Item.ScanId)}\"><td>{e.Position}</td><td><a href=\"/scans/{E(e.Item.ScanId)}\">{E(e.Item.ScanId[..12])}</a></td><td>{E(e.ContainerNumber)}</td><td>{E(e.Mrn)}</td><td>{E(e.Office)}</td>");
                b.Append(CultureInfo.InvariantCulture, $"<td>{(e.Item.Priority ? "priority" : "ordinary")}</td><td>{(e.Item.Channel is { } ch ? $"{ch.ToString().ToLowerInvariant()} {e.Item.RiskScore:0.00}" : "no decision")}</td><td>{e.Item.QueuedAt:yyyy-MM-dd HH:mm}</td>");
                b.Append(CultureInfo.InvariantCulture, $"<td class=\"stage\">{stage}</td><td class=\"reviewer\">{E(e.AssignedTo ?? "—")}</td><td class=\"timer\">{E(timer)}</td><td class=\"alerts\">{E(string.Join(", ", e.Alerts))}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append("<h2>Reviewers</h2>");
        if (reviewers.Count == 0)
        {
            b.Append("<p class=\"muted\" id=\"no-reviewers\">No reviewer is registered: <code>PUT /api/scan-reviewers/{user}</code> with their skills (HS chapters or *).</p>");
            return;
        }

        b.Append("<table id=\"reviewers\"><tr><th>Reviewer</th><th>Office</th><th>Skills (HS chapters)</th><th>Open scans</th></tr>");
        foreach (StoredReviewer r in reviewers)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.User)}</td><td>{E(r.Office)}</td><td>{E(string.Join(", ", r.Skills))}</td><td>{r.OpenAssignments}</td></tr>");
        }

        b.Append("</table>");
    }

    private static async Task<(StoredScan Scan, ScanImage Image)?> LoadAsync(ScanStore store, string id, CancellationToken ct)
    {
        StoredScan? scan = await store.FindAsync(id, ct);
        if (scan is null || scan.Status != ScanStore.Lodged)
        {
            return null;
        }

        byte[] meta = (await store.BlobAsync(scan.MetadataHash, ct))!;
        ScanMetadata m = ScanLodging.ReadMetadata(meta).OrThrow();
        byte[] low = (await store.BlobAsync(scan.LowHash, ct))!, high = (await store.BlobAsync(scan.HighHash, ct))!;
        Result<ScanImage> image = ScanLodging.Check(m, low, high, []);
        return (scan, image.OrThrow());
    }

    /// <summary>The scan's declaration and the machine checks run on it (what the page shows and a verdict is compared with).</summary>
    private static async Task<(Declaration? Declaration, ScanDeclaration ScanDeclaration, ReferenceLibrary Library, IReadOnlyList<CheckFinding> Findings)> ChecksAsync(
        StoredScan scan, ScanImage image, ReviewStore reviews, DeclarationQueries declarations, ReferenceLibraries libraries, CancellationToken ct)
    {
        DeclarationDetail? detail = await declarations.GetAsync(AccessScope.System, scan.Mrn!, ct);
        Declaration? d = detail?.Declaration;
        // A scan received from another node: the goods its declaration declared came with it (the centre holds no declaration).
        IReadOnlyList<DeclaredGoods> received = d is null && (await reviews.StateAsync(scan.ScanId, ct))?.DeclaredGoodsJson is { } json
            ? JsonSerializer.Deserialize<List<DeclaredGoods>>(json) ?? [] : [];
        var scanDeclaration = new ScanDeclaration(scan.Mrn!, scan.ContainerNumber!,
            d is null ? received : [.. d.Items.Where(i => i.CommodityCode is not null).Select(i => new DeclaredGoods(i.CommodityCode!.Value.Subheading, i.Description ?? "", (double)(i.GrossMassKg ?? 0), 0))]);
        ReferenceLibrary library = libraries.For(image.Width, image.Height);
        return (d, scanDeclaration, library, ScanChecks.Run(ScanAnalysis.Of(image), scanDeclaration, library));
    }

    /// <summary>Whether any machine check raised an alarm on the scan (null when there is no lodged scan of that id).</summary>
    internal static async Task<bool?> MachineAlarmAsync(string id, ScanStore store, ReviewStore reviews, DeclarationQueries declarations, ReferenceLibraries libraries, CancellationToken ct)
    {
        if (await LoadAsync(store, id, ct) is not { } loaded)
        {
            return null;
        }

        return (await ChecksAsync(loaded.Scan, loaded.Image, reviews, declarations, libraries, ct)).Findings.Any(f => f.Alarm);
    }

    private static async Task<IResult> PageAsync(string id, ClaimsPrincipal user, ScanStore store, ReviewStore reviews, DeclarationQueries declarations, ReferenceLibraries libraries, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.SeesAll)
        {
            return Forbidden("Scan review", WhoMay, user);
        }

        if (await LoadAsync(store, id, ct) is not { } loaded)
        {
            return Page("Scan review", $"<p class=\"err\" id=\"not-found\">No lodged scan {E(id)}.</p>", user, StatusCodes.Status404NotFound);
        }

        (StoredScan scan, ScanImage image) = loaded;
        (Declaration? d, ScanDeclaration scanDeclaration, ReferenceLibrary library, IReadOnlyList<CheckFinding> findings) = await ChecksAsync(scan, image, reviews, declarations, libraries, ct);
        string findingsJson = JsonSerializer.Serialize(findings.Where(f => f.Region is not null).Select(f => new { check = f.Check, alarm = f.Alarm, x = f.Region!.Value.X, y = f.Region.Value.Y, width = f.Region.Value.Width, height = f.Region.Value.Height }));

        var b = new StringBuilder();
        b.Append("<style>.review{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.review>section{margin:0}#viewer-box{flex:2 1 560px;min-width:0}#side{flex:1 1 300px;min-width:0}"
            + "#scan-canvas{width:100%;height:auto;background:#000;touch-action:none;cursor:crosshair;display:block}.tools{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin-bottom:.4rem}"
            + "button[aria-pressed=true]{background:#0b3d5c;color:#fff}li.alarm{color:#7a0000}.legend span{display:inline-block;padding:0 .4rem;margin-right:.3rem}</style>");
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">Container <strong>{E(scan.ContainerNumber)}</strong>, declaration {(d is null ? E(scan.Mrn) : $"<a href=\"/declarations/{E(scan.Mrn)}\">{E(scan.Mrn)}</a>")}, scanned at {E(scan.Office)} on {scan.TakenAt:yyyy-MM-dd HH:mm} UTC ({image.Width} × {image.Height} px, {image.PixelWidthMm:0.#} × {image.PixelHeightMm:0.#} mm).</p>");
        b.Append("<div class=\"review\"><section id=\"viewer-box\"><div class=\"tools\">");
        b.Append("<button type=\"button\" id=\"tool-pan\" aria-pressed=\"true\">Pan</button><button type=\"button\" id=\"tool-annotate\" aria-pressed=\"false\">Annotate</button>");
        b.Append("<button type=\"button\" id=\"zoom-in\" aria-label=\"Zoom in\">+</button><button type=\"button\" id=\"zoom-out\" aria-label=\"Zoom out\">−</button><button type=\"button\" id=\"zoom-fit\">Fit</button>");
        b.Append("<label>Display <select id=\"mode\"><option value=\"high\">High energy</option><option value=\"low\">Low energy</option><option value=\"material\">Material colour</option></select></label>");
        b.Append("<label>Window <input id=\"window\" type=\"range\" min=\"0.2\" max=\"12\" step=\"0.1\" value=\"7\"></label><label>Level <input id=\"level\" type=\"range\" min=\"0\" max=\"12\" step=\"0.1\" value=\"3.5\"></label></div>");
        b.Append(CultureInfo.InvariantCulture, $"<canvas id=\"scan-canvas\" width=\"960\" height=\"480\" tabindex=\"0\" aria-label=\"Scan image: drag to pan, or choose Annotate and drag to mark a region\" data-scan=\"{E(scan.ScanId)}\" data-width=\"{image.Width}\" data-height=\"{image.Height}\" data-air-low=\"{ScanGeometry.AirLow}\" data-air-high=\"{ScanGeometry.AirHigh}\" data-findings=\"{E(findingsJson)}\"></canvas>");
        b.Append("<p class=\"legend muted\">Material colour: <span style=\"background:#f0a030;color:#000\">organic</span><span style=\"background:#40b050;color:#000\">inorganic</span><span style=\"background:#2f5fd0;color:#fff\">metal</span> (dual-energy ratio; brightness by attenuation). Dashed: machine checks' regions (red alarms). Solid yellow: your annotations.</p>");
        b.Append("<p id=\"viewer-status\" class=\"muted\" aria-live=\"polite\">Loading the scan…</p></section><section id=\"side\">");

        b.Append("<h2>Declaration</h2>");
        if (d is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">The node holds no declaration {E(scan.Mrn)}.</p>");
        }
        else
        {
            b.Append("<table id=\"goods\"><tr><th>#</th><th>HS</th><th>Goods</th><th>Gross kg</th></tr>");
            foreach (GoodsItem i in d.Items)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.Sequence}</td><td>{E(i.CommodityCode)}</td><td>{E(i.Description)}</td><td>{i.GrossMassKg:N0}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table><p class=\"muted\">Declared mass {scanDeclaration.DeclaredMassKg:N0} kg; containers: {E(string.Join(", ", d.Containers))}.</p>");
        }

        b.Append("<h2>Machine checks (simulated-scan calibration)</h2><ul id=\"findings\">");
        foreach (CheckFinding f in findings)
        {
            string state = !f.Applies ? "does not apply" : f.Alarm ? "ALARM" : "no alarm";
            b.Append(CultureInfo.InvariantCulture, $"<li data-check=\"{E(f.Check)}\" class=\"{(f.Alarm ? "alarm" : "")}\"><strong>{E(f.Check)}</strong> ({state}{(f.Applies ? string.Create(CultureInfo.InvariantCulture, $", score {f.Score:0.00} against {f.Threshold:0.00}") : "")}): {E(f.Reason)}{(f.Region is { } r ? $" <span class=\"muted\">[{E(r)}]</span>" : "")}</li>");
        }

        b.Append("</ul>");
        string? heading = scanDeclaration.Goods.Count > 0 ? scanDeclaration.Goods[0].Hs[..4] : null;
        b.Append("<h2>Typical scan for the declared goods</h2>");
        if (heading is not null && library.Heading(heading) is { } reference)
        {
            GoodsKind? kind = GoodsCatalogue.All.FirstOrDefault(g => g.Heading == heading);
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"typical\">Heading {E(heading)}{(kind is null ? "" : $" ({E(kind.Description)}, {Attenuation.ExpectedForChapter(kind.Chapter).ToString().ToLowerInvariant()}, {kind.DensityLow:0.00}–{kind.DensityHigh:0.00} t/m³ stowed)")}: reference scans vary by ±{reference.RelativeSpread * 100:0}% per 25 cm tile around their local background; a typical load of {reference.Typical.Truth.ActualMassKg:N0} kg fills {reference.Typical.Truth.Cargo?.Width * image.PixelWidthMm / 1000:0.0} m of the container.</p>");
        }
        else
        {
            b.Append("<p id=\"typical\" class=\"muted\">No reference scans for the declared goods.</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <h2>Verdict</h2>
            <form method="post" action="/scans/{E(scan.ScanId)}/verdict" id="verdict-form">
            <fieldset><legend>Verdict</legend><label><input type="radio" name="verdict" value="clear" id="verdict-clear"> Clear</label>
            <label><input type="radio" name="verdict" value="inspect" id="verdict-inspect"> Inspect physically</label></fieldset>
            <label>Reason <textarea name="reason" id="reason" rows="3" maxlength="2000" required></textarea></label>
            <input type="hidden" name="regions" id="regions" value="[]">
            <table id="annotations"><tr><th>Annotated region (px)</th><th>Note</th></tr></table>
            <button type="submit" id="submit-verdict">Record verdict</button></form>
            """);
        IReadOnlyList<StoredVerdict> verdicts = await store.VerdictsAsync(scan.ScanId, ct);
        b.Append("<h2>Verdicts</h2>");
        b.Append(verdicts.Count == 0 ? "<p id=\"no-verdicts\" class=\"muted\">No verdict yet.</p>" : "<table id=\"verdicts\"><tr><th>When (UTC)</th><th>Reviewer</th><th>Verdict</th><th>Reason</th><th>Regions</th></tr>");
        foreach (StoredVerdict v in verdicts)
        {
            int regions = JsonDocument.Parse(v.RegionsJson).RootElement.GetArrayLength();
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{v.DecidedAt:yyyy-MM-dd HH:mm:ss}</td><td>{E(v.Reviewer)} ({E(v.Office)})</td><td class=\"verdict\">{E(v.Verdict)}</td><td>{E(v.Reason)}</td><td>{regions}</td></tr>");
        }

        b.Append(verdicts.Count == 0 ? "" : "</table>");
        ReviewState? review = await reviews.StateAsync(scan.ScanId, ct);
        b.Append("<h2>Review record</h2>");
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"review-stage\">Stage: <strong>{E(review is null ? "not in the queue" : ReviewStore.StageText(review.Stage))}</strong>{(review?.AssignedTo is { } held ? $", with {E(held)}" : "")}.</p>");
        b.Append("<table id=\"review-events\"><tr><th>When (UTC)</th><th>Action</th><th>Who</th><th>Detail</th></tr>");
        foreach (ReviewEvent e in await reviews.EventsAsync(scan.ScanId, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.At:yyyy-MM-dd HH:mm:ss}</td><td>{E(e.Action)}</td><td>{E(e.Actor)}</td><td>{E(e.Detail)}</td></tr>");
        }

        b.Append("</table>");
        b.Append("</section></div><script src=\"/scans/viewer.js\"></script>");
        return Page("Scan review", b.ToString(), user);
    }

    /// <summary>Both channels as little-endian 16-bit samples, low then high, row-major (what the viewer draws).</summary>
    private static async Task<IResult> ChannelsAsync(string id, ClaimsPrincipal user, ScanStore store, CancellationToken ct)
    {
        if (!NodeAuthentication.ScopeOf(user).SeesAll)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await LoadAsync(store, id, ct) is not { } loaded)
        {
            return Results.NotFound();
        }

        ScanImage image = loaded.Image;
        var bytes = new byte[image.Width * image.Height * 4];
        Buffer.BlockCopy(image.Low, 0, bytes, 0, image.Low.Length * 2);
        Buffer.BlockCopy(image.High, 0, bytes, image.Low.Length * 2, image.High.Length * 2);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < bytes.Length; i += 2)
            {
                (bytes[i], bytes[i + 1]) = (bytes[i + 1], bytes[i]);
            }
        }

        return Results.Bytes(bytes, "application/octet-stream");
    }

    private static async Task<IResult> VerdictAsync(string id, HttpContext ctx, ClaimsPrincipal user, ScanStore store, ReviewStore reviews, DeclarationQueries declarations,
        ReferenceLibraries libraries, ScanExchange exchange, Microsoft.Extensions.Options.IOptions<ReviewOptions> options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanAct)
        {
            return Page("Verdict refused", "<p class=\"err\" id=\"denied\">Only a reviewer (a customs officer of an office) may give a verdict on a scan; nothing was recorded.</p>", user, StatusCodes.Status403Forbidden);
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        string verdict = form["verdict"].ToString(), reason = form["reason"].ToString().Trim(), regions = form["regions"].ToString();
        string? error = verdict is not ("clear" or "inspect") ? "Choose a verdict: clear, or inspect physically."
            : reason.Length is 0 or > 2000 ? "Give the reason (up to 2,000 characters)."
            : CheckRegions(regions);
        if (error is not null)
        {
            return Page("Verdict refused", $"<p class=\"err\" id=\"verdict-error\">{E(error)} Nothing was recorded.</p><p><a href=\"/scans/{E(id)}\">Back to the scan</a></p>", user, StatusCodes.Status400BadRequest);
        }

        if (await MachineAlarmAsync(id, store, reviews, declarations, libraries, ct) is not { } alarm)
        {
            return Page("Verdict refused", $"<p class=\"err\">No lodged scan {E(id)}.</p>", user, StatusCodes.Status404NotFound);
        }

        Result<VerdictRecorded> recorded = await reviews.RecordVerdictAsync(id, verdict, reason, regions.Length == 0 ? "[]" : regions, scope.User, scope.OfficeCode!, alarm,
            options.Value.MaxOpenPerReviewer, ct);
        if (recorded.IsValid && recorded.Value.Effect.Decided)
        {
            await exchange.ReturnVerdictAsync(id, recorded.Value.Verdict, ct);
        }

        return !recorded.IsValid
            ? Page("Verdict refused", $"<p class=\"err\" id=\"verdict-error\">{E(recorded.Failure!.Code)}: {E(recorded.Failure.Reason)} Nothing was recorded.</p><p><a href=\"/scans/{E(id)}\">Back to the scan</a></p>",
                user, StatusCodes.Status409Conflict)
            : Results.Redirect($"/scans/{id}#verdicts", permanent: false, preserveMethod: false);
    }

    /// <summary>Null when the regions are a JSON array of at most 50 {x, y, width, height, note?} with non-negative whole numbers.</summary>
    internal static string? CheckRegions(string json)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.Length == 0 ? "[]" : json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() > 50)
            {
                return "The regions must be a list of at most 50.";
            }

            foreach (JsonElement r in doc.RootElement.EnumerateArray())
            {
                foreach (string p in new[] { "x", "y", "width", "height" })
                {
                    if (!r.TryGetProperty(p, out JsonElement v) || !v.TryGetInt32(out int n) || n < 0)
                    {
                        return $"A region's {p} is not a whole number of pixels.";
                    }
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return "The regions are not JSON.";
        }
    }
}
