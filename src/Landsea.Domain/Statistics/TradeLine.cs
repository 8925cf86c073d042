using System.Globalization;
using Landsea.Declarations;
using Landsea.Offices;
using Landsea.Shared;
using Landsea.Tariffs;

namespace Landsea.Statistics;

/// <summary>
/// One goods item of a declaration as foreign-trade statistics count it (table <c>trade_lines</c>, ADR 0402). Values are
/// integer minor units so that sums are exact: <see cref="ValueMinor"/> in the node's currency, <see cref="ValueUsdMinor"/>
/// in US cents, both converted from the item's invoice amount at the monthly rate of <see cref="RateMonth"/>.
/// </summary>
/// <param name="Flow"><see cref="TradeLines.Import"/> or <see cref="TradeLines.Export"/>.</param>
/// <param name="HsCode">The commodity code digits as declared (6 to 10); empty when the item states none.</param>
/// <param name="HsChapter">The code's first two digits; empty when none.</param>
/// <param name="HsSection">The HS section (Roman numeral) of the chapter in the edition in force on the day; empty when unknown.</param>
/// <param name="PartnerCountry">ISO alpha-2: the item's origin (else the country of export) for imports, the destination for exports; null when not stated.</param>
/// <param name="TraderId">The declarant, as the declaration is filed under it.</param>
/// <param name="Region">The province, district or country of the office (<see cref="TradeLines.RegionOf"/>).</param>
/// <param name="LocalDay">The day of acceptance in the office's time zone.</param>
/// <param name="Mode">Mode of transport at the border (UN/ECE Rec 19 code), null when not stated.</param>
/// <param name="CorridorLine">The corridor line (<see cref="CorridorLines"/>) from mode and partner.</param>
/// <param name="Currency">The currency of the item's invoice amount; null when none.</param>
/// <param name="Amount">The invoice amount in <paramref name="Currency"/>; null when the item has none.</param>
/// <param name="RateMonth">The first day of the month whose average rate converted the amount; null when no rate was used.</param>
/// <param name="ValueStatus"><c>ok</c>, <c>no-value</c> (no amount: value 0) or <c>no-rate</c> (no shipped rate for the currency: value 0).</param>
public sealed record TradeLine(
    int ItemSequence,
    string Flow,
    string HsCode,
    string HsChapter,
    string HsSection,
    string? PartnerCountry,
    string TraderId,
    string OfficeCode,
    string Region,
    DateOnly LocalDay,
    string? Mode,
    string CorridorLine,
    long ValueMinor,
    string NodeCurrency,
    long ValueUsdMinor,
    string? Currency,
    decimal? Amount,
    DateOnly? RateMonth,
    string ValueStatus)
{
    /// <summary>yyyy-MM-dd.</summary>
    public string LocalDayText => LocalDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>yyyy-MM.</summary>
    public string LocalMonthText => LocalDay.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>
/// The pure mapping of a declaration to its statistical lines: one per goods item of an import or export declaration
/// (other procedures, such as transit, give none). The statistical value is the item's invoice amount (the declaration's
/// invoice amount when it has a single item without one) converted to the node's currency and to USD at the FRED monthly
/// average of the acceptance day's month (data/fx/fred-monthly.csv, <see cref="ExchangeRates"/>; after the last shipped
/// month, that month's rate), rounded half away from zero to the currency's minor unit. An item with no amount, or in a
/// currency without a shipped rate, keeps value 0 and says so in <see cref="TradeLine.ValueStatus"/>; the figures count them.
/// </summary>
public static class TradeLines
{
    public const string Import = "import";
    public const string Export = "export";

    public const string Ok = "ok";
    public const string NoValue = "no-value";
    public const string NoRate = "no-rate";

    private static readonly CurrencyCode s_usd = CurrencyCode.Parse("USD").Value;

    /// <summary>Whether a declaration in <paramref name="status"/> counts in statistics: accepted or later, not invalidated or rejected.</summary>
    public static bool Counts(DeclarationStatus status) =>
        status is DeclarationStatus.Accepted or DeclarationStatus.UnderControl or DeclarationStatus.DocumentsRequired
            or DeclarationStatus.Released or DeclarationStatus.Cleared;

    /// <summary>The currency statistics of <paramref name="node"/> are kept in: its country's currency (CNY for the Chinese nodes).</summary>
    public static CurrencyCode CurrencyOf(CustomsNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        string? code = CountryCode.Parse(node.Country) is { IsValid: true } c ? c.Value.Country?.CurrencyCode : null;
        return code is not null && CurrencyCode.Parse(code) is { IsValid: true } currency ? currency.Value : s_usd;
    }

    /// <summary>The region of an office, as the published aggregates name it: the province (Chongqing, Guangxi, Yunnan) or the country.</summary>
    public static string RegionOf(string officeCode) => Corridor.FindOffice(officeCode)?.NodeCode switch
    {
        "CNCQI" => "Chongqing",
        "CNNNG" => "Guangxi",
        "CNKMG" => "Yunnan",
        "SGSIN" => "Singapore",
        "LAVTE" => "Laos",
        _ => "unknown",
    };

    /// <summary>The statistical lines of one declaration, accepted at <paramref name="acceptedAt"/> by <paramref name="officeCode"/>.</summary>
    public static IReadOnlyList<TradeLine> Of(Declaration declaration, string declarantId, string officeCode, DateTimeOffset acceptedAt, CurrencyCode nodeCurrency)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        string? flow = declaration.Direction switch
        {
            DeclarationDirection.Import => Import,
            DeclarationDirection.Export => Export,
            _ => null,
        };
        if (flow is null)
        {
            return [];
        }

        CustomsOffice? office = Corridor.FindOffice(officeCode);
        DateOnly day = office?.LocalDay(acceptedAt) ?? DateOnly.FromDateTime(acceptedAt.UtcDateTime);
        string region = RegionOf(officeCode);
        HsNomenclature edition = HsNomenclature.InForceOn(day);
        string? mode = string.IsNullOrWhiteSpace(declaration.TransportMode) ? null : declaration.TransportMode.Trim();
        var lines = new List<TradeLine>(declaration.Items.Count);
        foreach (GoodsItem item in declaration.Items)
        {
            string? partner = flow == Import
                ? (item.OriginCountry ?? declaration.ExportCountry)?.Value
                : declaration.DestinationCountry?.Value;
            string hs = item.CommodityCode?.Digits ?? "";
            string chapter = hs.Length >= 2 ? hs[..2] : "";
            string section = chapter.Length == 2 ? edition.Find(chapter)?.Section ?? "" : "";
            CurrencyCode? currency = item.Currency ?? declaration.InvoiceCurrency;
            decimal? amount = item.Amount ?? (declaration.Items.Count == 1 ? declaration.InvoiceAmount : null);

            long value = 0, usd = 0;
            DateOnly? rateMonth = null;
            string status = NoValue;
            if (amount is { } a && currency is { } from)
            {
                Result<ExchangeRateUsed> toNode = ExchangeRates.Shipped.Rate(from, nodeCurrency, day);
                Result<ExchangeRateUsed> toUsd = ExchangeRates.Shipped.Rate(from, s_usd, day);
                if (toNode.IsValid && toUsd.IsValid)
                {
                    value = Minor(a * toNode.Value.Rate, nodeCurrency);
                    usd = Minor(a * toUsd.Value.Rate, s_usd);
                    rateMonth = RateMonth(toNode.Value, toUsd.Value, from, nodeCurrency);
                    status = Ok;
                }
                else
                {
                    status = NoRate;
                }
            }

            lines.Add(new TradeLine(item.Sequence, flow, hs, chapter, section, partner, declarantId, officeCode, region, day, mode,
                CorridorLines.Of(mode, partner, officeCode), value, nodeCurrency.Value, usd, currency?.Value, amount, rateMonth, status));
        }

        return lines;
    }

    /// <summary>The amount in integer minor units of <paramref name="currency"/>, rounded half away from zero.</summary>
    public static long Minor(decimal amount, CurrencyCode currency)
    {
        decimal scaled = amount;
        for (int i = 0; i < currency.MinorUnit; i++)
        {
            scaled *= 10;
        }

        return (long)Math.Round(scaled, 0, MidpointRounding.AwayFromZero);
    }

    // The month whose rate was used (a same-currency conversion uses none); the earlier one if the two differ.
    private static DateOnly? RateMonth(ExchangeRateUsed toNode, ExchangeRateUsed toUsd, CurrencyCode from, CurrencyCode node)
    {
        DateOnly? a = from == node ? null : toNode.RateDate;
        DateOnly? b = from == s_usd ? null : toUsd.RateDate;
        DateOnly? used = a is null ? b : b is null ? a : (a < b ? a : b);
        return used is { } d ? new DateOnly(d.Year, d.Month, 1) : null;
    }
}

