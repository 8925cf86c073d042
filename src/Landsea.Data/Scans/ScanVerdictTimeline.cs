using System.Globalization;
using Dapper;
using Landsea.CorridorSupervision;
using Landsea.Data.CorridorSupervision;
using Landsea.Offices;

namespace Landsea.Data.Scans;

/// <summary>A decided scan as the timelines show it: the scan, its container and MRN, where it was scanned, the deciding verdict.</summary>
public sealed record DecidedScan(string ScanId, string? Mrn, string? ContainerNumber, string? ScanOffice, DateTimeOffset DecidedAt, string Verdict, string Reason,
    string Reviewer, string ReviewOffice);

/// <summary>
/// Issue 12 item 2: the deciding verdicts on container scans, for the declaration's page and the corridor consignment's
/// timeline (an <see cref="ITimelineContributor"/>: a "scan verdict" entry for each decided scan of one of the
/// consignment's containers, and of one of its MRNs when it lists any), at the office where the container was scanned.
/// </summary>
public sealed class ScanVerdictTimeline(NodeDatabase db) : ITimelineContributor
{
    /// <summary>The decided scans of the containers (and MRNs, when given), by decision time.</summary>
    public async Task<IReadOnlyList<DecidedScan>> DecidedAsync(IReadOnlyCollection<string> containers, IReadOnlyCollection<string> mrns, CancellationToken ct = default)
    {
        if (containers.Count == 0 && mrns.Count == 0)
        {
            return [];
        }

        // Parameters named one by one (Dapper's list expansion is not done for Npgsql, which would need = ANY).
        var p = new DynamicParameters();
        string List(string prefix, IReadOnlyCollection<string> values) =>
            "(" + string.Join(", ", values.Select((v, i) => { p.Add($"{prefix}{i}", v); return $"@{prefix}{i}"; })) + ")";
        string where = (containers.Count > 0, mrns.Count > 0) switch
        {
            (true, true) => $"s.container_number IN {List("c", containers)} AND s.mrn IN {List("m", mrns)}",
            (true, false) => $"s.container_number IN {List("c", containers)}",
            _ => $"s.mrn IN {List("m", mrns)}",
        };
        await using System.Data.Common.DbConnection c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<(string, string?, string?, string?, string, string, string, string, string)>(new CommandDefinition(
            $"""
            SELECT s.scan_id, s.mrn, s.container_number, s.office, v.decided_at, v.verdict, v.reason, v.reviewer, v.office
            FROM scan_reviews r JOIN scans s ON s.scan_id = r.scan_id JOIN scan_verdicts v ON v.verdict_id = r.decided_verdict_id
            WHERE r.stage = 'decided' AND {where}
            ORDER BY v.decided_at, s.scan_id
            """, p, cancellationToken: ct)))
            .Select(r => new DecidedScan(r.Item1, r.Item2, r.Item3, r.Item4, ReviewStore.Time(r.Item5), r.Item6, r.Item7, r.Item8, r.Item9))];
    }

    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Consignment consignment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(consignment);
        IReadOnlyList<DecidedScan> decided = await DecidedAsync([.. consignment.Equipment.Select(e => e.EquipmentReference)], consignment.Mrns, ct);
        return [.. decided.Where(d => d.ContainerNumber is not null && consignment.Carries(d.ContainerNumber)).Select(d =>
        {
            CustomsOffice? o = d.ScanOffice is null ? null : Corridor.FindOffice(d.ScanOffice);
            return new TimelineEntry(d.DecidedAt, o?.LocalTime(d.DecidedAt) ?? CustomsEvents.Iso(d.DecidedAt), o?.TimeZoneId, d.ScanOffice, o?.UnLocode,
                "scan review", "scan verdict", string.Create(CultureInfo.InvariantCulture,
                    $"scan of {d.ContainerNumber} ({d.Mrn}): {(d.Verdict == "inspect" ? "inspect physically" : "clear")}, by {d.Reviewer} at {d.ReviewOffice}: {d.Reason}"), null, false);
        })];
    }
}
