using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Landsea.Web.Tests.Api;

/// <summary>Issue 15, item 9: an OpenAPI document trader software can be generated from.</summary>
public partial class OpenApiDocumentTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static readonly string[] TextKeys = ["description", "summary"];

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await node.Client().GetStringAsync("/openapi/v1.json")).RootElement;

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement doc)
    {
        foreach (JsonProperty path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty op in path.Value.EnumerateObject().Where(p => p.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                yield return (path.Name, op.Name, op.Value);
            }
        }
    }

    [Fact]
    public async Task Document_DeclaresBasicAndCookieSchemes_AsTheDefaultSecurity()
    {
        JsonElement doc = await DocumentAsync();
        JsonElement schemes = doc.GetProperty("components").GetProperty("securitySchemes");

        Assert.Equal("basic", schemes.GetProperty("basic").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        Assert.Equal("landsea", schemes.GetProperty("cookie").GetProperty("name").GetString());
        string[] root = [.. doc.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))];
        Assert.Equal(["basic", "cookie"], root);
    }

    [Fact]
    public async Task EveryOperation_HasUniqueId_Summary_AndAProblemAnswerForEachError()
    {
        JsonElement doc = await DocumentAsync();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string path, string method, JsonElement op) in Operations(doc))
        {
            string where = $"{method.ToUpperInvariant()} {path}";
            Assert.True(op.TryGetProperty("operationId", out JsonElement id) && ids.Add(id.GetString()!), $"{where}: operationId missing or repeated");
            Assert.True(op.TryGetProperty("summary", out _), $"{where}: no summary");
            JsonElement responses = op.GetProperty("responses");
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('4'));
            bool anonymous = op.TryGetProperty("security", out JsonElement security) && security.GetArrayLength() == 0;
            if (!anonymous)
            {
                AssertProblem(responses, "401", where);
                AssertProblem(responses, "403", where);
            }

            if (path.Contains('{', StringComparison.Ordinal))
            {
                AssertProblem(responses, "404", where);
            }
        }

        Assert.Contains("lodgeDeclaration", ids);
        Assert.Contains("readNotifications", ids);
    }

    private static void AssertProblem(JsonElement responses, string status, string where)
    {
        Assert.True(responses.TryGetProperty(status, out JsonElement r), $"{where}: no {status} answer");
        if (r.TryGetProperty("content", out JsonElement content) && content.TryGetProperty("application/problem+json", out JsonElement problem))
        {
            Assert.Equal("#/components/schemas/Problem", problem.GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    [Fact]
    public async Task Schemas_TypeNumbersAsNumbers_AndValueTypesAsStrings()
    {
        JsonElement doc = await DocumentAsync();
        var mixed = new List<string>();
        Walk(doc, "", (pointer, schema) =>
        {
            if (schema.TryGetProperty("type", out JsonElement type) && type.ValueKind == JsonValueKind.Array)
            {
                string[] types = [.. type.EnumerateArray().Select(t => t.GetString()!)];
                if (types.Contains("string") && (types.Contains("integer") || types.Contains("number")))
                {
                    mixed.Add(pointer);
                }
            }
        });
        Assert.Empty(mixed);
        JsonElement schemas = doc.GetProperty("components").GetProperty("schemas");
        foreach (string valueType in new[] { "HsCode", "CountryCode", "CurrencyCode", "TraderId" })
        {
            Assert.Equal("string", schemas.GetProperty(valueType).GetProperty("type").GetString());
        }

        Assert.Equal("integer", schemas.GetProperty("LodgeAnswer").GetProperty("properties").GetProperty("submissionId").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Descriptions_AreWords_NotCSharp()
    {
        JsonElement doc = await DocumentAsync();
        var csharp = new List<string>();
        Walk(doc, "", (pointer, o) =>
        {
            foreach (string key in TextKeys)
            {
                if (o.TryGetProperty(key, out JsonElement text) && text.ValueKind == JsonValueKind.String && CSharpText().IsMatch(text.GetString()!))
                {
                    csharp.Add($"{pointer}: {text.GetString()}");
                }
            }
        });
        Assert.Empty(csharp);
    }

    [Fact]
    public async Task LodgeOperation_TakesTheJsonSubmissionSchema_WithAnExample()
    {
        JsonElement doc = await DocumentAsync();
        JsonElement content = doc.GetProperty("paths").GetProperty("/api/declarations").GetProperty("post").GetProperty("requestBody").GetProperty("content");

        Assert.Equal("#/components/schemas/DeclarationSubmission", content.GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(content.TryGetProperty("application/xml", out _));
        Assert.True(content.TryGetProperty("application/EDIFACT", out _));
        JsonElement example = doc.GetProperty("components").GetProperty("schemas").GetProperty("DeclarationSubmission").GetProperty("examples")[0];
        HttpResponseMessage lodged = await node.Client("trader.a").PostAsync("/api/declarations",
            new StringContent(example.GetRawText().Replace("LRN-2026-000187", "LRN-OPENAPI-EXAMPLE", StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(lodged.StatusCode is HttpStatusCode.Created, $"the document's own example is not lodged: {await lodged.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData(null, "/api/declarations", HttpStatusCode.Unauthorized, "LS601")]
    [InlineData("trader.a", "/api/exchange/partners", HttpStatusCode.Forbidden, "LS401")]
    [InlineData("officer.cq", "/api/declarations?status=Foo", HttpStatusCode.BadRequest, "LS600")]
    [InlineData("officer.cq", "/api/declarations/26CNCQI000000999R0", HttpStatusCode.NotFound, "LS602")]
    public async Task ProblemAnswers_CarryAStableCode(string? user, string path, HttpStatusCode status, string code)
    {
        HttpResponseMessage response = await node.Client(user).GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    private static void Walk(JsonElement e, string pointer, Action<string, JsonElement> visit)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            visit(pointer, e);
            foreach (JsonProperty p in e.EnumerateObject())
            {
                Walk(p.Value, pointer + "/" + p.Name, visit);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (JsonElement item in e.EnumerateArray())
            {
                Walk(item, pointer + "/" + i++, visit);
            }
        }
    }

    /// <summary>C# leaking into the document: a nullable type before a member, a dotted member reference, framework types.</summary>
    [GeneratedRegex(@"\b(string|decimal|double|int|long|bool)\?\s|\b[A-Z][a-z]+[A-Za-z]*\.[A-Z][a-z]+[A-Za-z]*\b|System\.|IReadOnly|Task<|cref", RegexOptions.CultureInvariant)]
    private static partial Regex CSharpText();
}
