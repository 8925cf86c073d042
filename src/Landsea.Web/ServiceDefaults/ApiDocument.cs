using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Landsea.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// The node's OpenAPI document (<c>/openapi/v1.json</c>) written so that trader software can be generated from it:
/// security schemes (HTTP Basic, the sign-in cookie, OpenID Connect when configured) on every protected operation, every
/// error answer declared as problem details with its stable <c>code</c>, an operation id on every operation, numbers as
/// numbers, tag descriptions and examples. The same conventions give every problem answer its <c>code</c> at run time.
/// <c>tools/openapi-lint</c> (Redocly) lints the document in CI; a test generates a C# client from it.
/// </summary>
public static partial class ApiDocument
{
    /// <summary>The problem-details schema every error answer refers to.</summary>
    public const string ProblemSchema = "Problem";

    /// <summary>The schema of a declaration lodged as Landsea JSON.</summary>
    public const string SubmissionSchema = "DeclarationSubmission";

    /// <summary>The security schemes' names in the document.</summary>
    public const string BasicScheme = "basic";

    public const string CookieScheme = "cookie";

    public const string OidcScheme = "oidc";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Node", "The node itself: liveness and who is signed in."),
        ("Declarations", "Lodge, amend and cancel declarations (WCO DM 3.6 XML, UN/EDIFACT CUSDEC or Landsea JSON), read them, and follow their status changes through the notification feed."),
        ("Risk", "Risk decisions, rules, inspection outcomes and the learned model (officers)."),
        ("Exchange", "Partner nodes, agreements, the message log and dead letters of the signed exchange between customs nodes."),
        ("Transit", "NCTS phase 5 transit movements at the office of departure, and their guarantees."),
    ];

    /// <summary>Operation ids of the operations trader software uses most, in the words of the job.</summary>
    private static readonly Dictionary<string, string> Named = new(StringComparer.Ordinal)
    {
        ["POST /api/declarations"] = "lodgeDeclaration",
        ["GET /api/declarations"] = "listDeclarations",
        ["GET /api/declarations/{mrn}"] = "getDeclaration",
        ["POST /api/declarations/{mrn}/events"] = "recordDeclarationEvent",
        ["GET /api/notifications"] = "readNotifications",
        ["POST /api/notifications/ack"] = "acknowledgeNotifications",
        ["GET /api/notifications/callback"] = "getNotificationCallback",
        ["PUT /api/notifications/callback"] = "registerNotificationCallback",
        ["DELETE /api/notifications/callback"] = "removeNotificationCallback",
        ["POST /api/notifications/callback/resume"] = "resumeNotificationCallback",
        ["GET /api/submissions/{id}"] = "getSubmission",
        ["GET /api/me"] = "whoAmI",
    };

    /// <summary>Registers the document with its conventions, and gives every problem answer its <c>code</c>.</summary>
    public static void AddApiDocument(this WebApplicationBuilder builder, string? oidcAuthority)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (!ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                int status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
                ctx.ProblemDetails.Extensions["code"] = ctx.ProblemDetails.Detail is { } detail && CodeInText().Match(detail) is { Success: true } m
                    ? m.Value
                    : ApiErrorCodes.ForStatus(status);
            }
        });
        builder.Services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document, oidcAuthority);
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                ValueTypeAsString(schema, context.JsonTypeInfo.Type);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                Conventions(operation, context);
                return Task.CompletedTask;
            });
        });
    }

    private static void Describe(OpenApiDocument document, string? oidcAuthority)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Landsea customs node API",
            Version = "v1",
            Description = "The REST API of one Landsea customs node. Sign in with HTTP Basic (trader software) or the node's sign-in "
                + "cookie (pages). Every error answer is application/problem+json with a stable `code` (docs/error-codes.md); "
                + "a rejected declaration is answered with every error, each with a pointer, a code and a reason.",
            License = new OpenApiLicense { Name = "Apache-2.0", Identifier = "Apache-2.0" },
        };
        if (document.Servers is { } servers)
        {
            foreach (OpenApiServer server in servers)
            {
                server.Url = server.Url?.TrimEnd('/');
            }
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BasicScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "An account of the node (trader, officer, auditor, administrator): user name and password.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "landsea",
            Description = "The sign-in cookie the node's pages set (development sign-in, or OpenID Connect in production).",
        };
        if (oidcAuthority is { Length: > 0 })
        {
            document.Components.SecuritySchemes[OidcScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OpenIdConnect,
                OpenIdConnectUrl = new Uri(oidcAuthority.TrimEnd('/') + "/.well-known/openid-configuration"),
                Description = "The administration's identity provider: signing in through it (authorization code with PKCE) sets the sign-in cookie; API clients send its access tokens (audience: the node's client id, or Landsea:Oidc:Audience) as Authorization: Bearer.",
            };
        }

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An error answer (RFC 9457 problem details) with the stable code of what went wrong.",
            Required = new HashSet<string> { "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference that identifies the problem type." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this case, in words." },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^LS[0-9]{3}$", Description = "The stable error code (docs/error-codes.md)." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "For 400: the parameters or fields not understood, each with its messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        Submission(document);
        Examples(document);
        DropUnreferenced(document, "ProblemDetails", "HttpValidationProblemDetails");
        document.Security = [Requirement(document, BasicScheme), Requirement(document, CookieScheme)];
    }

    /// <summary>A declaration as Landsea JSON, the shape <c>JsonDeclarationReader</c> reads (docs/declarations.md).</summary>
    private static void Submission(OpenApiDocument document)
    {
        IDictionary<string, IOpenApiSchema> schemas = document.Components!.Schemas!;
        static OpenApiSchema Text(string description, string? pattern = null) => new() { Type = JsonSchemaType.String, Description = description, Pattern = pattern };
        static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Number, Description = description };
        schemas["SubmissionAmount"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An amount with its currency.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["amount"] = Number("The amount, in the currency's units."),
                ["currency"] = Text("ISO 4217 alphabetic code.", "^[A-Z]{3}$"),
            },
        };
        schemas["SubmissionParty"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A trader named in the declaration: declarant, importer, exporter, consignee, consignor or representative.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["id"] = Text("The trader's identifier (USCC, UEN, EORI or another administration's id)."),
                ["name"] = Text("The trader's name."),
                ["country"] = Text("ISO 3166-1 alpha-2 country code.", "^[A-Z]{2}$"),
            },
        };
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["functionalReference"] = Text("The declarant's own reference (the LRN); unique per declarant."),
            ["typeCode"] = Text("Declaration type: IMA/IMZ import, EXA/EXZ export, COR amendment, INV cancellation."),
            ["functionCode"] = Text("WCO function code: 9 original (default), 13 a request about a lodged declaration (with typeCode COR or INV)."),
            ["referencedMrn"] = Text("The MRN an amendment or cancellation is about."),
            ["issuedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the declarant issued it (ISO 8601)." },
            ["officeCode"] = Text("The customs office the declaration is lodged with (for example CN800001)."),
            ["exportCountry"] = Text("ISO 3166-1 alpha-2 code of the country of export.", "^[A-Z]{2}$"),
            ["destinationCountry"] = Text("ISO 3166-1 alpha-2 code of the country of destination.", "^[A-Z]{2}$"),
            ["transportMode"] = Text("The mode of transport at the border (UN/ECE Recommendation 19 code: 1 sea, 2 rail, 3 road, 4 air, 8 inland waterway)."),
            ["invoice"] = new OpenApiSchemaReference("SubmissionAmount", document),
            ["containers"] = new OpenApiSchema { Type = JsonSchemaType.Array, Description = "ISO 6346 container numbers.", Items = Text("An ISO 6346 container number.") },
            ["items"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "The goods items, numbered from 1.",
                Items = new OpenApiSchemaReference("SubmissionItem", document),
            },
        };
        schemas["SubmissionItem"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "One goods item.",
            Required = new HashSet<string> { "sequence" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["sequence"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Description = "The item's number, from 1." },
                ["commodityCode"] = Text("HS commodity code: 6, 8 or 10 digits.", "^[0-9.]{6,13}$"),
                ["description"] = Text("The goods in words."),
                ["originCountry"] = Text("ISO 3166-1 alpha-2 code of the country of origin.", "^[A-Z]{2}$"),
                ["amount"] = new OpenApiSchemaReference("SubmissionAmount", document),
                ["grossMassKg"] = Number("Gross mass in kilograms."),
                ["netMassKg"] = Number("Net mass in kilograms."),
            },
        };
        foreach (string role in new[] { "declarant", "importer", "exporter", "consignee", "consignor", "representative" })
        {
            properties[role] = new OpenApiSchemaReference("SubmissionParty", document);
        }

        schemas[SubmissionSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "A declaration as Landsea JSON. Every error in it is answered with a JSON pointer, a code and a reason.",
            Required = new HashSet<string> { "functionalReference", "typeCode" },
            Properties = properties,
            Examples =
            [
                JsonNode.Parse("""
                    {"functionalReference":"LRN-2026-000187","typeCode":"EXA","functionCode":"9","declarant":{"id":"91350100M000100Y43","name":"Chongqing Laptop Export Co."},
                     "exporter":{"id":"91350100M000100Y43","country":"CN"},"officeCode":"CN800001","exportCountry":"CN","destinationCountry":"SG","transportMode":"2",
                     "invoice":{"amount":100,"currency":"CNY"},
                     "items":[{"sequence":1,"commodityCode":"847130","description":"Laptops","originCountry":"CN","amount":{"amount":100,"currency":"CNY"},"grossMassKg":12,"netMassKg":10}]}
                    """)!,
            ],
        };
    }

    /// <summary>The framework's problem schemas, once every error answer refers to <see cref="ProblemSchema"/> instead.</summary>
    private static void DropUnreferenced(OpenApiDocument document, params string[] names)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (IOpenApiPathItem item in document.Paths.Values)
        {
            foreach (OpenApiOperation operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                IEnumerable<OpenApiMediaType> media = (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).SelectMany(r => r.Content?.Values ?? [])
                    .Concat(operation.RequestBody?.Content?.Values ?? []);
                foreach (OpenApiMediaType m in media)
                {
                    if (m.Schema is OpenApiSchemaReference { Reference.Id: { } id })
                    {
                        used.Add(id);
                    }
                }
            }
        }

        foreach (string name in names.Where(n => !used.Contains(n)))
        {
            document.Components!.Schemas!.Remove(name);
        }
    }

    /// <summary>Enums and the value types of <c>Landsea.Shared</c> travel as text (their JSON converters write strings).</summary>
    private static void ValueTypeAsString(OpenApiSchema schema, Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum && schema.Enum is { Count: > 0 })
        {
            // Enums travel as their names (JsonStringEnumConverter); without a type, generators read them as numbers.
            // A nullable use says so where it refers to the enum (oneOf null or the enum), not in the enum itself.
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. schema.Enum.Where(v => v is not null)];
            return;
        }

        (string Description, string? Pattern)? text = t.Name switch
        {
            nameof(HsCode) when t == typeof(HsCode) => ("A commodity code of the Harmonized System: 6, 8 or 10 digits (dots allowed between groups).", "^[0-9.]{6,13}$"),
            nameof(CountryCode) when t == typeof(CountryCode) => ("A country: ISO 3166-1 alpha-2 code (national or reserved codes are accepted with a warning).", "^[A-Z]{2}$"),
            nameof(CurrencyCode) when t == typeof(CurrencyCode) => ("A currency: ISO 4217 alphabetic code.", "^[A-Z]{3}$"),
            nameof(TraderId) when t == typeof(TraderId) => ("A trader's identifier: a Chinese USCC (18 characters), a Singapore UEN, an EORI, or another administration's id.", null),
            nameof(Mrn) when t == typeof(Mrn) => ("A movement reference number (NCTS format, 18 characters with check digit).", "^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$"),
            _ => null,
        };
        if (text is { } d && schema.Type is null && schema.Properties is not { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String;
            schema.Description ??= d.Description;
            schema.Pattern = d.Pattern;
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static void Conventions(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription api = context.Description;
        string path = "/" + (api.RelativePath ?? "").Trim('/');
        string method = (api.HttpMethod ?? "GET").ToUpperInvariant();
        operation.OperationId ??= Named.TryGetValue($"{method} {path}", out string? named) ? named : OperationId(method, path);
        bool anonymous = api.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()
            || !api.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
        operation.Responses ??= new OpenApiResponses();
        OpenApiDocument? document = context.Document;
        if (document is null)
        {
            return;
        }

        if (operation.OperationId == "lodgeDeclaration" && operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "The declaration as Landsea JSON (schema DeclarationSubmission), WCO DM 3.6 DEC XML, or UN/EDIFACT CUSDEC. "
                + "The format is recognised from the content; an amendment (COR) or cancellation (INV) names the MRN it is about.";
            body.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(SubmissionSchema, document) },
                ["application/xml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A WCO DM 3.6 DEC declaration (MetaData/Declaration)." } },
                ["application/EDIFACT"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A UN/EDIFACT CUSDEC interchange (D96B)." } },
            };
        }

        foreach (OpenApiParameter parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            // Query values the handlers read as text to name a bad one in their 400 answer; the document says what they are.
            if (parameter.In == ParameterLocation.Query && parameter.Schema is OpenApiSchema { Type: { } type } schema && type.HasFlag(JsonSchemaType.String))
            {
                switch (parameter.Name)
                {
                    case "page" or "pageSize" or "limit" or "after":
                        schema.Type = JsonSchemaType.Integer;
                        schema.Format = "int64";
                        schema.Minimum = parameter.Name == "after" ? "0" : "1";
                        break;
                    case "from" or "to":
                        schema.Format = "date";
                        break;
                    case "updatedSince":
                        schema.Format = "date-time";
                        break;
                }
            }
        }

        if (anonymous)
        {
            operation.Security = [];
        }
        else
        {
            Problem(operation, document, 401, "Not signed in: send HTTP Basic credentials or the sign-in cookie (code LS601).");
            Problem(operation, document, 403, "Signed in, but this account's role or office may not do this (code LS401).");
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            Problem(operation, document, 404, "No such resource, or none this account may see (code LS602).");
        }

        if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null || !operation.Responses.Keys.Any(k => k.StartsWith('4')))
        {
            Problem(operation, document, 400, "A parameter or the body was not understood; the answer names it (code LS600 or the capability's own).");
        }

        foreach ((string status, IOpenApiResponse response) in operation.Responses)
        {
            if (response is OpenApiResponse r && (string.IsNullOrEmpty(r.Description) || r.Description == ReasonPhrase(status)))
            {
                r.Description = Described(status, r.Description);
            }
        }
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, int status, string description)
    {
        string key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out IOpenApiResponse? existing) && existing is OpenApiResponse r && r.Content is { Count: > 0 } && !r.Content.ContainsKey("application/problem+json"))
        {
            return; // the operation answers this status with its own body (for example a rejected declaration's answer)
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
    }

    /// <summary>A stable, readable operation id from the method and the route: <c>GET /api/declarations/{mrn}</c> → <c>getDeclaration</c>-like names.</summary>
    internal static string OperationId(string method, string path)
    {
        var words = new List<string> { method.ToLowerInvariant() };
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "api")
            {
                continue;
            }

            string s = segment.StartsWith('{') ? "By-" + segment.Trim('{', '}').Split(':')[0] : segment;
            foreach (string part in s.Split('-', '_', '.'))
            {
                if (part.Length > 0)
                {
                    words.Add(char.ToUpperInvariant(part[0]) + part[1..]);
                }
            }
        }

        return string.Concat(words);
    }

    private static string ReasonPhrase(string status) => status switch
    {
        "200" => "OK",
        "201" => "Created",
        "304" => "Not Modified",
        "400" => "Bad Request",
        "404" => "Not Found",
        "409" => "Conflict",
        "413" => "Payload Too Large",
        "422" => "Unprocessable Entity",
        _ => "",
    };

    private static string Described(string status, string? current) => status switch
    {
        "200" => "Done; the answer's body says what was done or found.",
        "201" => "Created; the Location header names the new resource.",
        "304" => "Not modified since the ETag sent in If-None-Match.",
        "409" => "Conflicts with what the node already holds; the body says with what.",
        "422" => "Checked and refused; the body lists every error with its pointer, code and reason.",
        _ => current ?? "",
    };

    /// <summary>Examples on the schemas trader software uses most: the lodging answer and the notification feed.</summary>
    private static void Examples(OpenApiDocument document)
    {
        if (document.Components!.Schemas!.TryGetValue("LodgeAnswer", out IOpenApiSchema? answer) && answer is OpenApiSchema a)
        {
            a.Examples = [JsonNode.Parse("""
                {"outcome":"accepted","submissionId":1042,"functionalReference":"LRN-2026-000187","mrn":"26CNCQI000000123R2","status":"Accepted","errors":[],"warnings":[],"duplicate":false}
                """)!];
        }

        if (document.Components.Schemas.TryGetValue("FeedPage", out IOpenApiSchema? feed) && feed is OpenApiSchema f)
        {
            f.Examples = [JsonNode.Parse("""
                {"items":[{"cursor":311,"mrn":"26CNCQI000000123R2","functionalReference":"LRN-2026-000187","event":"Released","status":"Released","at":"2026-12-02T06:34:10+00:00","officeCode":"CNCQI","kind":"declaration","movement":null},{"cursor":312,"mrn":"26CN00000200000129","functionalReference":"LRN-T-2026-0042","event":null,"status":null,"at":"2026-12-02T06:35:02+00:00","officeCode":"CN800002","kind":"movement","movement":{"messageType":"CC029C","meaning":"release for transit","state":"Released","messageId":5120,"inReplyTo":null}}],"cursor":312,"more":false,"acknowledged":305}
                """)!];
        }

        if (document.Components.Schemas.TryGetValue("DeclarationError", out IOpenApiSchema? error) && error is OpenApiSchema e)
        {
            e.Examples = [JsonNode.Parse("""{"pointer":"/GoodsShipment/GovernmentAgencyGoodsItem/1/Commodity/Classification/ID","code":"LS102","reason":"A commodity code does not have 6, 8 or 10 digits."}""")!];
        }
    }

    [GeneratedRegex(@"\bLS[0-9]{3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CodeInText();
}
