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
}
