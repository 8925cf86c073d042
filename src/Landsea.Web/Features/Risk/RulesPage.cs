using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Access;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Risk;

/// <summary>
/// The officer page <c>/risk/rules</c>: the current rules, and (officers) a form that adds a rule or a new version of
/// one; the form's fields are read into a rule and every problem is shown beside the form, naming its field.
/// </summary>
public static class RulesPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/risk/rules", RulesAsync).RequireAuthorization().ExcludeFromDescription();
        app.MapPost("/risk/rules", SaveRuleAsync).RequireAuthorization().ExcludeFromDescription();
    }

    private static async Task<IResult> RulesAsync(ClaimsPrincipal user, RiskStore store, CancellationToken ct) =>
        await RenderRulesAsync(NodeAuthentication.ScopeOf(user), user, store, null, null, ct);

    private static async Task<IResult> RenderRulesAsync(AccessScope scope, ClaimsPrincipal user, RiskStore store, IReadOnlyList<RuleProblem>? problems, IFormCollection? form, CancellationToken ct)
    {
        if (!scope.SeesAll)
        {
            return Forbidden(Texts.Get("risk.rules.title"), Texts.Get("risk.rules.whoMay"), user);
        }

        var b = new StringBuilder();
        if (problems is { Count: > 0 })
        {
            b.Append(CultureInfo.InvariantCulture, $"<div class=\"err\" id=\"rule-problems\"><p>{T("risk.rules.notSaved")}</p><ul>");
            foreach (RuleProblem p in problems)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(p.Field)}</strong>: {E(p.Reason)}</li>");
            }

            b.Append("</ul></div>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<section><table id=\"rules\"><tr><th>{T("risk.rules.colId")}</th><th>{T("risk.rules.colVersion")}</th><th>{T("risk.rules.colTitle")}</th><th>{T("risk.rules.colConditions")}</th><th>{T("risk.rules.colEffect")}</th><th>{T("risk.rules.colValid")}</th><th>{T("risk.rules.colAuthor")}</th></tr>");
        foreach (StoredRule s in await store.CurrentRulesAsync(ct))
        {
            RiskRule r = s.Rule;
            string effect = r.FixedChannel is { } c ? Texts.Format("risk.rules.effectChannel", Texts.Name("channel", c)) : Texts.Format("risk.rules.effectWeight", r.Weight?.ToString("0.###", Texts.Culture));
            string conditions = System.Text.Json.JsonSerializer.Serialize(r.Conditions, RuleSetJson.Options).Replace("\n", " ", StringComparison.Ordinal);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/api/risk/rules/{E(r.Id)}\">{E(r.Id)}</a></td><td>{r.Version}</td><td>{E(r.Title)}</td><td><code>{E(conditions)}</code></td><td>{E(effect)}</td><td>{E(Texts.Day(r.ValidFrom))} – {(r.ValidTo is { } to ? E(Texts.Day(to)) : T("common.open"))}</td><td>{E(r.Author)}</td></tr>");
        }

        b.Append("</table></section>");
        if (scope.CanAct)
        {
            string V(string name) => E(form?[name].ToString());
            b.Append(CultureInfo.InvariantCulture, $"""
                <section><h2>{T("risk.rules.add")}</h2>
                <form method="post" action="/risk/rules" class="filters" id="rule-form">
                <label>{T("risk.rules.colId")} <input name="id" value="{V("id")}" required></label>
                <label>{T("risk.rules.colTitle")} <input name="title" size="40" value="{V("title")}" required></label>
                <label>{T("risk.rules.validFrom")} <input name="validFrom" type="date" value="{V("validFrom")}" required></label>
                <label>{T("risk.rules.validTo")} <input name="validTo" type="date" value="{V("validTo")}"></label>
                <label>{T("risk.rules.weight")} <input name="weight" value="{V("weight")}" size="5"></label>
                <label>{T("risk.rules.fixedChannel")} <select name="fixedChannel"><option value="">{T("common.none")}</option><option value="Yellow">{T("channel.Yellow")}</option><option value="Red">{T("channel.Red")}</option><option value="Green">{T("channel.Green")}</option></select></label>
                <label>{T("risk.rules.hsPrefixes")} <input name="hsPrefixes" value="{V("hsPrefixes")}" placeholder="61, 6109"></label>
                <label>{T("risk.rules.originCountries")} <input name="originCountries" value="{V("originCountries")}" placeholder="CN, VN"></label>
                <label>{T("risk.rules.departureCountries")} <input name="departureCountries" value="{V("departureCountries")}"></label>
                <label>{T("risk.rules.traders")} <input name="traders" value="{V("traders")}"></label>
                <label>{T("risk.rules.declarants")} <input name="declarants" value="{V("declarants")}"></label>
                <label>{T("risk.rules.offices")} <input name="offices" value="{V("offices")}"></label>
                <label>{T("risk.rules.modes")} <input name="transportModes" value="{V("transportModes")}" size="6"></label>
                <label>{T("risk.rules.maxRatio")} <input name="maxUnitValueRatio" value="{V("maxUnitValueRatio")}" size="5"></label>
                <label>{T("risk.rules.minRatio")} <input name="minUnitValueRatio" value="{V("minUnitValueRatio")}" size="5"></label>
                <button type="submit" id="save-rule">{T("risk.rules.save", scope.User)}</button></form>
                <p class="muted">{T("risk.rules.note")}</p></section>
                """);
        }

        return Page(Texts.Get("risk.rules.title"), b.ToString(), user);
    }

    private static async Task<IResult> SaveRuleAsync(HttpContext ctx, RiskStore store, TimeProvider time, CancellationToken ct)
    {
        AccessScope scope = NodeAuthentication.ScopeOf(ctx.User);
        IFormCollection form = await ctx.Request.ReadFormAsync(ct);
        if (!scope.CanAct)
        {
            return await RenderRulesAsync(scope, ctx.User, store, [new RuleProblem("author", "only officers edit rules")], form, ct);
        }

        (RiskRule? rule, IReadOnlyList<RuleProblem> problems) = FromForm(form, scope.User);
        if (rule is null)
        {
            return await RenderRulesAsync(scope, ctx.User, store, problems, form, ct);
        }

        await store.SaveRuleAsync(rule, time.GetUtcNow(), ct);
        return Results.Redirect("/risk/rules");
    }

    /// <summary>Builds a rule from the page's form; unparsable numbers and dates are problems naming their field.</summary>
    internal static (RiskRule? Rule, IReadOnlyList<RuleProblem> Problems) FromForm(IFormCollection form, string author)
    {
        var problems = new List<RuleProblem>();
        string Text(string name) => form[name].ToString().Trim();
        IReadOnlyList<string>? List(string name) =>
            Text(name) is { Length: > 0 } t ? [.. t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null;
        double? Number(string name)
        {
            if (Text(name) is not { Length: > 0 } t)
            {
                return null;
            }

            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return v;
            }

            problems.Add(new(name, $"'{t}' is not a number"));
            return null;
        }

        DateOnly? Date(string name)
        {
            if (Text(name) is not { Length: > 0 } t)
            {
                return null;
            }

            if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d))
            {
                return d;
            }

            problems.Add(new(name, $"'{t}' is not a date (YYYY-MM-DD)"));
            return null;
        }

        DateOnly? from = Date("validFrom");
        if (from is null && problems.Count == 0)
        {
            problems.Add(new("validFrom", "validFrom is required"));
        }

        Channel? channel = null;
        if (Text("fixedChannel") is { Length: > 0 } c)
        {
            if (Enum.TryParse(c, ignoreCase: false, out Channel parsed))
            {
                channel = parsed;
            }
            else
            {
                problems.Add(new("fixedChannel", $"'{c}' is not Green, Yellow or Red"));
            }
        }

        var rule = new RiskRule
        {
            Id = Text("id"),
            Title = Text("title"),
            Author = author,
            ValidFrom = from ?? default,
            ValidTo = Date("validTo"),
            Weight = Number("weight"),
            FixedChannel = channel,
            Conditions = new RuleConditions
            {
                HsPrefixes = List("hsPrefixes"),
                OriginCountries = List("originCountries"),
                DepartureCountries = List("departureCountries"),
                Traders = List("traders"),
                Declarants = List("declarants"),
                Offices = List("offices"),
                TransportModes = List("transportModes"),
                MaxUnitValueRatio = Number("maxUnitValueRatio"),
                MinUnitValueRatio = Number("minUnitValueRatio"),
            },
        };
        problems.AddRange(rule.Problems());
        return problems.Count > 0 ? (null, problems) : (rule, []);
    }
}
