using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Landsea.Declarations;
using Landsea.Declarations.Edifact;
using Landsea.Declarations.Json;
using Landsea.Declarations.Wco;
using Landsea.Tests;
using Landsea.Transit;

namespace Landsea.Domain.Tests.Declarations;

/// <summary>
/// Issue 17 item 4: every declaration reader is total. Random bytes and mutated valid samples (bit flips, inserted and
/// deleted bytes, digits replaced by huge numbers, inserted surrogates and invalid UTF-8, duplicated keys, truncation)
/// never throw: each gives a check that is valid or names at least one documented error code. The seeds are fixed
/// (<c>Replay</c>); FsCheck prints the failing input (its bytes in base64) and the seed.
/// </summary>
public class ReaderFuzzTests
{
    private static readonly DateOnly s_lodgedOn = new(2026, 11, 26);

    private static readonly HashSet<string> s_codes = [.. ErrorCodes.All.Select(c => c.Code), .. Landsea.Shared.SecurityErrorCodes.All.Select(c => c.Code)];

    [Property(MaxTest = 3000, Replay = "(20261202,1)", Arbitrary = [typeof(ReaderInputs)])]
    public void JsonDeclarationReader_RandomAndMutatedInput_NeverThrows(JsonInput input) =>
        AssertTotal(JsonDeclarationReader.Read(input.Bytes, s_lodgedOn));

    [Property(MaxTest = 2000, Replay = "(20261202,3)", Arbitrary = [typeof(ReaderInputs)])]
    public void WcoDeclarationReader_RandomAndMutatedInput_NeverThrows(WcoInput input) =>
        AssertTotal(WcoDeclarationReader.Read(input.Bytes, s_lodgedOn));

    [Property(MaxTest = 3000, Replay = "(20261202,5)", Arbitrary = [typeof(ReaderInputs)])]
    public void CusdecDeclarationReader_RandomAndMutatedInput_NeverThrows(CusdecInput input) =>
        AssertTotal(CusdecDeclarationReader.Read(input.Bytes, s_lodgedOn));

    [Property(MaxTest = 2000, Replay = "(20261202,7)", Arbitrary = [typeof(ReaderInputs)])]
    public void SubmissionReader_RandomBytes_NeverThrows(RandomInput input) =>
        AssertTotal(SubmissionReader.Read(input.Bytes, s_lodgedOn).Check);

