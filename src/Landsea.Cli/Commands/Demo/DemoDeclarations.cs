using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Landsea.Cli.Commands.Demo;

/// <summary>
/// Realistic export declarations lodged at Chongqing (office CN800001) in the JSON form of docs/declarations.md, bound for
/// Singapore (by sea through Qinzhou), Laos and Thailand (through Mohan) and Viet Nam (through Pingxiang). Deterministic per index.
/// </summary>
public static class DemoDeclarations
{
    private static readonly (string Hs, string Description, decimal PricePerKg)[] Goods =
    [
        ("847130", "Laptop computers", 95m), ("851762", "Network switches", 120m), ("940360", "Wooden office furniture", 6m),
        ("870899", "Motor vehicle parts", 11m), ("610910", "Cotton T-shirts", 14m), ("854143", "Photovoltaic modules", 30m),
        ("290531", "Ethylene glycol", 1.2m), ("382499", "Chemical preparations", 3.5m), ("690721", "Ceramic tiles", 0.9m),
        ("950300", "Toys", 8m), ("850440", "Static converters", 40m), ("731815", "Steel bolts", 2.1m),
    ];

    private static readonly (string Country, string Importer)[] Destinations =
    [
        ("SG", "Lion City Electronics Pte Ltd"), ("SG", "Jurong Trading Pte Ltd"), ("SG", "Tuas Logistics Pte Ltd"), ("SG", "Marina Imports Pte Ltd"),
        ("LA", "Vientiane Trading Co."), ("TH", "Bangkok Industrial Supply Co."), ("VN", "Hanoi Machinery JSC"), ("SG", "Keppel Components Pte Ltd"),
    ];

    /// <summary>Declaration number <paramref name="index"/> of run <paramref name="run"/> (the run makes functional references unique).</summary>
    public static (byte[] Json, string DestinationCountry) Create(string run, int index, DateTimeOffset issuedAt)
    {
        var random = new Random(index * 7919 + 17);
        (string country, string importer) = Destinations[index % Destinations.Length];
        int itemCount = 1 + random.Next(3);
        var items = new JsonArray();
        decimal total = 0;
        for (int i = 1; i <= itemCount; i++)
        {
            var g = Goods[random.Next(Goods.Length)];
            decimal gross = 50 + random.Next(4000);
            decimal net = Math.Round(gross * 0.9m, 1);
            decimal amount = Math.Round(net * g.PricePerKg * 7.1m, 2);
            total += amount;
            items.Add(new JsonObject
            {
                ["sequence"] = i, ["commodityCode"] = g.Hs, ["description"] = g.Description, ["originCountry"] = "CN",
                ["amount"] = new JsonObject { ["amount"] = amount, ["currency"] = "CNY" }, ["grossMassKg"] = gross, ["netMassKg"] = net,
            });
        }

        var doc = new JsonObject
        {
            ["functionalReference"] = string.Create(CultureInfo.InvariantCulture, $"DEMO-{run}-{index:D6}"),
            ["typeCode"] = "EXA",
            ["functionCode"] = "9",
            ["issuedAt"] = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["declarant"] = new JsonObject { ["id"] = "91350100M000100Y43", ["name"] = "Chongqing Yangtze Trading Co." },
            ["exporter"] = new JsonObject { ["id"] = "91350100M000100Y43", ["country"] = "CN" },
            ["importer"] = new JsonObject { ["name"] = importer, ["country"] = country },
            ["officeCode"] = "CN800001",
            ["exportCountry"] = "CN",
            ["destinationCountry"] = country,
            ["transportMode"] = country == "SG" ? "1" : "2",
            ["invoice"] = new JsonObject { ["amount"] = total, ["currency"] = "CNY" },
            ["containers"] = new JsonArray("CSQU3054383"),
            ["items"] = items,
        };
        return (JsonSerializer.SerializeToUtf8Bytes(doc), country);
    }
}
