namespace Landsea.Web.Features.Origin;

/// <summary>
/// Certificates of origin in the web host: <c>/origin/certificates/{number}</c> (officers and auditors: the fields, the
/// verification result and a QR code of the verification URL) and <c>/origin/verify</c> (anyone: upload a document, or
/// follow a QR code's <c>?targetHash=</c>). The store is <c>Landsea.Data.Origin.CertificateStore</c> (static, over the node database).
/// </summary>
public static class OriginFeature
{
    public static WebApplicationBuilder AddOrigin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>The pages, one use case per file: <see cref="ShowCertificate"/>, <see cref="VerifyDocument"/>.</summary>
    public static WebApplication MapOrigin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ShowCertificate.Map(app);
        VerifyDocument.Map(app);
        return app;
    }
}
