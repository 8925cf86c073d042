using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Shared;
using Landsea.Tariffs;
using Landsea.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Tariffs;

/// <summary>
/// <c>/tariffs</c>: look up a commodity by HS code for an origin and an importer: its description, and the options
/// table (MFN, RCEP, ACFTA) with rate, duty, saving, the rule of origin to meet and the proof needed.
/// </summary>
public static class LookupPage
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/tariffs", PageAsync).RequireAuthorization().ExcludeFromDescription();

    private static async Task<IResult> PageAsync(ClaimsPrincipal user, TariffBooks books, TimeProvider time,
        [FromQuery] string? hs, [FromQuery] string? origin, [FromQuery] string? importer, [FromQuery] string? value,
        [FromQuery] string? currency, [FromQuery] string? quantity, [FromQuery] string? unit, [FromQuery] string? date, CancellationToken ct)
    {
        var b = new StringBuilder();
        string today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        b.Append(CultureInfo.InvariantCulture, $"""
            <form method="get" action="/tariffs" class="filters" id="lookup-form">
            <label>{T("tariff.hs")} <input name="hs" id="hs" value="{E(hs)}" placeholder="8501.52" required></label>
            <label>{T("decl.show.colOrigin")} <input name="origin" id="origin" value="{E(origin)}" size="3" placeholder="TH" required></label>
            <label>{T("tariff.importer")} <input name="importer" id="importer" value="{E(importer ?? "CN")}" size="3" required></label>
            <label>{T("tariff.value")} <input name="value" id="value" value="{E(value ?? "1000")}" size="10"></label>
            <label>{T("lodge.currency")} <input name="currency" id="currency" value="{E(currency ?? "USD")}" size="4"></label>
            <label>{T("tariff.quantity")} <input name="quantity" id="quantity" value="{E(quantity)}" size="6"></label>
            <label>{T("tariff.unit")} <input name="unit" id="unit" value="{E(unit)}" size="3" placeholder="t"></label>
            <label>{T("tariff.date")} <input name="date" id="date" type="date" value="{E(date ?? today)}"></label>
            <button type="submit" id="look-up">{T("tariff.lookUp")}</button></form>
            <p class="muted">{T("tariff.note", Raw($"<a href=\"/tariffs/origin-check\">{T("tariff.checkBom")}</a>"))}</p>
            """);
        if (string.IsNullOrWhiteSpace(hs))
        {
            return Page(Texts.Get("tariff.title"), b.ToString(), user);
        }

        var problems = new List<string>();
        Result<HsCode> code = HsCode.Parse(hs);
        Result<CountryCode> o = CountryCode.Parse(origin), i = CountryCode.Parse(importer);
        Result<CurrencyCode> cur = CurrencyCode.Parse(currency);
        if (!code.IsValid) { problems.Add(Texts.Format("tariff.problem", Texts.Get("tariff.hs"), code.Failure!.Reason)); }
        if (!o.IsValid) { problems.Add(Texts.Format("tariff.problem", Texts.Get("decl.show.colOrigin"), o.Failure!.Reason)); }
        if (!i.IsValid) { problems.Add(Texts.Format("tariff.problem", Texts.Get("tariff.importer"), i.Failure!.Reason)); }
        if (!cur.IsValid) { problems.Add(Texts.Format("tariff.problem", Texts.Get("lodge.currency"), cur.Failure!.Reason)); }
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)) { problems.Add(Texts.Format("tariff.notNumber", Texts.Get("tariff.value"), value)); }
        decimal? q = null;
        if (!string.IsNullOrWhiteSpace(quantity))
        {
            if (decimal.TryParse(quantity, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal qv)) { q = qv; }
            else { problems.Add(Texts.Format("tariff.notNumber", Texts.Get("tariff.quantity"), quantity)); }
        }

        if (!DateOnly.TryParseExact(date ?? today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly on)) { problems.Add(Texts.Format("tariff.notDate", Texts.Get("tariff.date"), date)); }
        Result<ItemAdvice> advice = problems.Count > 0
            ? new Failure(TariffErrorCodes.DutyInputInvalid, string.Join(" ", problems))
            : TariffAdvisor.Advise(new DutyQuestion(code.Value, o.Value, i.Value, new Money(amount, cur.Value), on, q, string.IsNullOrWhiteSpace(unit) ? null : unit.Trim()),
                null, await books.CurrentAsync(ct), ExchangeRates.Shipped, ProductRuleBook.Shipped);
        if (code.IsValid && HsNomenclature.InForceOn(on).Find(code.Value.Subheading) is { } entry)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p id=\"hs-description\"><strong>{E(code.Value)}</strong>: {E(entry.Description)} (HS {HsNomenclature.InForceOn(on).Edition})</p>");
        }

        if (!advice.IsValid)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"err\" id=\"lookup-error\">{E(advice.Failure!.Reason)} ({E(advice.Failure.Code)})</p>");
            return Page(Texts.Get("tariff.title"), b.ToString(), user, StatusCodes.Status422UnprocessableEntity);
        }

        ItemAdvice a = advice.Value;
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"advice-summary\">{E(a.Summary)}</p>");
        b.Append(CultureInfo.InvariantCulture, $"<table id=\"options\"><tr><th>{T("tariff.option")}</th><th>{T("tariff.schedule")}</th><th>{T("tariff.line")}</th><th>{T("tariff.rate")}</th><th>{T("tariff.duty")}</th><th>{T("tariff.saved")}</th><th>{T("tariff.rule")}</th><th>{T("tariff.proof")}</th></tr>");
        foreach (PreferenceAdvice x in a.Options)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr data-agreement="{E(x.Agreement)}"><td>{E(x.Agreement)}</td><td>{E(x.Schedule)}</td><td>{E(x.TariffLine)}</td><td>{E(x.Rate)}{(x.RateSample ? $" <span class=\"muted\">{T("tariff.sampleRate")}</span>" : "")}</td>
                <td class="duty">{E(x.Duty)} {E(a.DutyCurrency)}</td><td>{E(x.SavedVersusMfn)} {E(a.DutyCurrency)}</td>
                <td>{E(x.Rule ?? "")}{(x.RuleScope is null ? "" : $" ({E(x.RuleScope)})")}{(x.RuleSample ? $" <span class=\"muted\">{T("tariff.sampleRule")}</span>" : "")}<br><span class="muted">{E(x.RuleNote)}</span></td><td>{E(x.Proof)}</td></tr>
                """);
        }

        b.Append("</table>");
        return Page(Texts.Get("tariff.title"), b.ToString(), user);
    }
}
