using System.Globalization;
using Landsea.Risk.Features;
using Landsea.Risk.Modeling;

namespace Landsea.Risk.Explanation;

/// <summary>Puts a model factor (a technical feature name with its value and typical value) in words an officer reads.</summary>
public static class FactorWording
{
    private static readonly Dictionary<string, string> s_groups = new(StringComparer.Ordinal)
    {
        [nameof(HistoryKey.Importer)] = "this importer",
        [nameof(HistoryKey.Declarant)] = "this declarant",
        [nameof(HistoryKey.Seller)] = "this seller",
        [nameof(HistoryKey.Courier)] = "this courier",
        [nameof(HistoryKey.Office)] = "this office",
        [nameof(HistoryKey.Origin)] = "this country of origin",
        [nameof(HistoryKey.Departure)] = "this country of departure",
        [nameof(HistoryKey.HsChapter)] = "this HS chapter",
        [nameof(HistoryKey.HsHeading)] = "this HS heading",
        [nameof(HistoryKey.HsCode)] = "this HS code",
        [nameof(HistoryKey.HsOrigin)] = "this HS code from this origin",
        [nameof(HistoryKey.HsDeparture)] = "this HS code from this departure country",
        [nameof(HistoryKey.ImporterHs)] = "this importer with this HS code",
        [nameof(HistoryKey.DeclarantImporter)] = "this declarant for this importer",
        [nameof(HistoryKey.SellerImporter)] = "this seller with this importer",
        [nameof(HistoryKey.OfficeHs)] = "this HS code at this office",
        [nameof(HistoryKey.NetMass)] = "the same declared net mass",
        [nameof(HistoryKey.ItemPrice)] = "the same declared item value",
        [nameof(HistoryKey.HsNetMass)] = "this HS code with the same net mass",
        [nameof(HistoryKey.HsItemPrice)] = "this HS code with the same item value",
        [nameof(HistoryKey.Consignment)] = "an identical earlier consignment (same HS code, mass and value)",
    };

    public static string Describe(ModelFactor f)
    {
        CultureInfo ic = CultureInfo.InvariantCulture;
        double v = f.Value, t = f.Typical;
        string Typical(Func<double, string> show) => float.IsNaN(f.Typical) ? "" : $" (usual {show(t)})";
        int colon = f.Feature.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
        {
            string group = s_groups.TryGetValue(f.Feature[..colon], out string? g) ? g : f.Feature[..colon];
            string measure = f.Feature[(colon + 2)..];
            if (float.IsNaN(f.Value))
            {
                return $"{group}: never seen before";
            }

            return measure switch
            {
                "irregularity rate before" => string.Create(ic, $"{group}: {v:P0} of earlier controls found an irregularity{Typical(x => x.ToString("P0", ic))}"),
                "ln(1 + declarations before)" => string.Create(ic, $"{group}: {Math.Exp(v) - 1:N0} earlier declarations{Typical(x => (Math.Exp(x) - 1).ToString("N0", ic))}"),
                _ => string.Create(ic, $"{group}: declared value per kg is {Math.Exp(v):0.##} times the usual for it"),
            };
        }

        return f.Feature switch
        {
            "ln(value per kg)" => string.Create(ic, $"declared value per kg {Math.Exp(v):N2}{Typical(x => Math.Exp(x).ToString("N2", ic))}"),
            "ln(1 + net mass)" => string.Create(ic, $"net mass {Math.Exp(v) - 1:N0} kg{Typical(x => (Math.Exp(x) - 1).ToString("N0", ic))}"),
            "ln(1 + item price)" => string.Create(ic, $"declared item value {Math.Exp(v) - 1:N0}{Typical(x => (Math.Exp(x) - 1).ToString("N0", ic))}"),
            "tax rate" => string.Create(ic, $"tax rate {v:0.##}{Typical(x => x.ToString("0.##", ic))}"),
            "HS code" or "HS heading" or "HS chapter" => $"the goods' {f.Feature}",
            "departure = origin" => v > 0.5 ? "shipped from the country of origin" : "shipped from a country other than the origin",
            "no seller" => v > 0.5 ? "no seller named" : "a seller is named",
            _ when float.IsNaN(f.Value) => $"{f.Feature}: a value never seen before",
            _ => $"{f.Feature}: this value",
        };
    }
}