    [Property(MaxTest = 2000, Replay = "(20261202,9)", Arbitrary = [typeof(ReaderInputs)])]
    public void TransitValidation_RandomAndMutatedNctsXmlAndJson_NeverThrows(NctsInput input)
    {
        TransitCheck check = TransitValidation.Check(input.Bytes, TransitAdministration.Uk, new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

        Assert.True(check.IsValid || check.Errors.Count > 0, "A check without a message names no error.");
        Assert.All(check.Errors, e => Assert.StartsWith("LS5", e.Code, StringComparison.Ordinal));
        Assert.NotNull(JsonSerializer.Serialize(check.Errors));
    }

    private static void AssertTotal(DeclarationCheck check)
    {
        Assert.True(check.IsValid || check.Errors.Count > 0, "A check without a declaration names no error.");
        Assert.All(check.Errors, e => Assert.Contains(e.Code, s_codes));
        Assert.All(check.Errors, e => Assert.NotNull(e.Pointer));

        // The API and the CLI answer with the errors as JSON: their reasons must be writable (no lone surrogate).
        Assert.NotNull(JsonSerializer.Serialize(check.Errors));
    }
}

/// <summary>Input for one reader, shown with its bytes so that a failure can be replayed by hand.</summary>
public abstract record FuzzInput(string Origin, byte[] Bytes)
{
    public override string ToString() => $"{Origin}, {Bytes.Length} bytes: {Convert.ToBase64String(Bytes)}";
}

public sealed record JsonInput(string Origin, byte[] Bytes) : FuzzInput(Origin, Bytes)
{
    public override string ToString() => base.ToString();
}

public sealed record WcoInput(string Origin, byte[] Bytes) : FuzzInput(Origin, Bytes)
{
    public override string ToString() => base.ToString();
}

public sealed record CusdecInput(string Origin, byte[] Bytes) : FuzzInput(Origin, Bytes)
{
    public override string ToString() => base.ToString();
}

public sealed record NctsInput(string Origin, byte[] Bytes) : FuzzInput(Origin, Bytes)
{
    public override string ToString() => base.ToString();
}

public sealed record RandomInput(string Origin, byte[] Bytes) : FuzzInput(Origin, Bytes)
{
    public override string ToString() => base.ToString();
}

/// <summary>FsCheck generators: valid samples of each format, and the mutations applied to them.</summary>
public static class ReaderInputs
{
    private const string JsonSample = """
        {"functionalReference":"FZ-1","typeCode":"IMA","functionCode":"9","issuedAt":"2026-11-25T08:30:00Z",
         "declarant":{"id":"91350100M000100Y43","name":"Broker","country":"CN"},"importer":{"id":"197401143C","country":"SG"},
         "officeCode":"CNCKG001","invoice":{"amount":1200.50,"currency":"CNY"},"exportCountry":"CN","destinationCountry":"SG",
         "transportMode":"2","containers":["MSCU1234565"],
         "items":[{"sequence":1,"commodityCode":"847130","description":"Laptops \u00e9 \ud83d\ude00","originCountry":"CN",
                   "amount":{"amount":1000.50,"currency":"CNY"},"grossMassKg":120,"netMassKg":100},
                  {"sequence":2,"commodityCode":"0901.21","originCountry":"LA","amount":{"amount":200,"currency":"CNY"},"grossMassKg":5e2}]}
        """;

    private static readonly string[] s_huge =
    [
        "99999999999999999999", "1e400", "-1e400", "79228162514264337593543950336", "5e28", "-0", "0.00000000000000000000000000000001",
        "99999999999999999999999999999999999999999999", "2147483648", "-2147483649", "1E-400", "NaN",
    ];

    private static readonly byte[][] s_unicode =
    [
        "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\ud800\\u0041"u8.ToArray(), "\\uDBFF\\uDBFF"u8.ToArray(), "&#xD800;"u8.ToArray(),
        [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], "\u00e9"u8.ToArray(),
    ];

    private static readonly byte[][] s_keys =
    [
        "\"typeCode\":\"EXA\","u8.ToArray(), "\"sequence\":7,"u8.ToArray(), "\"amount\":1,"u8.ToArray(), "\"id\":\"X\","u8.ToArray(),
        "\"\\u0074ypeCode\":\"IMA\","u8.ToArray(), "\"items\":[],"u8.ToArray(),
    ];

    private static readonly Lazy<byte[][]> s_json = new(() => [Encoding.UTF8.GetBytes(JsonSample)]);

    private static readonly Lazy<byte[][]> s_wco = new(() => [.. WcoSamples.ScenarioDeclarations
        .Select(File.ReadAllBytes).Where(b => b.Length < 12_000).OrderBy(b => b.Length).Take(6)]);

    private static readonly Lazy<byte[][]> s_cusdec = new(() =>
    {
        Declaration declaration = JsonDeclarationReader.Read(Encoding.UTF8.GetBytes(JsonSample), new DateOnly(2026, 11, 26)).Declaration!;
        return [CusdecDeclarationWriter.Write(declaration), CusdecDeclarationWriter.Write(declaration with { Items = declaration.Items.Take(1).ToList() })];
    });

    public static Arbitrary<JsonInput> Json() => Arb.From(Inputs(s_json, "{}[]\":,.-+0123456789eE\\u tfnrl"u8.ToArray()).Select(i => new JsonInput(i.Origin, i.Bytes)));

    public static Arbitrary<WcoInput> Wco() => Arb.From(Inputs(s_wco, "<>/=\"' ?!&#;:mdxlnsDeclarationID0123456789"u8.ToArray()).Select(i => new WcoInput(i.Origin, i.Bytes)));

