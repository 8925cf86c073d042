using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Declarations;

/// <summary>
/// Lodging from the web page (issue 15 item 7): a trader (or an officer at the counter) uploads a WCO DM XML, Landsea JSON
/// or UN/EDIFACT CUSDEC file, or fills a form, to lodge, amend or cancel; the answer shows the MRN, or every error in words
/// with the field it is about and what its code means. The form is turned into Landsea JSON and goes through the same
/// reader and writer as <c>POST /api/declarations</c>, so the page decides nothing the API would not, and every submission
/// (refused ones too) is kept.
/// </summary>
public static class LodgePage
{
    /// <summary>Goods item rows the form offers.</summary>
    public const int ItemRows = 5;

    internal static void Map(WebApplication app)
    {
        app.MapGet("/declarations/new", FormAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/declarations/new", SubmitAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static readonly (string Code, string Label)[] Modes =
        [("1", "lodge.mode.1"), ("2", "lodge.mode.2"), ("3", "lodge.mode.3"), ("4", "lodge.mode.4"), ("5", "lodge.mode.5"), ("7", "lodge.mode.7"), ("8", "lodge.mode.8")];

    private static readonly (string Code, string Label)[] Types =
        [("EXA", "lodge.type.EXA"), ("IMA", "lodge.type.IMA"), ("EXD", "lodge.type.EXD"), ("IMD", "lodge.type.IMD")];

    private static async Task<IResult> FormAsync(ClaimsPrincipal user, DeclarationQueries queries, [FromQuery] string? amend, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(user);
        if (!scope.CanLodge)
        {
            return Forbidden(Texts.Get("layout.notAllowed"), Texts.Get("lodge.whoMay"), user);
        }

        DeclarationDetail? amending = null;
        if (!string.IsNullOrWhiteSpace(amend))
        {
            amending = await queries.GetAsync(scope, amend.Trim(), ct);
            if (amending is null)
            {
                return NotFound(T("lodge.notFoundAmend", amend), user);
            }
        }

        return Page(amending is null ? Texts.Get("lodge.title") : Texts.Format("lodge.titleAmend", amending.Summary.Mrn), Form(scope, amending, null), user);
    }

    private static string Form(AccessScope scope, DeclarationDetail? amending, IFormCollection? posted)
    {
        Declaration? d = amending?.Declaration;
        string V(string field, string? stored) => posted?[field].ToString() is { Length: > 0 } p ? p : stored ?? "";
        var b = new StringBuilder();
        if (amending is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <section><h2>{T("lodge.upload")}</h2>
                <p class="muted">{T("lodge.uploadNote", Raw($"<a href=\"/api-docs\">{T("decl.list.reference")}</a>"))}</p>
                <form method="post" action="/declarations/new" enctype="multipart/form-data" id="upload-form">
                <label>{T("lodge.file")} <input type="file" name="file" id="file" required></label>
                <button type="submit" id="upload">{T("lodge.uploadButton")}</button></form></section>
                """);
        }

        string mrn = amending?.Summary.Mrn ?? "";
        b.Append(CultureInfo.InvariantCulture, $"""
            <section><h2>{(amending is null ? T("lodge.fillIn") : T("lodge.amendHeading", mrn))}</h2>
            {(amending is null ? "" : $"<p class=\"muted\">{T("lodge.amendNote")}</p>")}
            <form method="post" action="/declarations/new" id="lodge-form">
            <input type="hidden" name="amends" value="{E(mrn)}">
            <fieldset><legend>{T("lodge.declaration")}</legend>
            <label>{T("lodge.reference")} <input name="reference" id="reference" required maxlength="35" value="{E(V("reference", amending is null ? null : d!.FunctionalReference + "-A" + (amending.Summary.Version + 1).ToString(CultureInfo.InvariantCulture)))}"></label>
            """);
        if (amending is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<label>{T("lodge.typeLabel")} <select name=\"type\" id=\"type\">");
            foreach ((string code, string label) in Types)
            {
                b.Append(CultureInfo.InvariantCulture, $"<option value=\"{code}\"{(V("type", null) == code ? " selected" : "")}>{T(label)}</option>");
            }

            b.Append("</select></label>");
        }

        string declarant = scope.Role == Role.Trader ? scope.TraderId ?? "" : V("declarant", d?.DeclarantId?.Value);
        b.Append(CultureInfo.InvariantCulture, $"""
            <label>{T("lodge.declarantId")} <input name="declarant" id="declarant" required value="{E(declarant)}"{(scope.Role == Role.Trader ? " readonly" : "")} placeholder="{T("lodge.declarantPlaceholder")}"></label>
            <label>{T("lodge.declarantName")} <input name="declarantName" id="declarantName" value="{E(V("declarantName", d?.Parties.FirstOrDefault(p => string.Equals(p.Role, "declarant", StringComparison.OrdinalIgnoreCase))?.Name))}"></label>
            <label>{T("lodge.office")} <select name="office" id="office-code">
            """);
        foreach (CustomsOffice office in Corridor.Offices)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{E(office.Code)}\"{(V("office", d?.OfficeCode) == office.Code ? " selected" : "")}>{E(office.Code)} {E(office.Name)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label>{T("lodge.exportCountry")} <input name="exportCountry" id="exportCountry" size="3" maxlength="2" value="{E(V("exportCountry", d?.ExportCountry?.Value))}" placeholder="CN"></label>
            <label>{T("lodge.destinationCountry")} <input name="destinationCountry" id="destinationCountry" size="3" maxlength="2" value="{E(V("destinationCountry", d?.DestinationCountry?.Value))}" placeholder="SG"></label>
            <label>{T("lodge.mode")} <select name="mode" id="mode">
            """);
        foreach ((string code, string label) in Modes)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{code}\"{(V("mode", d?.TransportMode) == code ? " selected" : "")}>{T(label)}</option>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </select></label>
            <label>{T("lodge.invoiceAmount")} <input name="invoiceAmount" id="invoiceAmount" inputmode="decimal" value="{E(V("invoiceAmount", d?.InvoiceAmount?.ToString(CultureInfo.InvariantCulture)))}"></label>
            <label>{T("lodge.currency")} <input name="currency" id="currency" size="4" maxlength="3" value="{E(V("currency", d?.InvoiceCurrency?.Value ?? "CNY"))}"></label>
            </fieldset>
            <fieldset><legend>{T("lodge.items")}</legend>
            <table id="item-rows"><thead><tr><th>#</th><th>{T("lodge.colHs")}</th><th>{T("decl.show.colDescription")}</th><th>{T("decl.show.colOrigin")}</th><th>{T("decl.show.colAmount")}</th><th>{T("decl.show.colGross")}</th><th>{T("decl.show.colNet")}</th></tr></thead><tbody>
            """);
        IReadOnlyList<GoodsItem> items = d?.Items ?? [];
        int rows = Math.Max(ItemRows, items.Count);
        for (int i = 0; i < rows; i++)
        {
            GoodsItem? item = i < items.Count ? items[i] : null;
            string n = (i + 1).ToString(CultureInfo.InvariantCulture);
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{n}</td>
                <td><input name="hs{n}" id="hs{n}" size="10" inputmode="numeric" aria-label="{T("lodge.itemHs", n)}" value="{E(V("hs" + n, item?.CommodityCode?.Digits))}"></td>
                <td><input name="description{n}" id="description{n}" aria-label="{T("lodge.itemDescription", n)}" value="{E(V("description" + n, item?.Description))}"></td>
                <td><input name="origin{n}" id="origin{n}" size="3" maxlength="2" aria-label="{T("lodge.itemOrigin", n)}" value="{E(V("origin" + n, item?.OriginCountry?.Value))}"></td>
                <td><input name="amount{n}" id="amount{n}" size="10" inputmode="decimal" aria-label="{T("lodge.itemAmount", n)}" value="{E(V("amount" + n, item?.Amount?.ToString(CultureInfo.InvariantCulture)))}"></td>
                <td><input name="gross{n}" id="gross{n}" size="7" inputmode="decimal" aria-label="{T("lodge.itemGross", n)}" value="{E(V("gross" + n, item?.GrossMassKg?.ToString(CultureInfo.InvariantCulture)))}"></td>
                <td><input name="net{n}" id="net{n}" size="7" inputmode="decimal" aria-label="{T("lodge.itemNet", n)}" value="{E(V("net" + n, item?.NetMassKg?.ToString(CultureInfo.InvariantCulture)))}"></td></tr>
                """);
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            </tbody></table></fieldset>
            <button type="submit" id="lodge">{(amending is null ? T("lodge.submit") : T("lodge.submitAmendment"))}</button></form></section>
            """);
        if (amending is not null && DeclarationLifecycle.Next(amending.Summary.Status, DeclarationEvent.Invalidated) is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <section><h2>{T("lodge.cancelHeading")}</h2><form method="post" action="/declarations/new" id="cancel-form">
                <input type="hidden" name="cancels" value="{E(mrn)}"><input type="hidden" name="declarant" value="{E(declarant)}">
                <input type="hidden" name="reference" value="{E(d!.FunctionalReference + "-X")}">
                <button type="submit" id="cancel">{T("lodge.cancel", mrn)}</button></form></section>
                """);
        }

