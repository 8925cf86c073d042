using System.Globalization;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Tariffs;
using Landsea.Tariffs;
using Landsea.Web.Features.Declarations;
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
        var b = new StringBuilder("<section id=\"tariff-advice\"><h2>Tariff advice</h2>");
        if (advice is null)
        {
            b.Append("<p class=\"muted\" id=\"advice-none\">No advice asked for yet.</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Asked by {E(advice.AskedBy)} at {advice.AskedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; rates of {advice.Date:yyyy-MM-dd}. Rules and rates marked sample are illustrative.</p>");
            b.Append("<table id=\"advice\"><tr><th>#</th><th>Commodity</th><th>Origin → importer</th><th>Recommended</th><th>Duty</th><th>Saved vs MFN</th><th>Rule of origin</th><th>Proof</th><th>Advice</th></tr>");
            foreach (ItemAdvice i in advice.Items)
            {
                PreferenceAdvice? best = i.Options.FirstOrDefault(o => o.Agreement == i.Recommended);
                b.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td>{i.Item}</td><td>{E(i.Hs)}</td><td>{E(i.Origin)} → {E(i.Importer)}</td><td class="recommended">{E(i.Recommended)}</td>
                    <td>{E(best?.Duty)} {E(i.DutyCurrency)}</td><td>{E(i.SavedVersusMfn)} {E(i.DutyCurrency)}</td>
                    <td>{E(best?.Rule ?? "")}{(best?.RuleSample == true ? " <span class=\"muted\">(sample)</span>" : "")}</td><td>{E(best?.Proof)}</td>
                    <td class="{(i.Problem is null ? "" : "err")}">{E(i.Summary)}{(i.ProblemCode is null ? "" : $" ({E(i.ProblemCode)})")}</td></tr>
                    """);
            }

            b.Append("</table>");
        }

        if (scope.CanLodge)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/declarations/{E(mrn)}/advice\" id=\"advice-form\"><button type=\"submit\" id=\"ask-advice\">{(advice is null ? "Ask for tariff advice" : "Ask again")}</button></form>");
        }

        b.Append("</section>");
        return b.ToString();
    }
}
