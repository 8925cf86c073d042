using System.Globalization;
using Landsea.Declarations;

namespace Landsea.Risk;

/// <summary>Turns a node declaration into risk cases: one per goods item, id "MRN/item".</summary>
public static class RiskCases
{
    /// <summary>
    /// The trader is the importer (else the exporter for exports, else the declarant); the seller is the
    /// exporter or seller party; the HS code is the first six digits; missing text becomes "-" so that an unknown
    /// value is one category rather than a hole.
    /// </summary>
    public static IReadOnlyList<RiskCase> From(string mrn, Declaration d, string officeCode, DateOnly day)
    {
        string declarant = Text(d.DeclarantId);
        string? Party(string role) => d.Parties.FirstOrDefault(p => string.Equals(p.Role, role, StringComparison.OrdinalIgnoreCase) && p.Id is not null)?.Id;
        string trader = Text(Party("Importer") ?? (d.Direction == DeclarationDirection.Export ? Party("Exporter") : null) ?? d.DeclarantId);
        string seller = Text(Party("Seller") ?? Party("Exporter"));
        string office = Text(d.OfficeCode ?? officeCode);
        var cases = new List<RiskCase>(Math.Max(1, d.Items.Count));
        foreach (GoodsItem item in d.Items)
        {
            string hs = new([.. (item.CommodityCode ?? "").Where(char.IsAsciiDigit).Take(6)]);
            cases.Add(new RiskCase(
                string.Create(CultureInfo.InvariantCulture, $"{mrn}/{item.Sequence}"),
                day,
                office,
                Text(d.TypeCode),
                d.Direction.ToString(),
                Text(d.TransportMode),
                declarant,
                trader,
                seller,
                hs.Length == 0 ? "000000" : hs.PadRight(6, '0'),
                Text(d.ExportCountry),
                Text(item.OriginCountry ?? d.ExportCountry),
                item.NetMassKg is { } net ? (double)net : item.GrossMassKg is { } gross ? (double)gross : double.NaN,
                item.Amount is { } amount ? (double)amount : 0));
        }

        return cases;
    }

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "-" : value.Trim();
}
