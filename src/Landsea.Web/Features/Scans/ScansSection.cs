using System.Globalization;
using System.Text;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Scans;
using Landsea.Web.Features.Declarations;
using static Landsea.Web.Infrastructure.Html;

namespace Landsea.Web.Features.Scans;

/// <summary>
/// The scans part of a declaration's page (officers and auditors; issue 12 item 2): each scan of the declaration, its
/// review stage, and the deciding verdict (clear or inspect, who, where, when in the scanning office's local time).
/// </summary>
public sealed class ScansSection(ScanStore scans, ReviewStore reviews, ScanVerdictTimeline verdicts) : IDeclarationSection
{
    public int Order => 150;

    public async Task<string> RenderAsync(DeclarationDetail declaration, AccessScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(scope);
        string mrn = declaration.Summary.Mrn;
        IReadOnlyList<StoredScan> lodged = scope.SeesAll ? await scans.ForMrnAsync(mrn, ct) : [];
        if (lodged.Count == 0)
        {
            return "";
        }

        Dictionary<string, DecidedScan> decided = (await verdicts.DecidedAsync([], [mrn], ct)).ToDictionary(d => d.ScanId, StringComparer.Ordinal);
        var b = new StringBuilder("<section id=\"scan-verdicts\"><h2>Container scans</h2><table><tr><th>Scan</th><th>Container</th><th>Scanned at</th><th>Review</th><th>Verdict</th></tr>");
        foreach (StoredScan s in lodged.Where(x => x.Status == ScanStore.Lodged))
        {
            ReviewState? state = await reviews.StateAsync(s.ScanId, ct);
            string verdict = decided.TryGetValue(s.ScanId, out DecidedScan? d)
                ? $"{(d.Verdict == "inspect" ? "inspect physically" : "clear")} by {d.Reviewer} ({d.ReviewOffice}), {List.LocalTime(s.Office ?? d.ReviewOffice, d.DecidedAt)}: {d.Reason}"
                : "—";
            b.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/scans/{E(s.ScanId)}\">{E(s.ScanId[..12])}</a></td><td>{E(s.ContainerNumber)}</td><td>{E(s.Office)}</td><td>{E(state is null ? "—" : ReviewStore.StageText(state.Stage))}</td><td>{E(verdict)}</td></tr>");
        }

        return b.Append("</table></section>").ToString();
    }
}
