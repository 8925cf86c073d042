using System.Security.Claims;
using System.Text.Json;
using Landsea.Data.Access;
using Landsea.Data.Declarations;
using Landsea.Declarations;
using Landsea.Exchange.Signing;
using Landsea.Web.Features.Access;
using Landsea.Web.Features.Exchange;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Landsea.Web.Features.Declarations;

/// <summary>A callback an account asks the node to push its feed to.</summary>
public sealed record CallbackRequest(string? Url);

/// <summary>An account's callback as the API shows it.</summary>
public sealed record CallbackView(string Url, DateTimeOffset RegisteredAt, long DeliveredCursor, long DeliveredCount, DateTimeOffset? LastDeliveredAt,
    int Failures, DateTimeOffset? NextAttemptAt, string? LastError, bool Parked, DateTimeOffset? ParkedAt, string? ParkedReason)
{
    public static CallbackView Of(CallbackState s) => new(s.Url, s.RegisteredAt, s.DeliveredCursor, s.DeliveredCount, s.LastDeliveredAt, s.Failures,
        s.NextAttemptAt, s.LastError, s.Parked, s.ParkedAt, s.ParkedReason);
}

/// <summary>
/// Push of the notification feed (issue 15 item 8), beside the pull feed of <see cref="Feed"/>: an account registers a
/// callback URL with <c>PUT /api/notifications/callback</c>; the node posts each new page of the account's feed to it,
/// signed with the node's key, in order, and moves on only when the subscriber answers 2xx. A failing subscriber is tried
/// again with growing delays (<see cref="CallbackPolicy"/>) and parked with a reason after repeated failure, until
/// <c>POST /api/notifications/callback/resume</c> or a new registration.
/// </summary>
public static class Callbacks
{
    internal static void Map(WebApplication app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/notifications/callback").RequireAuthorization().WithTags("Notifications");
        api.MapGet("/", GetAsync).WithSummary("Your registered callback and the state of its push");
        api.MapPut("/", RegisterAsync).WithSummary("Register (or move) the URL the node pushes your feed to")
            .WithDescription("The node POSTs each new page of your feed as JSON (the shape of GET /api/notifications) with a Landsea-Signature header: a detached JWS (RFC 7515 appendix F, ES256) over the body by the node's key, whose certificate GET /exchange/identity serves. Answer 2xx to move on; anything else is retried after 5 s, 10 s, 20 s ... up to 15 min, and the callback is parked after 12 failures in a row (about an hour). HTTPS only (HTTP to the loopback address or on a development node).");
        api.MapDelete("/", RemoveAsync).WithSummary("Stop pushing your feed (the pull feed is unchanged)");
        api.MapPost("/resume", ResumeAsync).WithSummary("Resume a parked callback now");
    }

