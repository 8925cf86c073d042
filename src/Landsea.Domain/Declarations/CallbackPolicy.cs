using Landsea.Shared;

namespace Landsea.Declarations;

/// <summary>
/// The push of the notification feed to a callback URL (issue 15 item 8): which URLs an account may register, when a
/// failed delivery is tried again, and when the callback is parked. Pure: the clock's reading is passed in.
/// </summary>
public static class CallbackPolicy
{
    /// <summary>The URL is not absolute, not HTTPS (HTTP only on a development node or to the loopback address), or carries a user name, password or fragment.</summary>
    public const string UrlInvalid = "LS610";

    /// <summary>The account has no callback registered.</summary>
    public const string NotRegistered = "LS611";

    /// <summary>Consecutive failed deliveries after which the callback is parked (about 66 minutes after the first): it is not tried again until resumed.</summary>
    public const int MaxFailures = 12;

    /// <summary>Longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>Wait after the first failure; each further failure doubles it, up to <see cref="MaxDelay"/>.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(5);

    /// <summary>Longest URL taken.</summary>
    public const int MaxUrlLength = 2000;

    /// <summary>Checks a callback URL an account asks to register.</summary>
    /// <param name="allowHttp">True on a development node: plain HTTP is then taken to any host.</param>
    public static Result<Uri> CheckUrl(string? text, bool allowHttp)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Result<Uri>.Fail(UrlInvalid, "url is required: the absolute HTTPS address the node posts notifications to.");
        }

        if (text.Length > MaxUrlLength)
        {
            return Result<Uri>.Fail(UrlInvalid, $"url is {text.Length} characters long; at most {MaxUrlLength} are taken.");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Result<Uri>.Fail(UrlInvalid, $"url '{text}' is not an absolute http(s) address.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp && !uri.IsLoopback)
        {
            return Result<Uri>.Fail(UrlInvalid, $"url '{text}' is plain HTTP; notifications are pushed only over HTTPS (HTTP is taken on a development node or to the loopback address).");
        }

        if (uri.UserInfo.Length > 0)
        {
            return Result<Uri>.Fail(UrlInvalid, "url carries a user name or password; the node signs its body instead (Landsea-Signature).");
        }

        if (uri.Fragment.Length > 0)
        {
            return Result<Uri>.Fail(UrlInvalid, $"url '{text}' carries a fragment (#...), which is never sent to a server.");
        }

        return uri;
    }

    /// <summary>What follows a failed delivery: the next attempt's time, or parking.</summary>
    /// <param name="failures">Consecutive failures, counting this one (1 or more).</param>
    public static CallbackRetry AfterFailure(int failures, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        if (failures >= MaxFailures)
        {
            return new CallbackRetry(null, true);
        }

        double seconds = Math.Min(FirstDelay.TotalSeconds * Math.Pow(2, failures - 1), MaxDelay.TotalSeconds);
        return new CallbackRetry(now + TimeSpan.FromSeconds(seconds), false);
    }

    /// <summary>Whether an HTTP status from the subscriber counts as delivered (any 2xx).</summary>
    public static bool Delivered(int status) => status is >= 200 and <= 299;
}

/// <summary>After a failed delivery: when to try again (null when parked), and whether the callback is now parked.</summary>
public sealed record CallbackRetry(DateTimeOffset? NextAttempt, bool Park);
