using System.Globalization;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Tariffs;
using Landsea.Tariffs;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Tariffs;

/// <summary>The tariff advice part of a declaration's page: the stored advice per goods item, and (traders, officers) the button that asks for it.</summary>
public sealed class AdviceSection(AdviceStore store) : IDeclarationSection
{
    public int Order => 150;

    public async Task<string> RenderAsync(DeclarationDetail declaration, AccessScope scope, CancellationToken ct)
    {
        string mrn = declaration.Summary.Mrn;
        DeclarationAdvice? advice = await store.GetAsync(mrn, ct);
        var b = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section id=\"tariff-advice\"><h2>{T("advice.title")}</h2>");
        if (advice is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"advice-none\">{T("advice.none")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("advice.asked", advice.AskedBy, Texts.UtcTime(advice.AskedAt), Texts.Day(advice.Date))}</p>");
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"advice\"><tr><th>#</th><th>{T("decl.show.colCommodity")}</th><th>{T("advice.route")}</th><th>{T("advice.recommended")}</th><th>{T("tariff.duty")}</th><th>{T("tariff.saved")}</th><th>{T("tariff.rule")}</th><th>{T("tariff.proof")}</th><th>{T("advice.advice")}</th></tr>");
            foreach (ItemAdvice i in advice.Items)
            {
                PreferenceAdvice? best = i.Options.FirstOrDefault(o => o.Agreement == i.Recommended);
                b.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td>{i.Item}</td><td>{E(i.Hs)}</td><td>{E(i.Origin)} → {E(i.Importer)}</td><td class="recommended">{E(i.Recommended)}</td>
                    <td>{E(best?.Duty)} {E(i.DutyCurrency)}</td><td>{E(i.SavedVersusMfn)} {E(i.DutyCurrency)}</td>
                    <td>{E(best?.Rule ?? "")}{(best?.RuleSample == true ? $" <span class=\"muted\">{T("advice.sample")}</span>" : "")}</td><td>{E(best?.Proof)}</td>
                    <td class="{(i.Problem is null ? "" : "err")}">{E(i.Summary)}{(i.ProblemCode is null ? "" : $" ({E(i.ProblemCode)})")}</td></tr>
                    """);
            }

            b.Append("</table>");
        }

        if (scope.CanLodge)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/declarations/{E(mrn)}/advice\" id=\"advice-form\"><button type=\"submit\" id=\"ask-advice\">{T(advice is null ? "advice.ask" : "advice.again")}</button></form>");
        }

        b.Append("</section>");
        return b.ToString();
    }
}
