using System.Globalization;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Declarations;
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
        var b = new StringBuilder("<section id=\"risk\"><h2>Risk</h2>");
        if (d is null)
        {
            b.Append("<p class=\"muted\">No risk decision: the declaration was not accepted by this node with risk enabled.</p>");
        }
        else
        {
            string colour = d.Channel switch { Channel.Red => "#fbdcdc", Channel.Yellow => "#fff0c7", _ => "#d5f5dd" };
            b.Append(CultureInfo.InvariantCulture, $"""
                <p><span class="status" id="risk-channel" style="background:{colour}">{d.Channel}</span> · score <strong id="risk-score">{d.Score:0.000}</strong>
                ({E(d.Basis)}) · {(d.ModelId is null ? "rules only (no model promoted)" : $"model {E(d.ModelId)}, model score {d.ModelScore:0.000}")}
                · decided {E(List.LocalTime(d.OfficeCode, d.DecidedAt))} (office local time) for {E(d.OfficeCode)}'s local day {d.Day:yyyy-MM-dd}</p>
                <ul id="risk-reasons">
                """);
            foreach (DecisionReason r in d.Reasons)
            {
                string kind = r.Kind switch { "rule" => "Rule", "model" => "Model", "random" => "Random", "budget" => "Channel", _ => "Note" };
                b.Append(CultureInfo.InvariantCulture, $"<li><strong>{kind}:</strong> {E(r.Text)}</li>");
            }

            b.Append("</ul>");
        }

        b.Append("<h3>Control outcomes</h3>");
        if (outcomes.Count == 0)
        {
            b.Append("<p class=\"muted\" id=\"risk-outcomes\">None recorded.</p>");
        }
        else
        {
            b.Append("<table id=\"risk-outcomes\"><tr><th>When (office local time)</th><th>Found</th><th>What</th><th>Where</th><th>By</th></tr>");
            foreach (InspectionOutcome o in outcomes)
            {
                b.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(List.LocalTime(o.Source, o.At))}</td><td>{(o.Found ? "irregularity found" : "nothing found")}</td><td>{E(o.What)}</td><td>{E(o.Source)}{(o.FromPartner ? " (partner)" : "")}</td><td>{E(o.RecordedBy)}</td></tr>");
            }

            b.Append("</table>");
        }

        if (scope.CanAct)
        {
            b.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="/declarations/{E(mrn)}/risk/outcome" class="filters" id="risk-outcome-form">
                <label>Result <select name="found" id="outcome-found"><option value="false">nothing found</option><option value="true">irregularity found</option></select></label>
                <label>What <input name="what" id="outcome-what" size="50"></label>
                <button type="submit" id="record-outcome">Record outcome as {E(scope.User)} at {E(scope.OfficeCode)}</button></form>
                """);
        }

        b.Append("</section>");
        return b.ToString();
    }
}
