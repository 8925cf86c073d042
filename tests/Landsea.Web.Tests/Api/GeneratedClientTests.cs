using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace Landsea.Web.Tests.Api;

/// <summary>
/// Issue 15, item 9: trader software generated from the node's OpenAPI document (NSwag's C# client generator) lodges a
/// declaration, reads it, and follows it through the notification feed. The generated client and a small trader program
/// written against its types are compiled with Roslyn and run against a real node; an officer releases in between.
/// </summary>
public class GeneratedClientTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    /// <summary>What a trader's developer writes against the generated client: typed, no hand-written JSON.</summary>
    private const string TraderProgram = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Trader.Generated;

        public static class TraderProgram
        {
            public static async Task<string> LodgeAsync(HttpClient http, string reference)
            {
                var client = new LandseaClient(http);
                LodgeAnswer answer = await client.LodgeDeclarationAsync(new DeclarationSubmission
                {
                    FunctionalReference = reference,
                    TypeCode = "EXA",
                    FunctionCode = "9",
                    Declarant = new SubmissionParty { Id = "91350100M000100Y43", Name = "Chongqing Laptop Export Co." },
                    Exporter = new SubmissionParty { Id = "91350100M000100Y43", Country = "CN" },
                    OfficeCode = "CN800001",
                    ExportCountry = "CN",
                    DestinationCountry = "SG",
                    TransportMode = "2",
                    Invoice = new SubmissionAmount { Amount = 100, Currency = "CNY" },
                    Items = new List<SubmissionItem>
                    {
                        new SubmissionItem { Sequence = 1, CommodityCode = "847130", Description = "Laptops", OriginCountry = "CN",
                            Amount = new SubmissionAmount { Amount = 100, Currency = "CNY" }, GrossMassKg = 12, NetMassKg = 10 },
                    },
                });
                DeclarationDetail read = await client.GetDeclarationAsync(answer.Mrn);
                return $"{answer.Outcome}|{answer.Mrn}|{read.Summary.Status}";
            }

            public static async Task<string> FollowAsync(HttpClient http, string mrn)
            {
                var client = new LandseaClient(http);
                FeedPage page = await client.ReadNotificationsAsync(null, 100, null);
                string events = string.Join(",", page.Items.Where(i => i.Mrn == mrn).Select(i => i.Event.ToString()));
                FeedAcknowledgement acknowledged = await client.AcknowledgeNotificationsAsync(new FeedAcknowledgement { Cursor = page.Cursor });
                FeedPage after = await client.ReadNotificationsAsync(null, 100, null);
                return $"{events}|{acknowledged.Cursor == page.Cursor}|{after.Items.Count}";
            }

            public static async Task<string> RefusedAsync(HttpClient http)
            {
                try
                {
                    await new LandseaClient(http).GetDeclarationAsync("26CNCQI000000999R0");
                    return "found";
                }
                catch (ApiException<Problem> e)
                {
                    return $"{e.StatusCode}|{e.Result.Code}";
                }
            }
        }
        """;

    internal static async Task<string> GenerateAsync(string json)
    {
        NSwag.OpenApiDocument document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings { ClassName = "LandseaClient", UseBaseUrl = false, GenerateClientInterfaces = false };
        settings.CSharpGeneratorSettings.Namespace = "Trader.Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    private static Assembly Compile(params string[] sources)
    {
        MetadataReference[] references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))];
        CSharpCompilation compilation = CSharpCompilation.Create("TraderSoftware", sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
        string[] errors = [.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString())];
        Assert.True(emitted.Success, "the generated client does not compile:\n" + string.Join("\n", errors));
        image.Position = 0;
        return new AssemblyLoadContext("trader-software", isCollectible: true).LoadFromStream(image);
    }

    private static async Task<string> RunAsync(Assembly trader, string method, params object[] arguments) =>
        await (Task<string>)trader.GetType("TraderProgram")!.GetMethod(method)!.Invoke(null, arguments)!;

    [Fact]
    public async Task GeneratedClient_LodgesReadsAndFollowsADeclarationThroughTheFeed()
    {
        string client = await GenerateAsync(await node.Client().GetStringAsync("/openapi/v1.json"));
        if (Environment.GetEnvironmentVariable("LANDSEA_DUMP_CLIENT") is { Length: > 0 } dump)
        {
            await File.WriteAllTextAsync(dump, client);
        }

        Assembly trader = Compile(client, TraderProgram);
        HttpClient traderHttp = node.Client("trader.a");

        string[] lodged = (await RunAsync(trader, "LodgeAsync", traderHttp, $"LRN-GEN-{Guid.NewGuid():N}"[..24])).Split('|');
        Assert.Equal("accepted", lodged[0]);
        Assert.Matches("^[0-9]{2}CN", lodged[1]);
        Assert.Equal("Accepted", lodged[2]);

        HttpResponseMessage released = await node.Client("officer.cq").PostAsync($"/api/declarations/{lodged[1]}/events",
            new StringContent("""{"event":"Released","note":"released by the generated-client test, control waived","override":true}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(released.IsSuccessStatusCode, await released.Content.ReadAsStringAsync());

        string[] followed = (await RunAsync(trader, "FollowAsync", traderHttp, lodged[1])).Split('|');
        Assert.Equal("Received,Accepted,Released", followed[0]);
        Assert.Equal("True", followed[1]);
        Assert.Equal("0", followed[2]);

        Assert.Equal("404|LS602", await RunAsync(trader, "RefusedAsync", traderHttp));
    }
}