    public static async Task<Results<Ok<CallbackView>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, NotificationCallbacks callbacks, CancellationToken ct) =>
        await callbacks.FindAsync(NodeAuthentication.ScopeOf(user).User, ct) is { } state ? TypedResults.Ok(CallbackView.Of(state)) : NotRegistered();

    public static async Task<Results<Ok<CallbackView>, ValidationProblem>> RegisterAsync(ClaimsPrincipal user, CallbackRequest request, NotificationCallbacks callbacks,
        NodeOptions options, CancellationToken ct)
    {
        var url = CallbackPolicy.CheckUrl(request.Url, options.Development);
        if (!url.IsValid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [url.Failure!.Reason] },
                detail: $"{url.Failure.Code}: {url.Failure.Reason}", title: "The callback URL is refused",
                extensions: new Dictionary<string, object?> { ["code"] = url.Failure.Code });
        }

        string account = NodeAuthentication.ScopeOf(user).User;
        return TypedResults.Ok(CallbackView.Of(await callbacks.RegisterAsync(account, url.Value, account, ct)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(ClaimsPrincipal user, NotificationCallbacks callbacks, CancellationToken ct) =>
        await callbacks.RemoveAsync(NodeAuthentication.ScopeOf(user).User, ct) ? TypedResults.NoContent() : NotRegistered();

    public static async Task<Results<Ok<CallbackView>, ProblemHttpResult>> ResumeAsync(ClaimsPrincipal user, NotificationCallbacks callbacks, CancellationToken ct)
    {
        string account = NodeAuthentication.ScopeOf(user).User;
        return await callbacks.ResumeAsync(account, ct) && await callbacks.FindAsync(account, ct) is { } state ? TypedResults.Ok(CallbackView.Of(state)) : NotRegistered();
    }

    private static ProblemHttpResult NotRegistered() => TypedResults.Problem(
        detail: $"{CallbackPolicy.NotRegistered}: you have no callback registered; PUT /api/notifications/callback {{\"url\": \"https://...\"}} registers one.",
        statusCode: StatusCodes.Status404NotFound, title: "No callback registered",
        extensions: new Dictionary<string, object?> { ["code"] = CallbackPolicy.NotRegistered });
}

/// <summary>The body the node posts to a callback: a page of the account's feed.</summary>
/// <param name="After">The cursor the page starts after (the subscriber's last delivered cursor): a repeated post carries the same.</param>
public sealed record CallbackBody(string Node, string Account, long After, long Cursor, IReadOnlyList<FeedEntry> Items);

/// <summary>
/// One round of pushes: every due callback gets the next page of its account's feed. Each is posted once per round, in
/// cursor order; the cursor moves only on a 2xx answer, so a subscriber that was down receives its entries later, in order,
/// and each page again only until it has answered 2xx once.
/// </summary>
public sealed partial class CallbackPusher(NotificationCallbacks callbacks, NotificationFeed feed, UserStore users, NodeExchange node,
    IHttpClientFactory clients, ILogger<CallbackPusher> logger) : IDisposable
{
    /// <summary>The named HttpClient the pusher posts with (10 s timeout, no redirects followed).</summary>
    public const string ClientName = "landsea-notification-callbacks";

    /// <summary>The JWS <c>typ</c> of the signature header.</summary>
    public const string SignatureType = "landsea-notification+jws";

    /// <summary>Entries in one post.</summary>
    public const int PageSize = 100;

    /// <returns>How many posts the subscribers answered 2xx.</returns>
    /// <remarks>One round at a time in this process, so a page is never posted twice at once; run one pusher per database.</remarks>
    public async Task<int> RunOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await _round.WaitAsync(ct);
        try
        {
            int delivered = 0;
            foreach (CallbackState state in await callbacks.DueAsync(now, ct: ct))
            {
                if (await PushAsync(state, ct))
                {
                    delivered++;
                }
            }

            return delivered;
        }
        finally
        {
            _round.Release();
        }
    }

    private readonly SemaphoreSlim _round = new(1, 1);

    public void Dispose() => _round.Dispose();

    private async Task<bool> PushAsync(CallbackState state, CancellationToken ct)
    {
        UserAccount? account = await users.SignInAccountAsync(state.Account, ct);
        if (account is null)
        {
            // Disabled, revoked or removed: nothing of the feed may leave for it.
            await callbacks.FailedAsync(state.Account, "the account is disabled, has no role, or no longer exists", ct);
            return false;
        }

        FeedPage page = await feed.ReadAsync(account.Scope, state.DeliveredCursor, PageSize, ct);
        if (page.Items.Count == 0)
        {
            return false;
        }

        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new CallbackBody(node.Gateway.Identity.Code, state.Account, state.DeliveredCursor, page.Cursor, page.Items), JsonOptions);
        string? error;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, state.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("Landsea-Signature", node.Gateway.Identity.SignDetached(SignatureType, body));
            request.Headers.Add("Landsea-Delivery", $"{state.Account}/{state.DeliveredCursor}-{page.Cursor}");
            using HttpResponseMessage response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (CallbackPolicy.Delivered((int)response.StatusCode))
            {
                await callbacks.DeliveredAsync(state.Account, page.Cursor, page.Items.Count, ct);
                LogDelivered(logger, state.Account, page.Items.Count, page.Cursor);
                return true;
            }

            error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            error = e is TaskCanceledException ? "no answer within the timeout" : $"{e.GetType().Name}: {e.Message}";
        }

        CallbackState? after = await callbacks.FailedAsync(state.Account, error, ct);
        if (after?.Parked == true)
        {
            LogParked(logger, state.Account, after.Failures, error);
        }
        else
        {
            LogFailed(logger, state.Account, after?.Failures ?? 0, error, after?.NextAttemptAt);
        }

        return false;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification callback of {Account}: {Count} entries delivered up to cursor {Cursor}")]
    private static partial void LogDelivered(ILogger logger, string account, int count, long cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification callback of {Account} failed ({Failures} in a row): {Error}; next attempt {Next}")]
    private static partial void LogFailed(ILogger logger, string account, int failures, string error, DateTimeOffset? next);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification callback of {Account} parked after {Failures} failures: {Error}")]
    private static partial void LogParked(ILogger logger, string account, int failures, string error);
}

/// <summary>
/// Runs <see cref="CallbackPusher"/> every <c>Notifications:PushEvery</c> of the node's clock (default two seconds; zero
/// turns the push off, for a node whose pushes another process runs, or a test that runs the rounds itself).
/// </summary>
internal sealed partial class CallbackPushLoop(CallbackPusher pusher, TimeProvider time, IConfiguration configuration, ILogger<CallbackPushLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan every = configuration.GetValue("Notifications:PushEvery", TimeSpan.FromSeconds(2));
        if (every <= TimeSpan.Zero)
        {
            LogOff(logger, every);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await pusher.RunOnceAsync(time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, e);
            }

            try
            {
                await Task.Delay(every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification callbacks are not pushed by this process (Notifications:PushEvery is {Every})")]
    private static partial void LogOff(ILogger logger, TimeSpan every);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notification callback round failed; trying again in the next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception e);
}
