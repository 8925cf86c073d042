using Landsea.Data.Declarations;
using Landsea.Data.Risk;
using Landsea.Risk;
using Landsea.Web.Features.Declarations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Landsea.Web.Features.Risk;

/// <summary>Risk scoring and channel selection inside the node host (issue 4): services, endpoints, pages.</summary>
public static class RiskFeature
{
    /// <summary>Configuration section of <see cref="RiskSettings"/>.</summary>
    public const string Section = "Landsea:Risk";

    public static void AddRiskFeature(this WebApplicationBuilder builder, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.Services.AddOptions<RiskSettings>().BindConfiguration(Section)
            .Validate(s => s.Problems().Count == 0, $"{Section} is invalid: shares and scores must be in [0, 1], YellowScore at most RedScore.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<RiskSettings>>().Value);
        builder.Services.AddSingleton<RiskStore>();
        builder.Services.TryAddSingleton(new RiskRandom());
        builder.Services.TryAddSingleton<IRiskModelEngine, Landsea.Risk.Node.NodeModelEngine>();
        builder.Services.TryAddSingleton(sp => new ModelCache(sp.GetRequiredService<IRiskModelEngine>()));
        builder.Services.AddSingleton<IDeclarationObserver, RiskObserver>();
        builder.Services.AddSingleton<IInspectionOutcomeSink, RiskOutcomeSink>();
        builder.Services.AddSingleton<InspectionRecording>();
        builder.Services.AddSingleton<IDeclarationSection, RiskSection>();
    }

    public static void MapRiskFeature(this WebApplication app, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        app.MapRiskApi();
        app.MapRiskPages();
    }
}
