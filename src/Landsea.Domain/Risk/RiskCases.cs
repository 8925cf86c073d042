using System.Globalization;
using Landsea.Declarations;
using Landsea.Shared;

namespace Landsea.Risk;

/// <summary>Turns a lodged declaration into its risk cases: one per goods item, id "MRN/item".</summary>
public static class RiskCases
{
    /// <summary>
    /// The one conversion from a lodged declaration to the scoring shape. The trader is the importer (else the
    /// exporter for exports, else the declarant); the seller is the seller or exporter party; the HS code is the
    /// first six digits (zero-padded); the mass is the net mass, else the gross mass, else 0; missing text becomes "-"
    /// so that an unknown value is one category rather than a hole. The KCS-only fields (import use, payment type,
    /// courier, tax) are "-", empty or 0.
    /// </summary>
    public static IReadOnlyList<RiskCase> From(string mrn, Declaration d, string officeCode, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(d);
        string declarant = Text(d.DeclarantId?.Value);
        string? Party(string role) => d.Parties.FirstOrDefault(p => string.Equals(p.Role, role, StringComparison.OrdinalIgnoreCase) && p.Id is not null)?.Id?.Value;
        string trader = Text(Party("Importer") ?? (d.Direction == DeclarationDirection.Export ? Party("Exporter") : null) ?? d.DeclarantId?.Value);
        string seller = Text(Party("Seller") ?? Party("Exporter"));
        string office = Text(d.OfficeCode ?? officeCode);
        var cases = new List<RiskCase>(Math.Max(1, d.Items.Count));
        foreach (GoodsItem item in d.Items)
        {
            cases.Add(new RiskCase(
                string.Create(CultureInfo.InvariantCulture, $"{mrn}/{item.Sequence}"),
                day,
                office,
                ProcessType: Text(d.TypeCode),
                ImportType: d.Direction.ToString(),
                ImportUse: "-",
                PaymentType: "-",
                TransportMode: Text(d.TransportMode),
                DeclarantId: declarant,
                ImporterId: trader,
                SellerId: seller,
                CourierId: "",
                HsCode: Hs6(item.CommodityCode),
                DepartureCountry: Text(d.ExportCountry?.Value),
                OriginCountry: Text((item.OriginCountry ?? d.ExportCountry)?.Value),
                TaxRate: 0,
                TaxType: "-",
                OriginIndicator: "-",
                NetMassKg: item.NetMassKg is { } net ? (double)net : item.GrossMassKg is { } gross ? (double)gross : 0,
                ItemPrice: item.Amount is { } amount ? (double)amount : 0));
        }

        return cases;
    }

    // The six-digit HS subheading of a commodity code; "000000" when the item states none.
    private static string Hs6(HsCode? commodityCode) => commodityCode is { } code ? code.Subheading : "000000";

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "-" : value.Trim();
}
