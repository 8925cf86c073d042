using Microsoft.Extensions.Logging;

namespace Landsea.Exchange;

/// <summary>The exchange's log events (EventIds 3000-3099). Identifiers only: never payloads or keys.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "Received envelope {EnvelopeId} from {Sender} conversation {Conversation} seq {Sequence}: {Outcome}")]
    public static partial void Received(ILogger logger, string envelopeId, string sender, string conversation, long sequence, string outcome);

    [LoggerMessage(3002, LogLevel.Warning, "Refused envelope {EnvelopeId} from {Sender}: {Outcome} ({Reason})")]
    public static partial void Refused(ILogger logger, string? envelopeId, string? sender, string outcome, string reason);

    [LoggerMessage(3003, LogLevel.Warning, "Refusing requests from {Source} that are not from a pinned partner: {Outcome} ({Reason}); further refusals from it are counted and summarised every {Interval}")]
    public static partial void RefusingRequests(ILogger logger, string source, string outcome, string reason, TimeSpan interval);

    [LoggerMessage(3004, LogLevel.Warning, "Refused requests summarised in the audit trail: {Summary}")]
    public static partial void RefusalsSummarised(ILogger logger, string summary);

    [LoggerMessage(3010, LogLevel.Information, "Delivered envelope {EnvelopeId} to {Recipient}: {Outcome}")]
    public static partial void Delivered(ILogger logger, string envelopeId, string recipient, string outcome);

    [LoggerMessage(3011, LogLevel.Warning, "Delivery of {EnvelopeId} to {Recipient} failed (attempt {Attempt}), next at {NextAttempt}: {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string envelopeId, string recipient, long attempt, DateTimeOffset nextAttempt, string reason);

    [LoggerMessage(3012, LogLevel.Error, "Envelope {EnvelopeId} to {Recipient} dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string envelopeId, string recipient, string reason);

    [LoggerMessage(3013, LogLevel.Error, "Delivery pass failed")]
    public static partial void DeliveryPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(3020, LogLevel.Information, "Handed over envelope {EnvelopeId} from {Sender} conversation {Conversation} seq {Sequence}")]
    public static partial void HandedOver(ILogger logger, string envelopeId, string sender, string conversation, long sequence);

    [LoggerMessage(3021, LogLevel.Warning, "Applying envelope {EnvelopeId} ({Type}) from {Sender} conversation {Conversation} failed, attempt {Attempt} of {MaxAttempts}: {ErrorType}; next attempt at {NextAttempt}")]
    public static partial void ApplicationFailed(ILogger logger, string envelopeId, string type, string sender, string conversation, long attempt, int maxAttempts, string errorType, DateTimeOffset nextAttempt);

    [LoggerMessage(3022, LogLevel.Error, "Envelope {EnvelopeId} ({Type}) from {Sender} conversation {Conversation} quarantined after {Attempts} attempts; its conversation goes on; notice {NoticeId} sent back")]
    public static partial void Quarantined(ILogger logger, string envelopeId, string type, string sender, string conversation, long attempts, string noticeId);
}
