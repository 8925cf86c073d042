namespace Landsea.Web.Features.Risk;

/// <summary>Risk scoring and channel selection inside the node host (issue 4): services, endpoints, pages.</summary>
public static class RiskFeature
{
    public static void AddRiskFeature(this WebApplicationBuilder builder, NodeOptions options)
    {
    }

    public static void MapRiskFeature(this WebApplication app, NodeOptions options)
    {
    }
}