/// <summary>
/// The corridor lines statistics are broken down by, derived from the mode of transport at the border and the partner
/// country (a declaration names no route): a classification of this node, documented in docs/statistics.md.
/// </summary>
public static class CorridorLines
{
    public const string RailSea = "rail-sea via Beibu Gulf";
    public const string LaosThailandRail = "China–Laos–Thailand rail";
    public const string VietnamRail = "China–Vietnam rail";
    public const string VietnamRoad = "cross-border road (Vietnam)";
    public const string LaosRoad = "cross-border road (Laos, Thailand)";
    public const string MyanmarIndia = "China–Myanmar–India";
    public const string Yangtze = "Yangtze waterway";
    public const string Air = "air";
    public const string Other = "other";

    /// <summary>Every line, in the order pages list them.</summary>
    public static IReadOnlyList<string> All { get; } = [RailSea, LaosThailandRail, VietnamRail, VietnamRoad, LaosRoad, MyanmarIndia, Yangtze, Air, Other];

    /// <summary>The line of a movement by <paramref name="mode"/> (Rec 19) with <paramref name="partner"/>.</summary>
    public static string Of(string? mode, string? partner, string officeCode)
    {
        ArgumentNullException.ThrowIfNull(officeCode);
        bool viaMyanmar = partner is "MM" or "IN" or "BD";
        return mode switch
        {
            "1" => viaMyanmar ? MyanmarIndia : RailSea,
            "2" => partner switch
            {
                "LA" or "TH" or "KH" => LaosThailandRail,
                "VN" => VietnamRail,
                _ when viaMyanmar => MyanmarIndia,
                _ => officeCode.StartsWith("CN72", StringComparison.Ordinal) ? VietnamRail : officeCode.StartsWith("CN86", StringComparison.Ordinal) ? LaosThailandRail : RailSea,
            },
            "3" => partner switch
            {
                "VN" => VietnamRoad,
                "LA" or "TH" => LaosRoad,
                _ when viaMyanmar => MyanmarIndia,
                _ => Other,
            },
            "8" => Yangtze,
            "4" => Air,
            _ => Other,
        };
    }
}
