using Landsea.Risk.Declarations;
using Landsea.Shared;

namespace Landsea.Risk.Tests;

/// <summary>The repository's small KCS fixtures (data/customs-risk/fixtures), read once per test run.</summary>
internal static class Fixtures
{
    private static readonly Lazy<IReadOnlyList<LabelledCase>> s_train = new(() => Read("train-small.csv"));
    private static readonly Lazy<IReadOnlyList<LabelledCase>> s_valid = new(() => Read("valid-small.csv"));

    /// <summary>Every 12th row of the 2020 train split (3,116 declarations).</summary>
    public static IReadOnlyList<LabelledCase> Train => s_train.Value;

    /// <summary>Every 8th row of the 2021 Q1 valid split (1,017 declarations).</summary>
    public static IReadOnlyList<LabelledCase> Valid => s_valid.Value;

    public static string Path(string name) => System.IO.Path.Combine(RepositoryRoot(), "data", "customs-risk", "fixtures", name);

    /// <summary>A file of the repository, by its path parts from the root.</summary>
    public static string RepositoryFile(params string[] parts) => System.IO.Path.Combine([RepositoryRoot(), .. parts]);

    public static string Header =>
        "Declaration ID,Date,Office ID,Process Type,Import Type,Import Use,Payment Type,Mode of Transport,Declarant ID,Importer ID,Seller ID,Courier ID,HS6 Code,Country of Departure,Country of Origin,Tax Rate,Tax Type,Country of Origin Indicator,Net Mass,Item Price,Fraud,Critical Fraud";

    public static string Row(string id = "1", string date = "2020-01-01", string hs = "440890", string mass = "108.0", string price = "372254.4", string fraud = "0") =>
        $"{id},{date},30,B,11,21,11,10,ZZR1LT6,QLRUBN9,0VKY2BR,,{hs},BE,BE,0.0,FEU1,G,{mass},{price},{fraud},0";

    public static RiskCase Case(string id = "1", DateOnly? date = null, string hs = "440890", double mass = 100, double price = 1000, string importer = "IMP1") =>
        new(id, date ?? new DateOnly(2020, 1, 1), "30", "B", "11", "21", "11", "10", "DECL1", importer, "SELL1", "", hs, "CN", "CN", 8, "A", "G", mass, price);

    private static IReadOnlyList<LabelledCase> Read(string name)
    {
        Result<IReadOnlyList<LabelledCase>> rows = DeclarationCsv.ReadLabelled(Path(name));
        Assert.True(rows.IsValid, rows.Failure?.ToString());
        return rows.Value;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Landsea.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Landsea.slnx not found above the test directory.");
    }
}