    public static Arbitrary<CusdecInput> Cusdec() => Arb.From(Inputs(s_cusdec, "UNABHTZGICDSE+:'?* 0123456789,."u8.ToArray()).Select(i => new CusdecInput(i.Origin, i.Bytes)));

    private static readonly Lazy<byte[][]> s_ncts = new(() => [.. Directory.GetFiles(Repository.Path("vectors", "ncts", "samples-phase5"))
        .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).Where(b => b.Length < 8_000).OrderBy(b => b.Length).Take(8)]);

    public static Arbitrary<NctsInput> Ncts() => Arb.From(Inputs(s_ncts, "<>/=\"' {}[]:,\\uCC015ncts:0123456789"u8.ToArray()).Select(i => new NctsInput(i.Origin, i.Bytes)));

    public static Arbitrary<RandomInput> Random() => Arb.From(
        Gen.OneOf(RandomBytes(), Gen.Elements(s_json.Value.Concat(s_wco.Value).Concat(s_cusdec.Value).ToArray()).SelectMany(Mutated))
            .Select(i => new RandomInput(i.Origin, i.Bytes)));

    /// <summary>One in four inputs is random (bytes, or characters of the format); the rest are mutated samples.</summary>
    private static Gen<(string Origin, byte[] Bytes)> Inputs(Lazy<byte[][]> samples, byte[] alphabet) => Gen.Frequency(
        (1, RandomBytes()),
        (1, Gen.Choose(0, 800).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet), n)).Select(b => ("format characters", b))),
        (6, Gen.Elements(samples.Value).SelectMany(Mutated)));

    private static Gen<(string Origin, byte[] Bytes)> RandomBytes() =>
        Gen.Choose(0, 800).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => ("random bytes", b));

    private static Gen<(string Origin, byte[] Bytes)> Mutated(byte[] sample) =>
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Mutation(), n)).Select(ms =>
        {
            var data = new List<byte>(sample);
            foreach ((int op, int at, int value) in ms)
            {
                Apply(data, op, at, value);
            }

            return ($"sample of {sample.Length} bytes, mutations {string.Join(" ", ms.Select(m => $"{m.Op}@{m.At}:{m.Value}"))}", data.ToArray());
        });

    private static Gen<(int Op, int At, int Value)> Mutation() =>
        from op in Gen.Choose(0, 6)
        from at in Gen.Choose(0, int.MaxValue)
        from value in Gen.Choose(0, 255)
        select (op, at, value);

    /// <summary>0 flip a bit, 1 insert a byte, 2 delete a byte, 3 replace a run of digits by a huge or odd number, 4 insert a surrogate or invalid UTF-8, 5 duplicate a key after a '{', 6 truncate.</summary>
    private static void Apply(List<byte> data, int op, int at, int value)
    {
        int p = data.Count == 0 ? 0 : at % data.Count;
        switch (op)
        {
            case 0 when data.Count > 0:
                data[p] ^= (byte)(1 << (value % 8));
                break;
            case 1:
                data.Insert(Math.Min(p, data.Count), (byte)value);
                break;
            case 2 when data.Count > 0:
                data.RemoveAt(p);
                break;
            case 3:
                int start = data.FindIndex(p, b => b is >= (byte)'0' and <= (byte)'9');
                if (start >= 0)
                {
                    int end = start;
                    while (end < data.Count && data[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.')
                    {
                        end++;
                    }

                    data.RemoveRange(start, end - start);
                    data.InsertRange(start, Encoding.ASCII.GetBytes(s_huge[value % s_huge.Length]));
                }

                break;
            case 4:
                data.InsertRange(Math.Min(p, data.Count), s_unicode[value % s_unicode.Length]);
                break;
            case 5:
                int brace = data.FindIndex(p, b => b == (byte)'{');
                if (brace >= 0)
                {
                    data.InsertRange(brace + 1, s_keys[value % s_keys.Length]);
                }

                break;
            case 6:
                data.RemoveRange(p, data.Count - p);
                break;
            default:
                break;
        }
    }
}
