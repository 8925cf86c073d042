using System.Globalization;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Declarations;
using Landsea.Web.Infrastructure;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Risk;

/// <summary>The risk part of a declaration's page (officers and auditors): channel, score, reasons, control outcomes, and the outcome form.</summary>
public sealed class RiskSection(RiskStore store) : IDeclarationSection
{
    public int Order => 100;

    public async Task<string> RenderAsync(DeclarationDetail declaration, AccessScope scope, CancellationToken ct)
    {
        if (!scope.SeesAll)
        {
            return "";
        }

        string mrn = declaration.Summary.Mrn;
        RiskDecision? d = await store.DecisionAsync(mrn, ct);
        IReadOnlyList<InspectionOutcome> outcomes = await store.OutcomesAsync(mrn, ct);
        var b = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section id=\"risk\"><h2>{T("risk.section")}</h2>");
        if (d is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{T("risk.noDecision")}</p>");
        }
        else
        {
            string colour = d.Channel switch { Channel.Red => "#fbdcdc", Channel.Yellow => "#fff0c7", _ => "#d5f5dd" };
            b.Append(CultureInfo.InvariantCulture, $"""
                <p><span class="status" id="risk-channel" style="background:{colour}">{E(Texts.Name("channel", d.Channel))}</span> · {T("risk.score", Raw($"<strong id=\"risk-score\">{d.Score:0.000}</strong>"))}
                ({E(d.Basis)}) · {(d.ModelId is null ? T("risk.rulesOnly") : T("risk.model", d.ModelId, d.ModelScore?.ToString("0.000", Texts.Culture)))}
                · {T("risk.decided", List.LocalTime(d.OfficeCode, d.DecidedAt), d.OfficeCode, Texts.Day(d.Day))}</p>
                <ul id="risk-reasons">
                """);
            foreach (DecisionReason r in d.Reasons)
            {
                string kind = T(r.Kind switch { "rule" => "risk.kind.rule", "model" => "risk.kind.model", "random" => "risk.kind.random", "budget" => "risk.kind.budget", _ => "risk.kind.note" });
                b.Append(CultureInfo.InvariantCulture, $"<li><strong>{kind}</strong> {E(r.Text)}</li>");
            }

            b.Append("</ul>");
        }

        b.Append(CultureInfo.InvariantCulture, $"<h3>{T("risk.outcomes")}</h3>");
        if (outcomes.Count == 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\" id=\"risk-outcomes\">{T("risk.noneRecorded")}</p>");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"<table id=\"risk-outcomes\"><tr><th>{T("risk.colWhen")}</th><th>{T("risk.colFound")}</th><th>{T("risk.colWhat")}</th><th>{T("risk.colWhere")}</th><th>{T("risk.colBy")}</th></tr>");
            foreach (InspectionOutcome o in outcomes)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(List.LocalTime(o.Source, o.At))}</td><td>{T(o.Found ? "risk.found" : "risk.nothingFound")}</td><td>{E(o.What)}</td><td>{E(o.Source)}{(o.FromPartner ? " " + T("risk.partner") : "")}</td><td>{E(o.RecordedBy)}</td></tr>");
            }

            b.Append("</table>");
        }

        if (scope.CanAct)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="/declarations/{E(mrn)}/risk/outcome" class="filters" id="risk-outcome-form">
                <label>{T("risk.result")} <select name="found" id="outcome-found"><option value="false">{T("risk.nothingFound")}</option><option value="true">{T("risk.found")}</option></select></label>
                <label>{T("risk.colWhat")} <input name="what" id="outcome-what" size="50"></label>
                <button type="submit" id="record-outcome">{T("risk.recordOutcome", scope.User, scope.OfficeCode)}</button></form>
                """);
        }

        b.Append("</section>");
        return b.ToString();
    }
}
