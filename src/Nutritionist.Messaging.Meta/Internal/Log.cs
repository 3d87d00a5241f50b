using Microsoft.Extensions.Logging;

namespace Nutritionist.Messaging.Meta.Internal;

/// <summary>
/// The Meta package's log lines; event ids 3100–3199. Numbers are masked, bodies appear only at Trace, and no token,
/// app secret or signature is ever a parameter.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Debug, "Sending WhatsApp {Kind} message to {Recipient} through Meta phone number id {PhoneNumberId}")]
    public static partial void Sending(ILogger logger, string kind, string recipient, string phoneNumberId);

    [LoggerMessage(3101, LogLevel.Trace, "WhatsApp message to {Recipient} body: {Body}")]
    public static partial void Body(ILogger logger, string recipient, string? body);

    [LoggerMessage(3102, LogLevel.Debug, "Meta accepted WhatsApp message {MessageId} to {Recipient} with status {ProviderStatus}")]
    public static partial void Accepted(ILogger logger, string messageId, string recipient, string? providerStatus);

    [LoggerMessage(3103, LogLevel.Debug, "Meta refused WhatsApp message to {Recipient}: {ErrorCode} ({ProviderCode}, HTTP {StatusCode}, fbtrace_id {FbTraceId})")]
    public static partial void Refused(ILogger logger, string recipient, MessagingErrorCode errorCode, string? providerCode, int? statusCode, string? fbTraceId);

    [LoggerMessage(3104, LogLevel.Debug, "WhatsApp message to {Recipient} not sent, it is invalid for Meta's Cloud API: {Reason}")]
    public static partial void Invalid(ILogger logger, string recipient, string reason);

    [LoggerMessage(3130, LogLevel.Warning, "Meta webhook refused: {Outcome}")]
    public static partial void WebhookRefused(ILogger logger, string outcome);

    [LoggerMessage(3131, LogLevel.Debug, "Meta webhook accepted: {Messages} messages, {Statuses} statuses")]
    public static partial void WebhookAccepted(ILogger logger, int messages, int statuses);

    [LoggerMessage(3132, LogLevel.Debug, "Meta webhook verification answered for mode {Mode}: {Outcome}")]
    public static partial void Verification(ILogger logger, string? mode, string outcome);

    [LoggerMessage(3140, LogLevel.Debug, "Meta WhatsApp message {MessageId} from {Sender} processed by the inbound pipeline: keyword {Keyword}, reply {ReplyStatus}")]
    public static partial void InboundHandled(ILogger logger, string messageId, string sender, Nutritionist.Messaging.Inbound.KeywordKind keyword, SendStatus? replyStatus);

    [LoggerMessage(3141, LogLevel.Debug, "Meta status {ProviderStatus} of {MessageId} as {Status}, tracked status changed: {Changed}")]
    public static partial void StatusHandled(ILogger logger, string messageId, string providerStatus, Nutritionist.Messaging.Delivery.DeliveryStatus status, bool changed);

    [LoggerMessage(3142, LogLevel.Warning, "Meta status {ProviderStatus} of message {MessageId} is not recognised; it is recorded as Unknown")]
    public static partial void UnrecognizedStatus(ILogger logger, string providerStatus, string messageId);

    [LoggerMessage(3143, LogLevel.Error, "Processing the Meta webhook item {MessageId} failed; the webhook answers an error so that Meta retries it")]
    public static partial void WebhookHandlingFailed(ILogger logger, Exception exception, string messageId);
}
