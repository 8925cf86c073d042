using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Shared;
using Landsea.Tariffs;
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
            <label>HS code <input name="hs" id="hs" value="{E(hs)}" placeholder="8501.52" required></label>
            <label>Origin <input name="origin" id="origin" value="{E(origin)}" size="3" placeholder="TH" required></label>
            <label>Importer <input name="importer" id="importer" value="{E(importer ?? "CN")}" size="3" required></label>
            <label>Value <input name="value" id="value" value="{E(value ?? "1000")}" size="10"></label>
            <label>Currency <input name="currency" id="currency" value="{E(currency ?? "USD")}" size="4"></label>
            <label>Quantity <input name="quantity" id="quantity" value="{E(quantity)}" size="6"></label>
            <label>Unit <input name="unit" id="unit" value="{E(unit)}" size="3" placeholder="t"></label>
            <label>Date <input name="date" id="date" type="date" value="{E(date ?? today)}"></label>
            <button type="submit" id="look-up">Look up</button></form>
            <p class="muted">Rates from the schedules loaded into this node (or the shipped samples when none are loaded); <a href="/tariffs/origin-check">check a bill of materials</a> against the rules of origin.</p>
            """);
        if (string.IsNullOrWhiteSpace(hs))
        {
            return Page("Tariffs", b.ToString(), user);
        }

        var problems = new List<string>();
        Result<HsCode> code = HsCode.Parse(hs);
        Result<CountryCode> o = CountryCode.Parse(origin), i = CountryCode.Parse(importer);
        Result<CurrencyCode> cur = CurrencyCode.Parse(currency);
        if (!code.IsValid) { problems.Add($"HS code: {code.Failure!.Reason}"); }
        if (!o.IsValid) { problems.Add($"Origin: {o.Failure!.Reason}"); }
        if (!i.IsValid) { problems.Add($"Importer: {i.Failure!.Reason}"); }
        if (!cur.IsValid) { problems.Add($"Currency: {cur.Failure!.Reason}"); }
        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount)) { problems.Add($"Value: '{value}' is not a non-negative number."); }
        decimal? q = null;
        if (!string.IsNullOrWhiteSpace(quantity))
        {
            if (decimal.TryParse(quantity, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal qv)) { q = qv; }
            else { problems.Add($"Quantity: '{quantity}' is not a non-negative number."); }
        }

        if (!DateOnly.TryParseExact(date ?? today, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly on)) { problems.Add($"Date: '{date}' is not a date."); }
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
            return Page("Tariffs", b.ToString(), user, StatusCodes.Status422UnprocessableEntity);
        }

        ItemAdvice a = advice.Value;
        b.Append(CultureInfo.InvariantCulture, $"<p id=\"advice-summary\">{E(a.Summary)}</p>");
        b.Append("<table id=\"options\"><tr><th>Option</th><th>Schedule</th><th>Tariff line</th><th>Rate</th><th>Duty</th><th>Saved vs MFN</th><th>Rule of origin</th><th>Proof</th></tr>");
        foreach (PreferenceAdvice x in a.Options)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <tr data-agreement="{E(x.Agreement)}"><td>{E(x.Agreement)}</td><td>{E(x.Schedule)}</td><td>{E(x.TariffLine)}</td><td>{E(x.Rate)}{(x.RateSample ? " <span class=\"muted\">(sample rate)</span>" : "")}</td>
                <td class="duty">{E(x.Duty)} {E(a.DutyCurrency)}</td><td>{E(x.SavedVersusMfn)} {E(a.DutyCurrency)}</td>
                <td>{E(x.Rule ?? "")}{(x.RuleScope is null ? "" : $" ({E(x.RuleScope)})")}{(x.RuleSample ? " <span class=\"muted\">(sample rule)</span>" : "")}<br><span class="muted">{E(x.RuleNote)}</span></td><td>{E(x.Proof)}</td></tr>
                """);
        }

        b.Append("</table>");
        return Page("Tariffs", b.ToString(), user);
    }
}
