namespace Landsea.Web.Features.Exchange;

/// <summary>Node-to-node exchange inside the node host (issue 3): services, endpoints, background delivery.</summary>
public static class ExchangeFeature
{
    public static void AddExchangeFeature(this WebApplicationBuilder builder, NodeOptions options)
    {
    }

    public static void MapExchangeFeature(this WebApplication app, NodeOptions options)
    {
    }
}