        return b.ToString();
    }

    private static async Task<IResult> SubmitAsync(HttpContext ctx, DeclarationWriter store, DeclarationQueries queries, TimeProvider time, NodeOptions options, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        if (!scope.CanLodge)
        {
            return Forbidden(Texts.Get("layout.notAllowed"), Texts.Get("lodge.whoMay"), ctx.User);
        }

        // The antiforgery check ran in the middleware (CrossSiteRequests): the form carries the layout's token.
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        byte[] bytes;
        string how;
        DeclarationDetail? amending = null;
        if (form.Files.GetFile("file") is { } file)
        {
            if (file.Length > options.MaxSubmissionBytes)
            {
                return Page(Texts.Get("lodge.notLodged"), $"<p class=\"err\">{T("lodge.tooLarge", file.Length, options.MaxSubmissionBytes, ErrorCodes.TooLarge)}</p><p><a href=\"/declarations/new\">{T("common.back")}</a></p>", ctx.User, StatusCodes.Status413PayloadTooLarge);
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
            how = Texts.Format("lodge.how.file", file.FileName);
        }
        else
        {
            if (form["amends"].ToString() is { Length: > 0 } amends)
            {
                amending = await queries.GetAsync(scope, amends, ct);
                if (amending is null)
                {
                    return NotFound(T("lodge.notFoundAmend", amends), ctx.User);
                }
            }

            bytes = ToJson(form, amending?.Summary.Mrn ?? NullIfEmpty(form["cancels"].ToString()), cancel: form["cancels"].ToString().Length > 0);
            how = Texts.Get(form["cancels"].ToString().Length > 0 ? "lodge.how.cancellation" : amending is null ? "lodge.how.form" : "lodge.how.amendment");
        }

        CustomsOffice office = Lodge.ReceivingOffice(scope, store.Node);
        (SubmissionFormat format, DeclarationCheck check) = SubmissionReader.Read(bytes, office.LocalDay(time.GetUtcNow()));
        LodgeAnswer answer = await store.LodgeAsync(new Submission(bytes, format, check, scope, office.Code), ct);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("lodge.received", how, format.Name(), answer.SubmissionId)}</p>");
        int status = StatusCodes.Status200OK;
        switch (answer.Outcome)
        {
            case LodgeAnswer.Accepted:
                b.Append(CultureInfo.InvariantCulture, $"""
                    <p id="outcome" class="ok">{T(answer.Duplicate ? "lodge.duplicate" : "lodge.accepted", Raw($"<a id=\"mrn\" href=\"/declarations/{E(answer.Mrn)}\">{E(answer.Mrn)}</a>"), answer.Status is { } lodgedStatus ? Texts.Name("status", lodgedStatus) : "")}</p>
                    """);
                break;
            case LodgeAnswer.Conflict:
                status = StatusCodes.Status409Conflict;
                b.Append(CultureInfo.InvariantCulture, $"<p id=\"outcome\" class=\"err\">{T("lodge.conflict", answer.FunctionalReference)}</p>");
                break;
            default:
                status = StatusCodes.Status422UnprocessableEntity;
                b.Append(CultureInfo.InvariantCulture, $"<p id=\"outcome\" class=\"err\">{T("lodge.problems", answer.Errors.Count)}</p>");
                break;
        }

        if (answer.Errors.Count > 0 || answer.Warnings.Count > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"errors\"><thead><tr><th>{T("lodge.colWhere")}</th><th>{T("lodge.colWhat")}</th><th>{T("lodge.colCode")}</th><th>{T("lodge.colMeaning")}</th></tr></thead><tbody>");
            foreach ((DeclarationError e, bool warning) in answer.Errors.Select(e => (e, false)).Concat(answer.Warnings.Select(w => (w, true))))
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr{(warning ? " class=\"warning\"" : "")}><td>{E(FieldInWords(e.Pointer))}<br><small class=\"muted\">{E(e.Pointer)}</small></td><td>{(warning ? T("lodge.warning", e.Reason) : E(e.Reason))}</td><td>{E(e.Code)}</td><td>{E(Texts.Label("code", e.Code) is var meaning && meaning != e.Code ? meaning : CodeMeaning(e.Code))}</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        if (answer.Outcome != LodgeAnswer.Accepted && form.Files.Count == 0)
        {
            b.Append(Form(scope, amending, form));
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/declarations/new\">{T("lodge.another")}</a> · <a href=\"/declarations\">{T("lodge.yours")}</a></p>");
        }

        return Page(Texts.Get(answer.Outcome == LodgeAnswer.Accepted ? "lodge.lodged" : "lodge.notLodged"), b.ToString(), ctx.User, status);
    }

    /// <summary>The form as a Landsea JSON declaration (or an amendment, or a cancellation request): the API's own format.</summary>
    internal static byte[] ToJson(IFormCollection form, string? referencedMrn, bool cancel)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("functionalReference", form["reference"].ToString().Trim());
            w.WriteString("typeCode", cancel ? "INV" : referencedMrn is not null ? "COR" : form["type"].ToString() is { Length: > 0 } t ? t : "EXA");
            w.WriteString("functionCode", referencedMrn is not null ? "13" : "9");
            if (referencedMrn is not null)
            {
                w.WriteString("referencedMrn", referencedMrn);
            }

            w.WriteStartObject("declarant");
            w.WriteString("id", form["declarant"].ToString().Trim());
            if (form["declarantName"].ToString() is { Length: > 0 } name)
            {
                w.WriteString("name", name.Trim());
            }

            w.WriteEndObject();
            if (!cancel)
            {
                Text(w, "officeCode", form["office"]);
                Text(w, "exportCountry", form["exportCountry"], upper: true);
                Text(w, "destinationCountry", form["destinationCountry"], upper: true);
                Text(w, "transportMode", form["mode"]);
                string currency = form["currency"].ToString().Trim().ToUpperInvariant();
                if (form["invoiceAmount"].ToString().Trim() is { Length: > 0 } invoice)
                {
                    w.WriteStartObject("invoice");
                    Number(w, "amount", invoice);
                    w.WriteString("currency", currency);
                    w.WriteEndObject();
                }

                w.WriteStartArray("items");
                for (int i = 1; i <= 999; i++)
                {
                    string n = i.ToString(CultureInfo.InvariantCulture);
                    if (!form.ContainsKey("hs" + n))
                    {
                        break;
                    }

                    string[] values = [.. ItemFields.Select(f => form[f + n].ToString().Trim())];
                    if (values.All(v => v.Length == 0))
                    {
                        continue;
                    }

                    w.WriteStartObject();
                    w.WriteNumber("sequence", i);
                    Text(w, "commodityCode", values[0].Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
                    Text(w, "description", values[1]);
                    Text(w, "originCountry", values[2], upper: true);
                    if (values[3].Length > 0)
                    {
                        w.WriteStartObject("amount");
                        Number(w, "amount", values[3]);
                        w.WriteString("currency", currency);
                        w.WriteEndObject();
                    }

                    if (values[4].Length > 0)
                    {
                        Number(w, "grossMassKg", values[4]);
                    }

                    if (values[5].Length > 0)
                    {
                        Number(w, "netMassKg", values[5]);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static readonly string[] ItemFields = ["hs", "description", "origin", "amount", "gross", "net"];

    private static void Text(Utf8JsonWriter w, string name, string? value, bool upper = false)
    {
        if (value?.Trim() is { Length: > 0 } v)
        {
            w.WriteString(name, upper ? v.ToUpperInvariant() : v);
        }
    }

    /// <summary>A number as typed: written as a JSON number when it is one, else as text, so the reader names the field and says why.</summary>
    private static void Number(Utf8JsonWriter w, string name, string value)
    {
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal number))
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>A field pointer in words: <c>/items/0/commodityCode</c> → "goods item 1, commodity code".</summary>
    public static string FieldInWords(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/")
        {
            return "the document";
        }

        var words = new List<string>();
        string[] parts = pointer.Trim('/').Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && words.Count > 0)
            {
                words[^1] = $"{words[^1]} {index + 1}";
                continue;
            }

            words.Add(part switch
            {
                "items" or "GovernmentAgencyGoodsItem" or "GoodsItem" => "goods item",
                "ID" or "id" => "identifier",
                _ => Spaced(part),
            });
        }

        return string.Join(", ", words);
    }

    private static string Spaced(string name)
    {
        var b = new StringBuilder();
        foreach (char c in name)
        {
            if (char.IsUpper(c) && b.Length > 0 && b[^1] != ' ')
            {
                b.Append(' ');
            }

            b.Append(char.ToLowerInvariant(c));
        }

        return b.ToString().Replace("kg", " kg", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).Trim();
    }

    /// <summary>The one-line meaning of a declaration error code (docs/error-codes.md), or an empty text for a code of another range.</summary>
    public static string CodeMeaning(string code) =>
        ErrorCodes.All.FirstOrDefault(c => c.Code == code).Meaning
        ?? Landsea.Shared.ValueErrorCodes.All.FirstOrDefault(c => c.Code == code).Meaning
        ?? "";
}
