using System.Globalization;
using Landsea.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Landsea.Web.ServiceDefaults;

/// <summary>
/// The node's last storage fault (issue 17 item 7): a request that failed because the database could not take a write (see
/// <see cref="StorageFault"/>). While one is recent, or until the database takes a write again, <c>/health/ready</c> says not ready.
/// </summary>
public sealed class StorageFaults(TimeProvider time)
{
    /// <summary>How long a client is asked to wait (Retry-After), and the least time a fault keeps the node not ready. 30 s.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private (string Reason, DateTimeOffset At)? _last;

    /// <summary>The last fault not yet cleared, with when it happened.</summary>
    public (string Reason, DateTimeOffset At)? Last => _last;

    public void Record(string reason) => _last = (reason, time.GetUtcNow());

    /// <summary>Clears the fault once <see cref="RetryAfter"/> has passed since it (a full disk is not seen by a probe, so it is given that long).</summary>
    public bool TryClear()
    {
        if (_last is { } last && time.GetUtcNow() - last.At < RetryAfter)
        {
            return false;
        }

        _last = null;
        return true;
    }
}

/// <summary>
/// Answers a request that met a storage fault with 503 Service Unavailable, a problem+json reason and <c>Retry-After</c>, instead
/// of a bare 500: nothing was changed (the request's transaction rolled back) and the same request may be sent again later.
/// </summary>
internal sealed partial class StorageFaultHandler(StorageFaults faults, IProblemDetailsService problems, ILogger<StorageFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (StorageFault.Reason(exception) is not { } reason)
        {
            return false;
        }

        faults.Record(reason);
        StorageFaultLogged(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", reason);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)StorageFaults.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = $"The node's database cannot take writes now: {reason}. Nothing was changed; send the request again later.",
                Extensions = { ["reason"] = reason, ["retryAfterSeconds"] = (int)StorageFaults.RetryAfter.TotalSeconds },
            },
        });
    }

    [LoggerMessage(3201, LogLevel.Error, "Storage fault on {Method} {Path}: {Reason}; answered 503")]
    private static partial void StorageFaultLogged(ILogger logger, string method, string path, string reason);
}
