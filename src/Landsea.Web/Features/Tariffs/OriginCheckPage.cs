using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Landsea.Tariffs;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Tariffs;

/// <summary>
/// <c>/tariffs/origin-check</c>: a bill of materials entered as a form (the product, its FOB value and costs, a table of
/// inputs) is read by the same <see cref="BillOfMaterialsReader"/> as <c>landsea origin check</c>, so errors name the
/// same fields; the result per agreement is shown below the form.
/// </summary>
public static class OriginCheckPage
{
    /// <summary>Input rows the form offers; empty rows are ignored.</summary>
    public const int Rows = 8;

    private static readonly string[] s_amounts = ["fob", "labour", "overhead", "profit", "other"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/tariffs/origin-check", (ClaimsPrincipal user, TimeProvider time) => Render(user, null, Today(time), null, null)).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/tariffs/origin-check", CheckAsync).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> CheckAsync(HttpContext ctx, TimeProvider time, CancellationToken ct)
    {
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        string dateText = form["date"].ToString();
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly on))
        {
            return Render(ctx.User, form, Today(time), [new BomError("date", TariffErrorCodes.BomFormat, $"'{dateText}' is not a date (yyyy-MM-dd).")], null);
        }

        var bom = new JsonObject
        {
            ["formatVersion"] = BillOfMaterialsReader.FormatVersion,
            ["product"] = form["product"].ToString(),
            ["exporter"] = form["exporter"].ToString(),
            ["currency"] = form["currency"].ToString(),
        };
        foreach (string name in s_amounts)
        {
            if (Number(form[name].ToString()) is { } node)
            {
                bom[name] = node;
            }
        }

        var inputs = new JsonArray();
        for (int n = 0; n < Rows; n++)
        {
            string hs = form[$"hs{n}"].ToString(), origin = form[$"origin{n}"].ToString(), value = form[$"value{n}"].ToString();
            if (hs.Trim().Length + origin.Trim().Length + value.Trim().Length == 0)
            {
                continue;
            }

            inputs.Add(new JsonObject { ["hs"] = hs, ["origin"] = origin, ["value"] = Number(value), ["description"] = form[$"description{n}"].ToString() });
        }

        bom["inputs"] = inputs;
        (BomDocument? doc, IReadOnlyList<BomError> errors) = BillOfMaterialsReader.Read(bom.ToJsonString(), on);
        if (doc is null)
        {
            return Render(ctx.User, form, on, errors, null);
        }

        string agreement = form["agreement"].ToString();
        string[] agreements = agreement is Agreements.Rcep or Agreements.Acfta ? [agreement] : [.. OriginCheck.Preferential];
        return Render(ctx.User, form, on, null, (doc, OriginCheck.Check(doc, agreements, on, ProductRuleBook.Shipped)));
    }

    // A number the user typed stays a JSON number; anything else stays text, so the reader names the field (LS736).
    private static JsonValue? Number(string text) =>
        text.Trim().Length == 0 ? null
        : decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal d) ? JsonValue.Create(d)
        : JsonValue.Create(text);

    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static IResult Render(ClaimsPrincipal user, IFormCollection? form, DateOnly on, IReadOnlyList<BomError>? errors, (BomDocument Bom, IReadOnlyList<AgreementOrigin> Answers)? result)
    {
        string V(string name, string fallback = "") => E(form is null ? fallback : form[name].ToString());
        var b = new StringBuilder();
        if (errors is { Count: > 0 })
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"err\" id=\"bom-errors\"><p>{T("oc.notChecked")}</p><ul>");
            foreach (BomError e in errors)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(FieldName(e.Field))}</strong>: {E(e.Reason)} ({E(e.Code)})</li>");
            }

            b.Append("</ul></div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="/tariffs/origin-check" id="bom-form">
            <div class="filters">
            <label>{T("oc.product")} <input name="product" id="product" value="{V("product")}" placeholder="8501.52" required></label>
            <label>{T("oc.exporter")} <input name="exporter" id="exporter" value="{V("exporter")}" size="3" placeholder="TH" required></label>
            <label>{T("lodge.currency")} <input name="currency" id="currency" value="{V("currency", "USD")}" size="4"></label>
            <label>{T("oc.fob")} <input name="fob" id="fob" value="{V("fob")}" size="10" required></label>
            <label>{T("oc.labour")} <input name="labour" id="labour" value="{V("labour")}" size="8"></label>
            <label>{T("oc.overhead")} <input name="overhead" id="overhead" value="{V("overhead")}" size="8"></label>
            <label>{T("oc.profit")} <input name="profit" id="profit" value="{V("profit")}" size="8"></label>
            <label>{T("oc.other")} <input name="other" id="other" value="{V("other")}" size="8"></label>
            <label>{T("tariff.date")} <input name="date" id="date" type="date" value="{V("date", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}"></label>
            <label>{T("oc.agreement")} <select name="agreement" id="agreement"><option value="">{T("oc.both")}</option><option{(V("agreement") == "RCEP" ? " selected" : "")}>RCEP</option><option{(V("agreement") == "ACFTA" ? " selected" : "")}>ACFTA</option></select></label>
            </div>
            <table id="bom-inputs"><tr><th>#</th><th>{T("oc.inputHs")}</th><th>{T("oc.inputOrigin")}</th><th>{T("oc.inputValue")}</th><th>{T("decl.show.colDescription")}</th></tr>
            """);
        for (int n = 0; n < Rows; n++)
        {
            b.Append(CultureInfo.InvariantCulture, $"<tr><td>{n + 1}</td><td><input name=\"hs{n}\" id=\"hs{n}\" aria-label=\"{T("oc.ariaHs", n + 1)}\" value=\"{V($"hs{n}")}\" size=\"10\"></td><td><input name=\"origin{n}\" id=\"origin{n}\" aria-label=\"{T("oc.ariaOrigin", n + 1)}\" value=\"{V($"origin{n}")}\" size=\"8\"></td><td><input name=\"value{n}\" id=\"value{n}\" aria-label=\"{T("oc.ariaValue", n + 1)}\" value=\"{V($"value{n}")}\" size=\"10\"></td><td><input name=\"description{n}\" id=\"description{n}\" aria-label=\"{T("oc.ariaDescription", n + 1)}\" value=\"{V($"description{n}")}\" size=\"30\"></td></tr>");
        }

        b.Append(CultureInfo.InvariantCulture, $"</table><p><button type=\"submit\" id=\"check\">{T("oc.check")}</button> <span class=\"muted\">{T("oc.note")}</span></p></form>");
        if (result is { } r)
        {
            b.Append(CultureInfo.InvariantCulture, $"<section id=\"origin-result\"><h2>{T("oc.resultFor", r.Bom.Bom.Product, r.Bom.Exporter)}</h2>");
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"origin-answers\"><tr><th>{T("oc.agreement")}</th><th>{T("oc.result")}</th><th>{T("oc.rule")}</th><th>{T("oc.rvcDown")}</th><th>{T("oc.rvcUp")}</th><th>VNM</th><th>{T("oc.noShift")}</th><th>{T("oc.deMinimis")}</th><th>{T("oc.why")}</th></tr>");
            foreach (AgreementOrigin a in r.Answers)
            {
                string verdict = T(a.Status switch
                {
                    OriginStatus.Qualifies => "oc.qualifies",
                    OriginStatus.DoesNotQualify => "oc.doesNotQualify",
                    OriginStatus.NotApplicable => "oc.notApplicable",
                    _ => "oc.noRule",
                });
                b.Append(CultureInfo.InvariantCulture, $"""
                    <tr data-agreement="{E(a.Agreement)}"><td>{E(a.Agreement)}</td><td class="verdict">{verdict}</td>
                    <td>{E(a.Rule?.Rule)}{(a.Rule is { } rule ? $" ({E(rule.Scope)}{(rule.Sample ? T("oc.sample") : "")})" : "")}</td>
                    <td class="rvc-down">{(a.Outcome is { } o ? $"{o.RvcBuildDown} %" : "")}</td><td class="rvc-up">{(a.Outcome is { } u ? $"{u.RvcBuildUp} %" : "")}</td>
                    <td>{a.Vnm} {E(r.Bom.Currency)}</td><td>{E(string.Join(", ", a.FailedTariffShift))}</td><td>{(a.Outcome is { } d ? $"{d.DeMinimisPercent} %" : "")}</td><td>{E(a.Reason)}</td></tr>
                    """);
            }

            b.Append("</table></section>");
        }

        return Page(Texts.Get("oc.title"), b.ToString(), user, errors is { Count: > 0 } ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    // "/inputs/2/value" reads "input 3, value" beside the form's table.
    private static string FieldName(string pointer)
    {
        string[] parts = pointer.Trim('/').Split('/');
        return parts.Length == 3 && parts[0] == "inputs" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int n)
            ? $"input {n + 1}, {parts[2]}"
            : parts[^1];
    }
}
