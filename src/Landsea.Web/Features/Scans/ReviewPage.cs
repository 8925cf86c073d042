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
using Landsea.Web.Infrastructure;
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
            return Forbidden(Texts.Get("scans.title"), Texts.Get("scans.whoMay"), user);
        }

        IReadOnlyList<StoredScan> scans = await store.LodgedAsync(200, ct);
        var b = new StringBuilder();
        AppendQueue(b, await reviews.QueueAsync(options.Value.Timers, ct), await reviews.ReviewersAsync(ct), time.GetUtcNow());
        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.lodged")}</h2>");
        if (scans.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"no-scans\">{T("scans.noScans", Raw("<code>landsea scan lodge</code>"), Raw("<code>POST /api/scans</code>"))}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"scans\"><tr><th>{T("scans.colScan")}</th><th>{T("scans.colContainer")}</th><th>MRN</th><th>{T("scans.colOffice")}</th><th>{T("scans.colTaken")}</th></tr>");
            foreach (StoredScan s in scans)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/scans/{E(s.ScanId)}\">{E(s.ScanId[..12])}</a></td><td>{E(s.ContainerNumber)}</td><td>{E(s.Mrn)}</td><td>{E(s.Office)}</td><td>{(s.TakenAt is { } taken ? When(s.Office, taken) : "")}</td></tr>");
            }

            b.Append("</table>");
        }

        return Page(Texts.Get("scans.title"), b.ToString(), user);
    }

    /// <summary>The review centre's queue in its order (lane, risk, age), who holds each scan, its timer and alerts; the reviewers.</summary>
    private static void AppendQueue(StringBuilder b, IReadOnlyList<QueueEntry> queue, IReadOnlyList<StoredReviewer> reviewers, DateTimeOffset now)
    {
        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.queue")}</h2>");
        if (queue.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"queue-empty\">{T("scans.queueEmpty")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("scans.queueOrder")}</p>");
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"queue\"><tr><th>#</th><th>{T("scans.colScan")}</th><th>{T("scans.colContainer")}</th><th>MRN</th><th>{T("scans.colScannedAt")}</th><th>{T("scans.colLane")}</th><th>{T("scans.colRisk")}</th><th>{T("scans.colQueued")}</th><th>{T("scans.colStage")}</th><th>{T("scans.colReviewer")}</th><th>{T("scans.colTimer")}</th><th>{T("scans.colAlerts")}</th></tr>");
            foreach (QueueEntry e in queue)
            {
                string timer = e.DueAt is not { } due ? "" : due <= now
                    ? Texts.Format("scans.overdueBy", (now - due).TotalMinutes.ToString("0", CultureInfo.InvariantCulture))
                    : Texts.Format("scans.dueIn", (due - now).TotalMinutes.ToString("0", CultureInfo.InvariantCulture));
                string stage = e.Stage switch
                {
                    ReviewStage.Queued => T("scans.stageWaiting"),
                    ReviewStage.Assigned => T("scans.stageFirst"),
                    ReviewStage.SecondQueued => T("scans.stageSecondWaiting"),
                    _ => T("scans.stageSecond"),
                };
                b.Append(CultureInfo.InvariantCulture, $"<tr data-scan=\"{E(e.Item.ScanId)}\"><td>{e.Position}</td><td><a href=\"/scans/{E(e.Item.ScanId)}\">{E(e.Item.ScanId[..12])}</a></td><td>{E(e.ContainerNumber)}</td><td>{E(e.Mrn)}</td><td>{E(e.Office)}</td>");
                b.Append(CultureInfo.InvariantCulture, $"<td>{T(e.Item.Priority ? "scans.priority" : "scans.ordinary")}</td><td>{(e.Item.Channel is { } ch ? $"{ch.ToString().ToLowerInvariant()} {e.Item.RiskScore:0.00}" : T("scans.noDecision"))}</td><td>{When(e.Office, e.Item.QueuedAt)}</td>");
                b.Append(CultureInfo.InvariantCulture, $"<td class=\"stage\">{stage}</td><td class=\"reviewer\">{E(e.AssignedTo ?? "—")}</td><td class=\"timer\">{E(timer)}</td><td class=\"alerts\">{E(string.Join(", ", e.Alerts))}</td></tr>");
            }

            b.Append("</table>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.reviewers")}</h2>");
        if (reviewers.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"no-reviewers\">{T("scans.noReviewers", Raw("<code>PUT /api/scan-reviewers/{user}</code>"))}</p>");
            return;
        }

        b.Append(CultureInfo.InvariantCulture, $"<table id=\"reviewers\"><tr><th>{T("scans.colReviewer")}</th><th>{T("scans.colOffice")}</th><th>{T("scans.colSkills")}</th><th>{T("scans.colOpen")}</th></tr>");
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
            return Forbidden(Texts.Get("scans.reviewTitle"), Texts.Get("scans.whoMay"), user);
        }

        if (await LoadAsync(store, id, ct) is not { } loaded)
        {
            return Page(Texts.Get("scans.reviewTitle"), $"<p class=\"err\" id=\"not-found\">{T("scans.notFound", id)}</p>", user, StatusCodes.Status404NotFound);
        }

        (StoredScan scan, ScanImage image) = loaded;
        (Declaration? d, ScanDeclaration scanDeclaration, ReferenceLibrary library, IReadOnlyList<CheckFinding> findings) = await ChecksAsync(scan, image, reviews, declarations, libraries, ct);
        string findingsJson = JsonSerializer.Serialize(findings.Where(f => f.Region is not null).Select(f => new { check = f.Check, alarm = f.Alarm, x = f.Region!.Value.X, y = f.Region.Value.Y, width = f.Region.Value.Width, height = f.Region.Value.Height }));

        var b = new StringBuilder();
        b.Append("<style>.review{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.review>section{margin:0}#viewer-box{flex:2 1 560px;min-width:0}#side{flex:1 1 300px;min-width:0}"
            + "#scan-canvas{width:100%;height:auto;background:#000;touch-action:none;cursor:crosshair;display:block}.tools{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin-bottom:.4rem}"
            + "button[aria-pressed=true]{background:#0b3d5c;color:#fff}li.alarm{color:#7a0000}.legend span{display:inline-block;padding:0 .4rem;margin-right:.3rem}</style>");
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{T("scans.summary", Raw($"<strong>{E(scan.ContainerNumber)}</strong>"), Raw(d is null ? E(scan.Mrn) : $"<a href=\"/declarations/{E(scan.Mrn)}\">{E(scan.Mrn)}</a>"), scan.Office, (scan.TakenAt is { } takenAt ? Texts.LocalTime(scan.Office, takenAt) : "—"), image.Width.ToString(CultureInfo.InvariantCulture), image.Height.ToString(CultureInfo.InvariantCulture), image.PixelWidthMm.ToString("0.#", CultureInfo.InvariantCulture), image.PixelHeightMm.ToString("0.#", CultureInfo.InvariantCulture))}</p>");
        b.Append("<div class=\"review\"><section id=\"viewer-box\"><div class=\"tools\">");
        b.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" id=\"tool-pan\" aria-pressed=\"true\">{T("scans.pan")}</button><button type=\"button\" id=\"tool-annotate\" aria-pressed=\"false\">{T("scans.annotate")}</button>");
        b.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" id=\"zoom-in\" aria-label=\"{T("scans.zoomIn")}\">+</button><button type=\"button\" id=\"zoom-out\" aria-label=\"{T("scans.zoomOut")}\">−</button><button type=\"button\" id=\"zoom-fit\">{T("scans.fit")}</button>");
        b.Append(CultureInfo.InvariantCulture, $"<label>{T("scans.display")} <select id=\"mode\"><option value=\"high\">{T("scans.high")}</option><option value=\"low\">{T("scans.low")}</option><option value=\"material\">{T("scans.material")}</option></select></label>");
        b.Append(CultureInfo.InvariantCulture, $"<label>{T("scans.window")} <input id=\"window\" type=\"range\" min=\"0.2\" max=\"12\" step=\"0.1\" value=\"7\"></label><label>{T("scans.level")} <input id=\"level\" type=\"range\" min=\"0\" max=\"12\" step=\"0.1\" value=\"3.5\"></label></div>");
        b.Append(CultureInfo.InvariantCulture, $"<canvas id=\"scan-canvas\" width=\"960\" height=\"480\" tabindex=\"0\" aria-label=\"{T("scans.canvas")}\" data-scan=\"{E(scan.ScanId)}\" data-width=\"{image.Width}\" data-height=\"{image.Height}\" data-air-low=\"{ScanGeometry.AirLow}\" data-air-high=\"{ScanGeometry.AirHigh}\" data-findings=\"{E(findingsJson)}\"></canvas>");
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"legend muted\">{T("scans.legendMaterial")} <span style=\"background:#f0a030;color:#000\">{T("scans.organic")}</span><span style=\"background:#40b050;color:#000\">{T("scans.inorganic")}</span><span style=\"background:#2f5fd0;color:#fff\">{T("scans.metal")}</span> {T("scans.legendRest")}</p>");
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"viewer-status\" class=\"muted\" aria-live=\"polite\">{T("scans.loading")}</p></section><section id=\"side\">");

        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.declaration")}</h2>");
        if (d is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\">{T("scans.noDeclaration", scan.Mrn)}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"goods\"><tr><th>#</th><th>HS</th><th>{T("scans.colGoods")}</th><th>{T("scans.colGross")}</th></tr>");
            foreach (GoodsItem i in d.Items)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{i.Sequence}</td><td>{E(i.CommodityCode)}</td><td>{E(i.Description)}</td><td>{i.GrossMassKg:N0}</td></tr>");
            }

            b.Append(CultureInfo.InvariantCulture, $"</table><p class=\"muted\">{T("scans.declaredMass", scanDeclaration.DeclaredMassKg.ToString("N0", CultureInfo.InvariantCulture), string.Join(", ", d.Containers))}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.checks")}</h2><ul id=\"findings\">");
        foreach (CheckFinding f in findings)
        {
            string state = T(!f.Applies ? "scans.doesNotApply" : f.Alarm ? "scans.alarm" : "scans.noAlarm");
            b.Append(CultureInfo.InvariantCulture, $"<li data-check=\"{E(f.Check)}\" class=\"{(f.Alarm ? "alarm" : "")}\"><strong>{E(f.Check)}</strong> ({state}{(f.Applies ? T("scans.score", f.Score.ToString("0.00", CultureInfo.InvariantCulture), f.Threshold.ToString("0.00", CultureInfo.InvariantCulture)) : "")}): {E(f.Reason)}{(f.Region is { } r ? $" <span class=\"muted\">[{E(r)}]</span>" : "")}</li>");
        }

        b.Append("</ul>");
        string? heading = scanDeclaration.Goods.Count > 0 ? scanDeclaration.Goods[0].Hs[..4] : null;
        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.typicalHeading")}</h2>");
        if (heading is not null && library.Heading(heading) is { } reference)
        {
            GoodsKind? kind = GoodsCatalogue.All.FirstOrDefault(g => g.Heading == heading);
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"typical\">{T("scans.typical", heading, kind is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({kind.Description}, {Attenuation.ExpectedForChapter(kind.Chapter).ToString().ToLowerInvariant()}, {kind.DensityLow:0.00}–{kind.DensityHigh:0.00} t/m³ {Texts.Get("scans.stowed")})"), (reference.RelativeSpread * 100).ToString("0", CultureInfo.InvariantCulture), reference.Typical.Truth.ActualMassKg.ToString("N0", CultureInfo.InvariantCulture), (reference.Typical.Truth.Cargo?.Width * image.PixelWidthMm / 1000)?.ToString("0.0", CultureInfo.InvariantCulture))}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"typical\" class=\"muted\">{T("scans.noTypical")}</p>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <h2>{T("scans.verdict")}</h2>
            <form method="post" action="/scans/{E(scan.ScanId)}/verdict" id="verdict-form">
            <fieldset><legend>{T("scans.verdict")}</legend><label><input type="radio" name="verdict" value="clear" id="verdict-clear"> {T("scans.clear")}</label>
            <label><input type="radio" name="verdict" value="inspect" id="verdict-inspect"> {T("scans.inspect")}</label></fieldset>
            <label>{T("scans.reason")} <textarea name="reason" id="reason" rows="3" maxlength="2000" required></textarea></label>
            <input type="hidden" name="regions" id="regions" value="[]">
            <table id="annotations"><tr><th>{T("scans.colRegion")}</th><th>{T("scans.colNote")}</th></tr></table>
            <button type="submit" id="submit-verdict">{T("scans.record")}</button></form>
            """);
        IReadOnlyList<StoredVerdict> verdicts = await store.VerdictsAsync(scan.ScanId, ct);
        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.verdicts")}</h2>");
        b.Append(verdicts.Count == 0 ? $"<p id=\"no-verdicts\" class=\"muted\">{T("scans.noVerdicts")}</p>" : $"<table id=\"verdicts\"><tr><th>{T("scans.colWhen")}</th><th>{T("scans.colReviewer")}</th><th>{T("scans.verdict")}</th><th>{T("scans.reason")}</th><th>{T("scans.colRegions")}</th></tr>");
        foreach (StoredVerdict v in verdicts)
        {
            int regions = JsonDocument.Parse(v.RegionsJson).RootElement.GetArrayLength();
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{When(v.Office, v.DecidedAt)}</td><td>{E(v.Reviewer)} ({E(v.Office)})</td><td class=\"verdict\">{E(v.Verdict)}</td><td>{E(v.Reason)}</td><td>{regions}</td></tr>");
        }

        b.Append(verdicts.Count == 0 ? "" : "</table>");
        ReviewState? review = await reviews.StateAsync(scan.ScanId, ct);
        b.Append(CultureInfo.InvariantCulture, $"<h2>{T("scans.reviewRecord")}</h2>");
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"review-stage\">{T("scans.stage", Raw($"<strong>{E(review is null ? Texts.Get("scans.notQueued") : ReviewStore.StageText(review.Stage))}</strong>"), Raw(review?.AssignedTo is { } held ? T("scans.with", held) : ""))}</p>");
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"review-events\"><tr><th>{T("scans.colWhen")}</th><th>{T("scans.colAction")}</th><th>{T("scans.colWho")}</th><th>{T("scans.colDetail")}</th></tr>");
        foreach (ReviewEvent e in await reviews.EventsAsync(scan.ScanId, ct))
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{When(scan.Office, e.At)}</td><td>{E(e.Action)}</td><td>{E(e.Actor)}</td><td>{E(e.Detail)}</td></tr>");
        }

        b.Append("</table>");
        b.Append("</section></div><script src=\"/scans/viewer.js\"></script>");
        return Page(Texts.Get("scans.reviewTitle"), b.ToString(), user);
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
            return Page(Texts.Get("scans.refusedTitle"), $"<p class=\"err\" id=\"denied\">{T("scans.denied")}</p>", user, StatusCodes.Status403Forbidden);
        }

        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        string verdict = form["verdict"].ToString(), reason = form["reason"].ToString().Trim(), regions = form["regions"].ToString();
        string? error = verdict is not ("clear" or "inspect") ? Texts.Get("scans.chooseVerdict")
            : reason.Length is 0 or > 2000 ? Texts.Get("scans.giveReason")
            : CheckRegions(regions);
        if (error is not null)
        {
            return Page(Texts.Get("scans.refusedTitle"), $"<p class=\"err\" id=\"verdict-error\">{E(error)} {T("scans.nothingRecorded")}</p><p><a href=\"/scans/{E(id)}\">{T("scans.back")}</a></p>", user, StatusCodes.Status400BadRequest);
        }

        if (await MachineAlarmAsync(id, store, reviews, declarations, libraries, ct) is not { } alarm)
        {
            return Page(Texts.Get("scans.refusedTitle"), $"<p class=\"err\">{T("scans.notFound", id)}</p>", user, StatusCodes.Status404NotFound);
        }

        Result<VerdictRecorded> recorded = await reviews.RecordVerdictAsync(id, verdict, reason, regions.Length == 0 ? "[]" : regions, scope.User, scope.OfficeCode!, alarm,
            options.Value.MaxOpenPerReviewer, ct);
        if (recorded.IsValid && recorded.Value.Effect.Decided)
        {
            await exchange.ReturnVerdictAsync(id, recorded.Value.Verdict, ct);
        }

        return !recorded.IsValid
            ? Page(Texts.Get("scans.refusedTitle"), $"<p class=\"err\" id=\"verdict-error\">{E(recorded.Failure!.Code)}: {E(recorded.Failure.Reason)} {T("scans.nothingRecorded")}</p><p><a href=\"/scans/{E(id)}\">{T("scans.back")}</a></p>",
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
