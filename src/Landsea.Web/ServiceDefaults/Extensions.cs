using System.Text.Json.Serialization;
using Landsea.Data;
using Landsea.Data.Declarations;
using Landsea.Offices;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// What every Landsea host gets, in one place (eShop's ServiceDefaults idea): logging, OpenTelemetry traces and metrics,
/// health checks, problem details, JSON and OpenAPI.
/// </summary>
public static class Extensions
{
    /// <summary>The environment variable (or configuration key) that turns the OTLP exporter on; unset, nothing is exported or connected.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The configuration key of the console log format: <c>text</c> (default, one line per entry) or <c>json</c>; environment <c>Landsea__LogFormat</c>, or <c>landsea serve --log-format</c>.</summary>
    public const string LogFormatKey = "Landsea:LogFormat";

    /// <summary>The tag of the health checks behind <c>/health/live</c>.</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the health checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public static void AddServiceDefaults(this WebApplicationBuilder builder, string? oidcAuthority = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        switch (builder.Configuration[LogFormatKey]?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
                break;
            case "json":
                // One JSON object per line (timestamp UTC, level, category, event id, message and its named values): the
                // node logs identifiers (MRN, envelope id, username), never payloads, in either format.
                builder.Logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                });
                break;
            default:
                throw new ArgumentException($"{LogFormatKey} '{builder.Configuration[LogFormatKey]}' is not text or json [LS846].");
        }

        // Logs go to standard error, so that commands hosting a node keep standard output for their results (--json).
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.AddApiDocument(oidcAuthority);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Numbers are numbers: a number sent as a string is refused, and the API document types them as numbers only.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.AddOpenTelemetry();
        builder.AddHealth();
    }

    /// <summary>
    /// Traces (ASP.NET Core, HttpClient) and metrics (those two and the node's own meter, <see cref="NodeMetrics"/>), sent
    /// through OTLP when <see cref="OtlpEndpointVariable"/> is set. Without it the OpenTelemetry SDK is not started: the
    /// node's meter still records (any <see cref="System.Diagnostics.Metrics.MeterListener"/>, <c>dotnet-counters</c> sees
    /// it), but no activity is created and sampled per request for nobody to read.
    /// </summary>
    private static void AddOpenTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QueueDepths>();
        builder.Services.AddSingleton<NodeMetrics>();
        builder.Services.AddSingleton<IDeclarationObserver, LodgementMetrics>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("landsea-node"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(NodeMetrics.MeterName))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
    }

    /// <summary>Live: the process answers. Ready: the database accepts connections and every background loop runs.</summary>
    private static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BackgroundLoops>();
        builder.Services.AddSingleton<StorageFaults>();
        builder.Services.AddExceptionHandler<StorageFaultHandler>();
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<LoopsHealthCheck>("background loops", tags: [ReadyTag]);
    }

    /// <summary>Exceptions and bare status codes become problem details; a browser asking for a page that does not exist gets the 404 page in its language.</summary>
    public static void UseServiceDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            HttpContext http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && HttpMethods.IsGet(http.Request.Method)
                && !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            {
                await Landsea.Web.Infrastructure.Html.NotFound(
                    Landsea.Web.Infrastructure.Html.T("layout.noSuchPage", http.Request.Path.ToString()), http.User).ExecuteAsync(http);
                return;
            }

            if (http.RequestServices.GetService<IProblemDetailsService>() is { } problems
                && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http }))
            {
                return;
            }

            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Status Code: {http.Response.StatusCode}"), http.RequestAborted);
        });
    }

    /// <summary><c>/health</c> (as before: the node and its database), <c>/health/live</c>, <c>/health/ready</c>, the OpenAPI document and its reference page.</summary>
    public static void MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapGet("/health", (NodeDatabase d, CustomsNode node) => Results.Ok(new { status = "ok", node = node.Code, name = node.Name, database = d.Provider.ToString() }))
            .AllowAnonymous().WithTags("Node").WithSummary("Liveness: the node answers and knows its database");
        app.MapOpenApi();
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("Landsea node API"));
    }
}
