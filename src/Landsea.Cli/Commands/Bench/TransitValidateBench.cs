using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Landsea.Transit;

namespace Landsea.Cli.Commands.Bench;

/// <summary>
/// <c>landsea bench transit-validate</c>: IE015 messages validated per second on one thread (schema, infoset with
/// pointers, transit rules), against bare XSD validation of the same bytes with the same compiled schema set, in the
/// same run, rounds alternating so that neither side gets the warmer machine.
/// </summary>
public static class TransitValidateBench
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds per measurement round.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds per variant (alternating).", DefaultValueFactory = _ => 3 };
        var sample = new Option<FileInfo>("--sample") { Description = "The IE015 to validate (XML).", DefaultValueFactory = _ => new FileInfo("vectors/ncts/samples-phase5/cc015c-valid.xml") };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("transit-validate", "IE015 validated per second on one thread, against bare XSD validation in the same run.\n\nExample: landsea bench transit-validate --seconds 5 --json") { seconds, rounds, sample, json };
        command.SetAction(async (r, ct) =>
        {
            FileInfo file = r.GetValue(sample)!;
            if (!file.Exists)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync($"error: {file.FullName}: no such file (run from the repository root or pass --sample).");
                return ExitCodes.Usage;
            }

            // The HMRC sample moved to Chongqing, so the rules pass and do all their work.
            byte[] xml = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(file.FullName, ct))
                .Replace("NTA.GB", "NTA.CN", StringComparison.Ordinal).Replace("GB3KMA8M", "CN800001", StringComparison.Ordinal).Replace("BN3KMA8M", "CN720001", StringComparison.Ordinal));
            TransitAdministration admin = TransitAdministration.For("CNCQI")!;
            DateTimeOffset now = DateTimeOffset.UtcNow;
            TransitCheck check = TransitValidation.Check(xml, admin, now);
            byte[] jsonBytes = Encoding.UTF8.GetBytes(ToJson(check.Message!.Root));
            if (!check.IsValid || !TransitValidation.Check(jsonBytes, admin, now).IsValid)
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: the sample does not validate: " + string.Join("; ", check.Errors.Select(e => e.Reason)));
                return ExitCodes.Usage;
            }

            XmlSchemaSet schemas = NctsSchemas.For("CC015C");
            var variants = new (string Name, Action Run)[]
            {
                ("xsd-only", () => BareXsd(xml, schemas)),
                ("landsea-xml", () => TransitValidation.Check(xml, admin, now)),
                ("landsea-json", () => TransitValidation.Check(jsonBytes, admin, now)),
                ("read-xml", () => NctsReader.Read(xml)),
                ("rules", () => TransitRules.Check(check.Message!, admin, now)),
            };
            var totals = variants.ToDictionary(v => v.Name, _ => (Count: 0L, Seconds: 0.0));
            foreach ((_, Action run) in variants)
            {
                for (int i = 0; i < 2000; i++)
                {
                    run();
                }
            }

            TimeSpan round = TimeSpan.FromSeconds(r.GetValue(seconds));
            for (int n = 0; n < r.GetValue(rounds); n++)
            {
                foreach ((string name, Action run) in n % 2 == 0 ? variants : variants.Reverse())
                {
                    long count = 0;
                    var watch = Stopwatch.StartNew();
                    while (watch.Elapsed < round)
                    {
                        for (int i = 0; i < 100; i++)
                        {
                            run();
                        }

                        count += 100;
                    }

                    totals[name] = (totals[name].Count + count, totals[name].Seconds + watch.Elapsed.TotalSeconds);
                }
            }

            double Rate(string name) => totals[name].Count / totals[name].Seconds;
            var figures = new
            {
                bytes = xml.Length,
                xsdOnlyPerSecond = Math.Round(Rate("xsd-only")),
                landseaXmlPerSecond = Math.Round(Rate("landsea-xml")),
                landseaJsonPerSecond = Math.Round(Rate("landsea-json")),
                xmlTimeRatio = Math.Round(Rate("xsd-only") / Rate("landsea-xml"), 2),
                jsonTimeRatio = Math.Round(Rate("xsd-only") / Rate("landsea-json"), 2),
                readXmlPerSecond = Math.Round(Rate("read-xml")),
                rulesPerSecond = Math.Round(Rate("rules")),
            };
            TextWriter output = r.InvocationConfiguration.Output;
            if (r.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(figures, s_indented));
            }
            else
            {
                await output.WriteLineAsync($"IE015 of {xml.Length} bytes, one thread, {r.GetValue(rounds)} alternating rounds of {round.TotalSeconds:0.#} s:");
                await output.WriteLineAsync($"  bare XSD validation  {figures.xsdOnlyPerSecond,10:N0} /s");
                await output.WriteLineAsync($"  Landsea XML check    {figures.landseaXmlPerSecond,10:N0} /s  ({figures.xmlTimeRatio:0.00}x the XSD time)");
                await output.WriteLineAsync($"  Landsea JSON check   {figures.landseaJsonPerSecond,10:N0} /s  ({figures.jsonTimeRatio:0.00}x the XSD time)");
                await output.WriteLineAsync($"  of which: reading XML (schema and infoset) {figures.readXmlPerSecond:N0} /s, rules alone {figures.rulesPerSecond:N0} /s");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The baseline: a validating reader over the bytes, read to the end, nothing kept.</summary>
    private static void BareXsd(byte[] xml, XmlSchemaSet schemas)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += static (_, _) => { };
        using var stream = new MemoryStream(xml, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        while (reader.Read())
        {
        }
    }

    /// <summary>The infoset as HMRC-shaped JSON (every repeated or repeatable element as an array, values as strings).</summary>
    private static string ToJson(NctsElement root)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("n1:" + root.Name);
            Write(writer, root);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());

        static void Write(Utf8JsonWriter w, NctsElement e)
        {
            if (e.Children.Count == 0 && e.Attributes.Count == 0)
            {
                w.WriteStringValue(e.Value);
                return;
            }

            w.WriteStartObject();
            foreach ((string name, string value) in e.Attributes)
            {
                w.WriteString("@" + name, value);
            }

            foreach (IGrouping<string, NctsElement> group in e.Children.GroupBy(c => c.Name))
            {
                w.WritePropertyName(group.Key);
                if (group.Count() > 1 || group.First().Pointer.EndsWith(']'))
                {
                    w.WriteStartArray();
                    foreach (NctsElement item in group)
                    {
                        Write(w, item);
                    }

                    w.WriteEndArray();
                }
                else
                {
                    Write(w, group.First());
                }
            }

            w.WriteEndObject();
        }
    }
}
