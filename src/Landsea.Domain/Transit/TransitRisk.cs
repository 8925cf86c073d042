using Landsea.Risk;

namespace Landsea.Transit;

/// <summary>What the officers' risk rules make of a transit declaration: control before release or not, and why.</summary>
/// <param name="Hits">The rules that hit, each once, described with the goods item they hit.</param>
public sealed record TransitRiskDecision(bool Control, double Score, Channel? Forced, IReadOnlyList<string> Hits)
{
    public static TransitRiskDecision None { get; } = new(false, 0, null, []);

    /// <summary>The reason in the IE060's control text.</summary>
    public string Reason => Hits.Count == 0 ? "selected for control before release"
        : "risk rules: " + string.Join("; ", Hits);
}

/// <summary>
/// Smart inspection for transit: the same officer rules that score WCO declarations (<see cref="RiskRule"/>) read each
/// goods item of an IE015, as a <see cref="RuleSubject"/>: HS code (the item's harmonised system subheading, its combined
/// nomenclature code appended), country of dispatch (item, house consignment, consignment, else the office of
/// departure's country) as both origin and departure country, since a transit declaration names no origin; the holder as
/// trader, the representative (else the holder) as declarant, the office of departure, and the mode of transport at the
/// border (else inland), CL018 codes as in WCO declarations. NCTS declares no value per item, so value conditions never
/// hit. A movement is controlled when a rule with a fixed channel yellow or red hits any item, or when its highest item's
/// combined score 1 − Π(1 − weight) reaches the control score given to <see cref="Decide"/>. There is no daily
/// budget here: a transit control is a decision before release, not a share of the day.
/// </summary>
public static class TransitRisk
{
    /// <summary>One rule subject per goods item (none when the declaration lists no item).</summary>
    public static IReadOnlyList<RuleSubject> Subjects(NctsMessage declaration, string holderId, string departureOffice)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        NctsElement root = declaration.Root;
        NctsElement? consignment = root.Child("Consignment");
        string declarant = root.Text("Representative/identificationNumber") ?? holderId;
        string mode = consignment?.Text("modeOfTransportAtTheBorder") ?? consignment?.Text("inlandModeOfTransport") ?? "";
        string officeCountry = departureOffice.Length >= 2 ? departureOffice[..2] : "";
        var subjects = new List<RuleSubject>();
        foreach (NctsElement house in consignment?.All("HouseConsignment") ?? [])
        {
            foreach (NctsElement item in house.All("ConsignmentItem"))
            {
                string hs = (item.Text("Commodity/CommodityCode/harmonizedSystemSubHeadingCode") ?? "")
                    + (item.Text("Commodity/CommodityCode/combinedNomenclatureCode") ?? "");
                string dispatch = item.Text("countryOfDispatch") ?? house.Text("countryOfDispatch") ?? consignment!.Text("countryOfDispatch") ?? officeCountry;
                subjects.Add(new RuleSubject(hs, dispatch, dispatch, holderId, declarant, departureOffice, mode, double.NaN));
            }
        }

        return subjects;
    }

    /// <param name="rules">Every current rule; those not active on <paramref name="day"/> (the office's local day) are ignored.</param>
    /// <param name="controlScore">The combined score from which a movement is controlled (the risk settings' yellow score).</param>
    public static TransitRiskDecision Decide(IReadOnlyList<RuleSubject> subjects, IReadOnlyList<RiskRule> rules, DateOnly day, double controlScore)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        ArgumentNullException.ThrowIfNull(rules);
        RiskRule[] active = [.. rules.Where(r => r.IsActiveOn(day))];
        if (active.Length == 0)
        {
            return TransitRiskDecision.None;
        }

        double best = 0;
        Channel? forced = null;
        var hits = new List<string>();
        var seen = new HashSet<(string, int)>();
        for (int i = 0; i < subjects.Count; i++)
        {
            CaseScore item = RiskAssessment.Combine(subjects[i], 0, active, null);
            forced = forced is { } f && (item.Forced is null || f >= item.Forced) ? f : item.Forced;
            best = Math.Max(best, item.Score);
            hits.AddRange(item.Hits.Where(r => seen.Add((r.Id, r.Version))).Select(r => $"{r.Describe()} (item {i + 1})"));
        }

        // 1 − (1 − 0.2) is 0.19999999999999996 in binary floating point: a weight equal to the control score reaches it.
        bool control = forced is Channel.Yellow or Channel.Red || (forced is null && best > 0 && best >= controlScore - 1e-9);
        return new TransitRiskDecision(control, best, forced, control ? hits : []);
    }
}
