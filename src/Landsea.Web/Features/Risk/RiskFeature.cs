using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Declarations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Risk;

/// <summary>
/// Risk scoring and channel selection inside the node host (issue 4): <see cref="AddRisk"/> registers the services,
/// <see cref="MapRisk"/> maps every use case of this folder (one file each: input, validation, handler, view model).
/// Officers and auditors read; officers write. Traders and partners see nothing of risk.
/// </summary>
public static partial class RiskFeature
{
    /// <summary>Configuration section of <see cref="RiskSettings"/>.</summary>
    public const string Section = "Landsea:Risk";

    /// <summary>Risk services: settings (validated at start), store, model engine and cache, the acceptance observer, outcome recording, the declaration page's section.</summary>
    public static WebApplicationBuilder AddRisk(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RiskSettings>().BindConfiguration(Section)
            .Validate(s => s.Problems().Count == 0, $"{Section} is invalid: shares and scores must be in [0, 1], RedShare + YellowShare at most 1, YellowScore at most RedScore.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<RiskSettings>>().Value);
        builder.Services.AddSingleton<RiskStore>();
        builder.Services.TryAddSingleton(new RiskRandom());
        builder.Services.TryAddSingleton<IRiskModelEngine, Landsea.Risk.Node.NodeModelEngine>();
        builder.Services.TryAddSingleton(sp => new ModelCache(sp.GetRequiredService<IRiskModelEngine>()));
        builder.Services.AddSingleton<IDeclarationObserver, RiskObserver>();
        builder.Services.AddSingleton<IInspectionOutcomeSink, RiskOutcomeSink>();
        builder.Services.AddSingleton<InspectionRecording>();
        builder.Services.AddSingleton<IControlStateSource, RiskControlState>();
        builder.Services.AddSingleton<IDeclarationSection, RiskSection>();
        return builder;
    }

    /// <summary>Every risk endpoint and page, with the routes of before the split.</summary>
    public static IEndpointRouteBuilder MapRisk(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RouteGroupBuilder declarations = app.MapGroup("/api/declarations/{mrn}").RequireAuthorization().WithTags("Risk");
        ShowDecision.Map(declarations);
        ListOutcomes.Map(declarations);
        RecordOutcome.Map(declarations, app);

        RouteGroupBuilder risk = app.MapGroup("/api/risk").RequireAuthorization().WithTags("Risk");
        ListRules.Map(risk);
        ShowRule.Map(risk);
        SaveRule.Map(risk);
        ListModels.Map(risk);
        RetrainModel.Map(risk);
        PromoteModel.Map(risk);
        RollBackModel.Map(risk);

        RulesPage.Map(app);
        return app;
    }

    internal static IResult Forbidden(AccessScope scope, string what) =>
        Results.Problem($"{scope.Role} accounts may not {what}.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    internal static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    internal static ILogger Logger(ILoggerFactory logs) => logs.CreateLogger("Landsea.Risk");

    /// <summary>The risk area's log messages (identifiers only: rule ids, MRNs, model ids, users).</summary>
    internal static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Risk rule {RuleId} v{Version} saved by {User}")]
        public static partial void RuleSaved(ILogger logger, string ruleId, int version, string user);

        [LoggerMessage(4002, LogLevel.Information, "Control outcome for {Mrn} recorded by {User}: found {Found}")]
        public static partial void OutcomeRecorded(ILogger logger, string mrn, bool found, string user);

        [LoggerMessage(4003, LogLevel.Information, "Risk model {ModelId} trained on {Cases} cases by {User}")]
        public static partial void ModelTrained(ILogger logger, string modelId, int cases, string user);

        [LoggerMessage(4004, LogLevel.Information, "Risk model {ModelId} now scores declarations (by {User})")]
        public static partial void ModelPromoted(ILogger logger, string modelId, string user);
    }
}
