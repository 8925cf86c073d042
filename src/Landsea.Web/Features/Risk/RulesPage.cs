using System.Globalization;
using System.Security.Claims;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Access;
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
            return Forbidden("Risk rules", "Only officers and auditors see risk rules.", user);
        }

        var b = new StringBuilder();
        if (problems is { Count: > 0 })
        {
            b.Append("<div class=\"err\" id=\"rule-problems\"><p>The rule was not saved:</p><ul>");
            foreach (RuleProblem p in problems)
            {
                b.Append(CultureInfo.InvariantCulture, $"<li><strong>{E(p.Field)}</strong>: {E(p.Reason)}</li>");
            }

            b.Append("</ul></div>");
        }

        b.Append("<section><table id=\"rules\"><tr><th>Id</th><th>Version</th><th>Title</th><th>Conditions</th><th>Effect</th><th>Valid</th><th>Author</th></tr>");
        foreach (StoredRule s in await store.CurrentRulesAsync(ct))
        {
            RiskRule r = s.Rule;
            string effect = r.FixedChannel is { } c ? $"channel {c}" : string.Create(CultureInfo.InvariantCulture, $"weight {r.Weight:0.###}");
            string conditions = System.Text.Json.JsonSerializer.Serialize(r.Conditions, RuleSetJson.Options).Replace("\n", " ", StringComparison.Ordinal);
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/api/risk/rules/{E(r.Id)}\">{E(r.Id)}</a></td><td>{r.Version}</td><td>{E(r.Title)}</td><td><code>{E(conditions)}</code></td><td>{E(effect)}</td><td>{r.ValidFrom:yyyy-MM-dd} – {(r.ValidTo is { } to ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open")}</td><td>{E(r.Author)}</td></tr>");
        }

        b.Append("</table></section>");
        if (scope.CanAct)
        {
            string V(string name) => E(form?[name].ToString());
            b.Append(CultureInfo.InvariantCulture, $"""
                <section><h2>Add a rule, or a new version of one (same id)</h2>
                <form method="post" action="/risk/rules" class="filters" id="rule-form">
                <label>Id <input name="id" value="{V("id")}" required></label>
                <label>Title <input name="title" size="40" value="{V("title")}" required></label>
                <label>Valid from <input name="validFrom" type="date" value="{V("validFrom")}" required></label>
                <label>Valid to (inclusive) <input name="validTo" type="date" value="{V("validTo")}"></label>
                <label>Weight (0–1] <input name="weight" value="{V("weight")}" size="5"></label>
                <label>or fixed channel <select name="fixedChannel"><option value="">none</option><option>Yellow</option><option>Red</option><option>Green</option></select></label>
                <label>HS prefixes <input name="hsPrefixes" value="{V("hsPrefixes")}" placeholder="61, 6109"></label>
                <label>Origin countries <input name="originCountries" value="{V("originCountries")}" placeholder="CN, VN"></label>
                <label>Departure countries <input name="departureCountries" value="{V("departureCountries")}"></label>
                <label>Traders <input name="traders" value="{V("traders")}"></label>
                <label>Declarants <input name="declarants" value="{V("declarants")}"></label>
                <label>Offices <input name="offices" value="{V("offices")}"></label>
                <label>Transport modes <input name="transportModes" value="{V("transportModes")}" size="6"></label>
                <label>Value/kg at most × typical <input name="maxUnitValueRatio" value="{V("maxUnitValueRatio")}" size="5"></label>
                <label>Value/kg at least × typical <input name="minUnitValueRatio" value="{V("minUnitValueRatio")}" size="5"></label>
                <button type="submit" id="save-rule">Save as {E(scope.User)}</button></form>
                <p class="muted">Every condition given must hold; within a list any value may match. Value conditions need a promoted model (typical values come from its training data).</p></section>
                """);
        }

        return Page("Risk rules", b.ToString(), user);
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
