using Landsea.Edifact.Directories;
using Landsea.Edifact.Samples;
using Landsea.Edifact.Syntax;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Fuzz;

/// <summary>Random and mutated inputs never throw; each call is bounded by the input length (no hang).</summary>
public class FuzzTests
{
    private static readonly string[] s_types = ["CUSDEC", "CUSCAR", "CUSRES"];

    [Fact]
    public void ReadAndValidate_RandomBytes_NeverThrow()
    {
        var random = new Random(20250131);
        byte[] alphabet = "UNABHTZGE+:'?* \r\n0123456789CUSDECRLOCDTMBGM"u8.ToArray();
        for (int i = 0; i < 3000; i++)
        {
            byte[] data = new byte[random.Next(0, 600)];
            if (i % 2 == 0)
            {
                random.NextBytes(data);
            }
            else
            {
                for (int j = 0; j < data.Length; j++)
                {
                    data[j] = alphabet[random.Next(alphabet.Length)];
                }
            }

            Exercise(data);
        }
    }

    [Fact]
    public void ReadAndValidate_MutatedInterchanges_NeverThrow()
    {
        var random = new Random(7);
        var builder = new SampleBuilder(DirectoryCatalog.Get("D96B"), random) { Escapes = true };
        byte[] valid = EdifactWriter.Write(SampleBuilder.Interchange(s_types.Select((t, i) => builder.Message(t, "M" + i, full: false))));
        for (int i = 0; i < 1500; i++)
        {
            byte[] data = (byte[])valid.Clone();
            int mutations = random.Next(1, 6);
            for (int m = 0; m < mutations; m++)
            {
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            int cut = random.Next(3) == 0 ? random.Next(data.Length) : data.Length;
            Exercise(data.AsSpan(0, cut).ToArray());
        }
    }

    [Fact]
    public void CusdecDeclarationReader_MutatedCusdecs_NeverThrow()
    {
        var random = new Random(11);
        var declaration = new Landsea.Declarations.Declaration
        {
            FunctionalReference = "LRN-1",
            TypeCode = "IMA",
            FunctionCode = "9",
            Direction = Landsea.Declarations.DeclarationDirection.Import,
            IssuedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            OfficeCode = "LAVTE001",
            InvoiceAmount = 10m,
            InvoiceCurrency = Landsea.Shared.CurrencyCode.Parse("USD").OrThrow(),
            Parties = [new("Declarant", Landsea.Shared.TraderId.Parse("91110000600037341L").OrThrow(), "Broker", Landsea.Shared.CountryCode.Parse("CN").OrThrow())],
            Items = [new(1, Landsea.Shared.HsCode.Parse("85171300").OrThrow(), "Phones", Landsea.Shared.CountryCode.Parse("CN").OrThrow(), 10m, Landsea.Shared.CurrencyCode.Parse("USD").OrThrow(), 2m, 1m)],
        };
        var builder = new SampleBuilder(DirectoryCatalog.Get("D96B"), random) { Escapes = true };
        byte[][] seeds =
        [
            Landsea.Declarations.Edifact.CusdecDeclarationWriter.Write(declaration),
            EdifactWriter.Write(SampleBuilder.Interchange([builder.Message("CUSDEC", "M1", full: true)])),
        ];
        for (int i = 0; i < 600; i++)
        {
            byte[] data = (byte[])seeds[i % 2].Clone();
            for (int m = random.Next(1, 6); m > 0; m--)
            {
                data[random.Next(data.Length)] = (byte)"0123456789+:'?-.,ABCZ"[random.Next(21)];
            }

            var check = Landsea.Declarations.Edifact.CusdecDeclarationReader.Read(data, new DateOnly(2026, 11, 26));
            Assert.True(check.IsValid || check.Errors.Count > 0);
        }
    }

    private static void Exercise(byte[] data)
    {
        var read = EdifactReader.Read(data, new EdifactReadOptions { MaxSegmentLength = 256 });
        var report = EdifactValidator.Validate(data, new EdifactReadOptions { MaxSegmentLength = 256 });
        Assert.True(read.Succeeded || read.Issues.Count > 0);
        Assert.True(report.IsValid || report.Errors.Any());
        if (read.Succeeded)
        {
            var again = EdifactReader.Read(EdifactWriter.Write(read.Document!));
            Assert.True(again.Succeeded, string.Join("\n", again.Issues));
        }
    }
}
