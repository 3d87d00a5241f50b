using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Internal;

/// <summary>
/// The router's log lines. Recipients are always masked; bodies appear only at Trace; no secret is ever a parameter.
/// Event ids are stable: 1000–1099 send path.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "{Platform} message {MessageId} to {Recipient} accepted by {Provider}")]
    public static partial void Accepted(ILogger logger, MessagingPlatform platform, string messageId, string recipient, string provider);

    [LoggerMessage(1001, LogLevel.Information, "{Platform} message to {Recipient} rejected: {ErrorCode} {Reason}")]
    public static partial void Rejected(ILogger logger, MessagingPlatform platform, string recipient, MessagingErrorCode errorCode, string reason);

    [LoggerMessage(1002, LogLevel.Warning, "{Platform} message to {Recipient} failed at {Provider}: {ErrorCode} ({ProviderCode}) {Reason}")]
    public static partial void Failed(ILogger logger, MessagingPlatform platform, string recipient, string provider, MessagingErrorCode errorCode, string? providerCode, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "{Platform} message to {Recipient} has an unknown outcome at {Provider} (it may have been sent): {ErrorCode} ({ProviderCode}) {Reason}")]
    public static partial void Unknown(ILogger logger, MessagingPlatform platform, string recipient, string provider, MessagingErrorCode errorCode, string? providerCode, string reason);

    [LoggerMessage(1004, LogLevel.Trace, "{Platform} message to {Recipient} body: {Body}")]
    public static partial void Body(ILogger logger, MessagingPlatform platform, string recipient, string? body);

    [LoggerMessage(1005, LogLevel.Warning, "Recording the opt-out reported by {Provider} for {Recipient} failed")]
    public static partial void OptOutRecordFailed(ILogger logger, Exception exception, string provider, string recipient);

    [LoggerMessage(1006, LogLevel.Error, "Provider {Provider} threw an unclassified {ExceptionType}; the outcome of the {Platform} message to {Recipient} is unknown")]
    public static partial void ProviderThrew(ILogger logger, Exception exception, string provider, string exceptionType, MessagingPlatform platform, string recipient);

    [LoggerMessage(1100, LogLevel.Information, "{Platform} message {ProviderMessageId} received from {Sender}")]
    public static partial void InboundReceived(ILogger logger, MessagingPlatform platform, string sender, string? providerMessageId);

    [LoggerMessage(1101, LogLevel.Trace, "{Platform} message from {Sender} body: {Body}")]
    public static partial void InboundBody(ILogger logger, MessagingPlatform platform, string sender, string body);

    [LoggerMessage(1102, LogLevel.Information, "{Sender} opted out of {Platform} (all platforms: {AllPlatforms})")]
    public static partial void OptedOut(ILogger logger, MessagingPlatform platform, string sender, bool allPlatforms);

    [LoggerMessage(1103, LogLevel.Information, "{Sender} opted back in to {Platform}")]
    public static partial void OptedIn(ILogger logger, MessagingPlatform platform, string sender);

    [LoggerMessage(1104, LogLevel.Warning, "The {Platform} keyword reply to {Sender} failed: {ErrorCode} {Reason}")]
    public static partial void KeywordReplyFailed(ILogger logger, MessagingPlatform platform, string sender, MessagingErrorCode errorCode, string reason);

    [LoggerMessage(1105, LogLevel.Debug, "{Platform} message {MessageId} is {Status} (error {ErrorCode}); recorded: {Changed}")]
    public static partial void DeliveryUpdate(ILogger logger, MessagingPlatform platform, string messageId, Nutritionist.Messaging.Delivery.DeliveryStatus status, string? errorCode, bool changed);

    [LoggerMessage(1200, LogLevel.Information, "Retrying the {Platform} send at {Provider} (attempt {Attempt}) after {ErrorCode} ({ProviderCode}); waiting {Delay}")]
    public static partial void Retrying(ILogger logger, MessagingPlatform platform, string provider, int attempt, MessagingErrorCode errorCode, string? providerCode, TimeSpan delay);

    [LoggerMessage(1201, LogLevel.Warning, "The {Platform} provider {Provider} failed repeatedly; its circuit is open for {BreakDuration}")]
    public static partial void CircuitOpened(ILogger logger, MessagingPlatform platform, string provider, TimeSpan breakDuration);

    [LoggerMessage(1202, LogLevel.Information, "The {Platform} provider {Provider} answers again; its circuit is closed")]
    public static partial void CircuitClosed(ILogger logger, MessagingPlatform platform, string provider);

    [LoggerMessage(1203, LogLevel.Information, "{Platform} message to {Recipient} falls back to {FallbackPlatform} after {ErrorCode}")]
    public static partial void FallingBack(ILogger logger, MessagingPlatform platform, string recipient, MessagingPlatform fallbackPlatform, MessagingErrorCode errorCode);

    [LoggerMessage(1204, LogLevel.Warning, "{Platform} provider {Provider} did not send the message to {Recipient} ({ErrorCode}); trying {NextProvider}")]
    public static partial void FailingOver(ILogger logger, MessagingPlatform platform, string provider, string recipient, MessagingErrorCode errorCode, string nextProvider);

    [LoggerMessage(1007, LogLevel.Error, "The opt-out or window store failed; the {Platform} message to {Recipient} was not sent")]
    public static partial void StoreFailed(ILogger logger, Exception exception, MessagingPlatform platform, string recipient);

    [LoggerMessage(1009, LogLevel.Error, "The opt-out store {Store} failed during a bulk lookup; {Count} messages of the chunk were not sent")]
    public static partial void BulkOptOutLookupFailed(ILogger logger, Exception exception, string store, int count);

    [LoggerMessage(1008, LogLevel.Warning, "The delivery tracker could not record accepted {Platform} message {MessageId}")]
    public static partial void TrackerFailed(ILogger logger, Exception exception, MessagingPlatform platform, string? messageId);

    [LoggerMessage(1010, LogLevel.Warning, "The delivery tracker could not record the {Count} accepted messages of a bulk chunk (some may be recorded)")]
    public static partial void TrackerBatchFailed(ILogger logger, Exception exception, int count);

    // 1090–1099: send claims (ClientReference idempotency). No reference is logged: it may be a caller's business id.
    [LoggerMessage(1090, LogLevel.Error, "The send-claim store {Store} failed; the {Platform} message was not sent")]
    public static partial void ClaimStoreFailed(ILogger logger, Exception exception, string store, MessagingPlatform platform);

    [LoggerMessage(1091, LogLevel.Information, "A {Platform} message with an already completed ClientReference was not sent again; the first result ({Status}) is returned")]
    public static partial void ClaimReplayed(ILogger logger, MessagingPlatform platform, SendStatus status);

    [LoggerMessage(1092, LogLevel.Warning, "A {Platform} message with a ClientReference in flight elsewhere was not sent")]
    public static partial void ClaimInProgress(ILogger logger, MessagingPlatform platform);

    [LoggerMessage(1093, LogLevel.Warning, "The send-claim store {Store} could not record the outcome ({Status}) of a {Platform} message; its reference stays claimed until the claim ends")]
    public static partial void ClaimCompleteFailed(ILogger logger, Exception exception, string store, MessagingPlatform platform, SendStatus status);
}
