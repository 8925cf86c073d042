using Landsea.Risk.Declarations;

namespace Landsea.Risk.Features;

/// <summary>
/// A grouping of declarations whose history (how many, how often found irregular, typical value per kilogram)
/// is a feature. Composite keys group on every part.
/// </summary>
public enum HistoryKey
{
    Importer,
    Declarant,
    Seller,
    Courier,
    Office,
    Origin,
    Departure,
    HsChapter,
    HsHeading,
    HsCode,
    HsOrigin,
    HsDeparture,
    ImporterHs,
    DeclarantImporter,
    SellerImporter,
    OfficeHs,

    /// <summary>Exactly the same declared net mass.</summary>
    NetMass,

    /// <summary>Exactly the same declared item price.</summary>
    ItemPrice,
    HsNetMass,
    HsItemPrice,

    /// <summary>Same HS code, net mass and item price: a repeat of an earlier consignment.</summary>
    Consignment,
}

/// <summary>
/// 64-bit keys of a declaration's groups. Values are hashed (FNV-1a over the text, SplitMix64 over the bits of
/// amounts) instead of kept as text: scoring allocates nothing, and a model file holds no trader ids in clear.
/// Invariant: two declarations with the same parts get the same key; different parts collide with probability
/// about n²/2⁶⁵ (≈ 10⁻¹⁰ for the 50,000 groups of the KCS data), which at worst merges two groups' history.
/// </summary>
internal static class HistoryKeys
{
    public static readonly int Count = Enum.GetValues<HistoryKey>().Length;

    public static void Compute(RiskCase d, Span<ulong> keys)
    {
        ulong importer = Text(d.ImporterId), declarant = Text(d.DeclarantId), seller = Text(d.SellerId);
        ulong office = Text(d.OfficeCode), origin = Text(d.OriginCountry), departure = Text(d.DepartureCountry);
        ulong hs = Text(d.HsCode), mass = Amount(d.NetMassKg), price = Amount(d.ItemPrice);
        keys[(int)HistoryKey.Importer] = Of(HistoryKey.Importer, importer);
        keys[(int)HistoryKey.Declarant] = Of(HistoryKey.Declarant, declarant);
        keys[(int)HistoryKey.Seller] = Of(HistoryKey.Seller, seller);
        keys[(int)HistoryKey.Courier] = Of(HistoryKey.Courier, Text(d.CourierId));
        keys[(int)HistoryKey.Office] = Of(HistoryKey.Office, office);
        keys[(int)HistoryKey.Origin] = Of(HistoryKey.Origin, origin);
        keys[(int)HistoryKey.Departure] = Of(HistoryKey.Departure, departure);
        keys[(int)HistoryKey.HsChapter] = Of(HistoryKey.HsChapter, Text(d.HsCode.AsSpan(0, Math.Min(2, d.HsCode.Length))));
        keys[(int)HistoryKey.HsHeading] = Of(HistoryKey.HsHeading, Text(d.HsCode.AsSpan(0, Math.Min(4, d.HsCode.Length))));
        keys[(int)HistoryKey.HsCode] = Of(HistoryKey.HsCode, hs);
        keys[(int)HistoryKey.HsOrigin] = Of(HistoryKey.HsOrigin, hs, origin);
        keys[(int)HistoryKey.HsDeparture] = Of(HistoryKey.HsDeparture, hs, departure);
        keys[(int)HistoryKey.ImporterHs] = Of(HistoryKey.ImporterHs, importer, hs);
        keys[(int)HistoryKey.DeclarantImporter] = Of(HistoryKey.DeclarantImporter, declarant, importer);
        keys[(int)HistoryKey.SellerImporter] = Of(HistoryKey.SellerImporter, seller, importer);
        keys[(int)HistoryKey.OfficeHs] = Of(HistoryKey.OfficeHs, office, hs);
        keys[(int)HistoryKey.NetMass] = Of(HistoryKey.NetMass, mass);
        keys[(int)HistoryKey.ItemPrice] = Of(HistoryKey.ItemPrice, price);
        keys[(int)HistoryKey.HsNetMass] = Of(HistoryKey.HsNetMass, hs, mass);
        keys[(int)HistoryKey.HsItemPrice] = Of(HistoryKey.HsItemPrice, hs, price);
        keys[(int)HistoryKey.Consignment] = Of(HistoryKey.Consignment, hs, mass, price);
    }

    /// <summary>The key of an HS code and origin country (the reference for value-per-kg rule conditions).</summary>
    public static ulong HsOrigin(string hsCode, string originCountry) => Of(HistoryKey.HsOrigin, Text(hsCode), Text(originCountry));

    /// <summary>Key of a category value of categorical column <paramref name="column"/>.</summary>
    public static ulong Category(int column, string value) => Mix(Text(value) ^ (0xC0FFEEUL + (ulong)column));

    private static ulong Of(HistoryKey key, ulong a, ulong b = 0, ulong c = 0) =>
        Mix(Mix(Mix((ulong)key + 0x9E3779B97F4A7C15UL ^ a) ^ b) ^ c);

    private static ulong Text(ReadOnlySpan<char> text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }

        return Mix(h ^ (ulong)text.Length);
    }

    // +0 and −0 declare the same amount.
    private static ulong Amount(double value) => Mix((ulong)BitConverter.DoubleToInt64Bits(value == 0 ? 0 : value) ^ 0xA5A5A5A5UL);

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
